import { keysetPage, Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InvitationEntity, InvitationStatus, RsvpCounts, RsvpWindow } from './invitation.entity';

export interface NewInvitation {
  id: string;
  email: string;
  name: string | null;
  tokenHash: Buffer;
}

interface WindowRow {
  event_id: string;
  rsvp_by: Date;
  deadline_job_id: string | null;
  summary_sent_at: Date | null;
  closed: boolean;
}

const toWindow = (r: WindowRow): RsvpWindow => ({
  eventId: r.event_id,
  rsvpBy: r.rsvp_by,
  deadlineJobId: r.deadline_job_id,
  summarySentAt: r.summary_sent_at,
  closed: r.closed,
});

/** The only reader and writer of `invitations` and `rsvp_windows`. */
@Injectable()
export class InvitationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the invitations whose address the event has not invited yet; returns those inserted. */
  async insertNew(
    manager: EntityManager,
    eventId: string,
    common: { message: string | null; plusOnesAllowed: number; invitedBy: string },
    guests: NewInvitation[],
  ): Promise<InvitationEntity[]> {
    if (guests.length === 0) return [];
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO invitations (id, event_id, email, name, token_hash, message, plus_ones_allowed, invited_by)
       SELECT g.id, $1, g.email, g.name, g.token_hash, $6, $7, $8
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bytea[]) AS g(id, email, name, token_hash)
       ON CONFLICT (event_id, email) DO NOTHING
       RETURNING id`,
      [
        eventId,
        guests.map((g) => g.id),
        guests.map((g) => g.email),
        guests.map((g) => g.name),
        guests.map((g) => g.tokenHash),
        common.message,
        common.plusOnesAllowed,
        common.invitedBy,
      ],
    );
    if (rows.length === 0) return [];
    return manager
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .where('i.id IN (:...ids)', { ids: rows.map((r) => r.id) })
      .orderBy('i.email')
      .getMany();
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<InvitationEntity | null> {
    return manager.findOneBy(InvitationEntity, { id });
  }

  async findByTokenHash(manager: EntityManager, tokenHash: Buffer): Promise<InvitationEntity | null> {
    const [row] = await manager.query<{ id: string }[]>(`SELECT id FROM invitations WHERE token_hash = $1`, [
      tokenHash,
    ]);
    return row ? this.find(row.id, manager) : null;
  }

  lock(manager: EntityManager, id: string): Promise<InvitationEntity | null> {
    return manager.findOne(InvitationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async recordAnswer(
    manager: EntityManager,
    id: string,
    answer: { status: InvitationStatus; plusOnes: number; comment: string | null; places: number },
  ): Promise<InvitationEntity> {
    await manager.query(
      `UPDATE invitations SET status = $2, plus_ones = $3, comment = $4, places = $5, answers = answers + 1,
         responded_at = clock_timestamp()
       WHERE id = $1`,
      [id, answer.status, answer.plusOnes, answer.comment, answer.places],
    );
    return manager.findOneByOrFail(InvitationEntity, { id });
  }

  /** Cancels the event's invitations; returns the places their answers held and how many said yes. */
  async cancelForEvent(manager: EntityManager, eventId: string): Promise<{ places: number; yes: number }> {
    const [row] = await manager.query<{ places: number; yes: number }[]>(
      `WITH cancelled AS (
         UPDATE invitations i SET status = 'cancelled', places = 0
         FROM (SELECT id, places, status FROM invitations WHERE event_id = $1 AND status <> 'cancelled' FOR UPDATE) old
         WHERE i.id = old.id RETURNING old.places, old.status)
       SELECT coalesce(sum(places), 0)::int AS places, count(*) FILTER (WHERE status = 'yes')::int AS yes
       FROM cancelled`,
      [eventId],
    );
    return row;
  }

  async counts(manager: EntityManager, eventId: string): Promise<RsvpCounts> {
    const [row] = await manager.query<RsvpCounts[]>(
      `SELECT count(*)::int AS invited,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'yes')::int AS yes,
              count(*) FILTER (WHERE status = 'no')::int AS no,
              count(*) FILTER (WHERE status = 'maybe')::int AS maybe,
              coalesce(sum(1 + plus_ones) FILTER (WHERE status = 'yes'), 0)::int AS attending
       FROM invitations WHERE event_id = $1 AND status <> 'cancelled'`,
      [eventId],
    );
    return row;
  }

  /** The event's window, locked, or null; `closed` by the database clock. */
  async lockWindow(manager: EntityManager, eventId: string): Promise<RsvpWindow | null> {
    const [row] = await manager.query<WindowRow[]>(
      `SELECT *, rsvp_by <= clock_timestamp() AS closed FROM rsvp_windows WHERE event_id = $1 FOR UPDATE`,
      [eventId],
    );
    return row ? toWindow(row) : null;
  }

  async findWindow(eventId: string): Promise<RsvpWindow | null> {
    const [row] = await this.dataSource.query<WindowRow[]>(
      `SELECT *, rsvp_by <= clock_timestamp() AS closed FROM rsvp_windows WHERE event_id = $1`,
      [eventId],
    );
    return row ? toWindow(row) : null;
  }

  async saveWindow(manager: EntityManager, eventId: string, rsvpBy: Date, deadlineJobId: string | null) {
    await manager.query(
      `INSERT INTO rsvp_windows (event_id, rsvp_by, deadline_job_id) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET rsvp_by = EXCLUDED.rsvp_by, deadline_job_id = EXCLUDED.deadline_job_id`,
      [eventId, rsvpBy, deadlineJobId],
    );
  }

  async markSummarySent(manager: EntityManager, eventId: string, reason: 'deadline' | 'all_answered') {
    await manager.query(
      `UPDATE rsvp_windows SET summary_sent_at = clock_timestamp(), summary_reason = $2, deadline_job_id = NULL
       WHERE event_id = $1`,
      [eventId, reason],
    );
  }

  /** Invitations addressed to `email`, newest first; or an event's, oldest first. */
  page(
    filter: { email: string } | { eventId: string },
    limit: number,
    cursor?: string,
  ): Promise<Page<InvitationEntity>> {
    const query = this.dataSource.getRepository(InvitationEntity).createQueryBuilder('i');
    if ('email' in filter) {
      query.where('i.email = :email', { email: filter.email });
      return keysetPage(query, { time: 'createdAt', direction: 'DESC', limit, cursor });
    }
    query.where('i.eventId = :eventId', { eventId: filter.eventId });
    return keysetPage(query, { time: 'createdAt', direction: 'ASC', limit, cursor });
  }
}
