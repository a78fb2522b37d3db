import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Audience } from '../attendance/attendance.repository';
import { Message, NotificationType } from '../notification/templates';

/** A planned notice to every person of an event's audience, worked through in batches. */
export interface Fanout {
  id: string;
  eventId: string;
  cause: string;
  type: NotificationType;
  audience: Audience;
  message: Message;
  data: Record<string, unknown>;
  /** Everyone up to this user id (in id order) has been done. */
  afterUserId: string | null;
  /** People who joined the audience after this are left out (null: nobody is). */
  cutoff: Date | null;
  /** Each person's email carries their bookings' calendar entries: updated (request) or cancelled. */
  calendar: FanoutCalendar | null;
}

export type FanoutCalendar = 'request' | 'cancel';

interface FanoutRow {
  id: string;
  event_id: string;
  cause: string;
  type: NotificationType;
  audience: Audience;
  title: string;
  body: string;
  data: Record<string, unknown>;
  after_user_id: string | null;
  cutoff: Date | null;
  calendar: FanoutCalendar | null;
}

/** The only reader and writer of `fanouts`. */
@Injectable()
export class FanoutRepository {
  /** Plans a fan-out once per cause. */
  async insert(manager: EntityManager, plan: Omit<Fanout, 'id' | 'afterUserId'>): Promise<void> {
    await manager.query(
      `INSERT INTO fanouts (id, event_id, cause, type, audience, title, body, data, cutoff, calendar)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (cause) DO NOTHING`,
      [
        randomUUID(),
        plan.eventId,
        plan.cause,
        plan.type,
        plan.audience,
        plan.message.title,
        plan.message.body,
        plan.data,
        plan.cutoff,
        plan.calendar,
      ],
    );
  }

  /** The oldest unfinished fan-out, locked (SKIP LOCKED: instances work on different ones). */
  async claimOldest(manager: EntityManager): Promise<Fanout | undefined> {
    const [row] = await manager.query<FanoutRow[]>(
      `SELECT * FROM fanouts WHERE done_at IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!row) return undefined;
    return {
      id: row.id,
      eventId: row.event_id,
      cause: row.cause,
      type: row.type,
      audience: row.audience,
      message: { title: row.title, body: row.body },
      data: row.data,
      afterUserId: row.after_user_id,
      cutoff: row.cutoff,
      calendar: row.calendar,
    };
  }

  /** Moves the cursor past `lastUserId` (when given) and marks the fan-out done when `finished`. */
  async advance(manager: EntityManager, id: string, lastUserId: string | undefined, finished: boolean) {
    await manager.query(
      `UPDATE fanouts SET after_user_id = coalesce($2::uuid, after_user_id),
         done_at = CASE WHEN $3 THEN clock_timestamp() END WHERE id = $1`,
      [id, lastUserId ?? null, finished],
    );
  }
}
