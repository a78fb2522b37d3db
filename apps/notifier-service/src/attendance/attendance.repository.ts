import { BookingCancelledV1, BookingConfirmedV1, CancelReason } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Who counts as an event's audience for a fan-out. */
export enum Audience {
  /** Holders of a confirmed booking. */
  Confirmed = 'confirmed',
  /**
   * Holders whose booking is confirmed or was cancelled because the event was, and people on its waiting
   * list (still waiting or offered, or whose entry was cancelled with the event).
   */
  CancelledWithEvent = 'cancelled_with_event',
}

/**
 * The only reader and writer of `attendances` and `waitlisters`: booking-service's bookings and waiting-list
 * entries as far as notices need them.
 */
@Injectable()
export class AttendanceRepository {
  async recordConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    await manager.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status)
       VALUES ($1, $2, $3, $4, $5, 'confirmed') ON CONFLICT (booking_id) DO NOTHING`,
      [fact.bookingId, fact.eventId, fact.userId, fact.quantity, fact.seats],
    );
  }

  /** Records the cancellation, whether or not the confirmation arrived first. */
  async recordCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    await manager.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status, cancel_reason)
       VALUES ($1, $2, $3, $4, $5, 'cancelled', $6)
       ON CONFLICT (booking_id) DO UPDATE SET status = 'cancelled', cancel_reason = EXCLUDED.cancel_reason`,
      [fact.bookingId, fact.eventId, fact.userId, fact.quantity, fact.seats, fact.reason],
    );
  }

  /**
   * Records a waiting-list entry's state unless a later one is known, whatever order the facts arrive in:
   * waiting, then offered, then a final state.
   */
  async recordWaitlister(
    manager: EntityManager,
    fact: { entryId: string; eventId: string; userId: string },
    status: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO waitlisters (entry_id, event_id, user_id, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (entry_id) DO UPDATE SET status = EXCLUDED.status
       WHERE waitlisters.status = 'waiting'
          OR (waitlisters.status = 'offered' AND EXCLUDED.status NOT IN ('waiting', 'offered'))`,
      [fact.entryId, fact.eventId, fact.userId, status],
    );
  }

  /** Up to `limit` distinct people of the event's audience after `afterUserId`, in user id order. */
  async audience(
    manager: EntityManager,
    eventId: string,
    audience: Audience,
    afterUserId: string | null,
    limit: number,
  ): Promise<string[]> {
    const status =
      audience === Audience.Confirmed
        ? `status = 'confirmed'`
        : `(status = 'confirmed' OR cancel_reason = '${CancelReason.EventCancelled}')`;
    const waitlisters =
      audience === Audience.CancelledWithEvent
        ? `UNION SELECT user_id FROM waitlisters
           WHERE event_id = $1 AND status IN ('waiting', 'offered', 'cancelled')`
        : '';
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM (
         SELECT user_id FROM attendances WHERE event_id = $1 AND ${status} ${waitlisters}) people
       WHERE ($2::uuid IS NULL OR user_id > $2::uuid)
       ORDER BY user_id LIMIT $3`,
      [eventId, afterUserId, limit],
    );
    return rows.map((r) => r.user_id);
  }
}
