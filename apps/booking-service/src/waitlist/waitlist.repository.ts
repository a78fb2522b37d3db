import { keysetPage, Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { WaitlistEntryEntity, WaitlistStatus } from './waitlist.entity';

/** The only reader and writer of `waitlist_entries`. */
@Injectable()
export class WaitlistRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertWaiting(
    manager: EntityManager,
    entry: Pick<WaitlistEntryEntity, 'id' | 'eventId' | 'userId' | 'quantity' | 'seq' | 'ticketTypeId'>,
  ): Promise<WaitlistEntryEntity> {
    await manager.query(
      `INSERT INTO waitlist_entries (id, event_id, user_id, quantity, seq, status, ticket_type_id)
       VALUES ($1, $2, $3, $4, $5, 'waiting', $6)`,
      [entry.id, entry.eventId, entry.userId, entry.quantity, entry.seq, entry.ticketTypeId],
    );
    return manager.findOneByOrFail(WaitlistEntryEntity, { id: entry.id });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<WaitlistEntryEntity | null> {
    return manager.findOneBy(WaitlistEntryEntity, { id });
  }

  lock(manager: EntityManager, id: string): Promise<WaitlistEntryEntity | null> {
    return manager.findOne(WaitlistEntryEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The caller's live (waiting or offered) entry for the event. */
  findLive(manager: EntityManager, eventId: string, userId: string): Promise<WaitlistEntryEntity | null> {
    return manager
      .getRepository(WaitlistEntryEntity)
      .createQueryBuilder('w')
      .where('w.eventId = :eventId AND w.userId = :userId', { eventId, userId })
      .andWhere(`w.status IN ('waiting', 'offered')`)
      .getOne();
  }

  /** The earliest waiting entry asking for at most `places`, locked; first fit in joining order. */
  firstFit(manager: EntityManager, eventId: string, places: number): Promise<WaitlistEntryEntity | null> {
    return manager
      .getRepository(WaitlistEntryEntity)
      .createQueryBuilder('w')
      .where(`w.eventId = :eventId AND w.status = 'waiting' AND w.quantity <= :places`, { eventId, places })
      .orderBy('w.seq', 'ASC')
      .limit(1)
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Marks the entry offered until `offerMinutes` from now (database clock); returns the deadline. */
  async markOffered(
    manager: EntityManager,
    id: string,
    seats: string[],
    offerMinutes: number,
  ): Promise<Date> {
    const [row] = await manager.query<{ offer_expires_at: Date }[]>(
      `WITH offered AS (
         UPDATE waitlist_entries
         SET status = 'offered', offered_seats = $2, offered_at = clock_timestamp(),
             offer_expires_at = clock_timestamp() + make_interval(mins => $3)
         WHERE id = $1 AND status = 'waiting' RETURNING offer_expires_at)
       SELECT offer_expires_at FROM offered`,
      [id, seats, offerMinutes],
    );
    if (!row) throw new Error(`waitlist entry ${id} was not waiting`);
    return row.offer_expires_at;
  }

  /** Whether the entry's offer deadline has passed, by the database clock. */
  async offerLapsed(manager: EntityManager, id: string): Promise<boolean> {
    const [row] = await manager.query<{ lapsed: boolean }[]>(
      `SELECT offer_expires_at <= clock_timestamp() AS lapsed FROM waitlist_entries WHERE id = $1`,
      [id],
    );
    return row?.lapsed === true;
  }

  /** Closes a live entry with `status`; returns it as stored. */
  async close(
    manager: EntityManager,
    id: string,
    status: WaitlistStatus,
    bookingId: string | null = null,
  ): Promise<WaitlistEntryEntity> {
    await manager.query(
      `UPDATE waitlist_entries SET status = $2, booking_id = $3, closed_at = clock_timestamp()
       WHERE id = $1 AND status IN ('waiting', 'offered')`,
      [id, status, bookingId],
    );
    return manager.findOneByOrFail(WaitlistEntryEntity, { id });
  }

  /** Cancels every live entry of the event; returns them as they were (status waiting or offered). */
  async cancelLive(manager: EntityManager, eventId: string): Promise<WaitlistEntryEntity[]> {
    const rows = await manager.query<{ id: string; status: WaitlistStatus }[]>(
      `WITH live AS (
         SELECT id, status FROM waitlist_entries WHERE event_id = $1 AND status IN ('waiting', 'offered') FOR UPDATE),
       cancelled AS (
         UPDATE waitlist_entries w SET status = 'cancelled', closed_at = clock_timestamp()
         FROM live WHERE w.id = live.id RETURNING w.id)
       SELECT live.id, live.status FROM live JOIN cancelled USING (id)`,
      [eventId],
    );
    if (rows.length === 0) return [];
    const entries = await manager.findBy(WaitlistEntryEntity, { eventId });
    const before = new Map(rows.map((r) => [r.id, r.status]));
    return entries
      .filter((e) => before.has(e.id))
      .map((e) => Object.assign(e, { status: before.get(e.id)! }));
  }

  /** The event's entries by status. */
  async countsByStatus(eventId: string): Promise<Record<string, number>> {
    const rows = await this.dataSource.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM waitlist_entries WHERE event_id = $1 GROUP BY status`,
      [eventId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** 1-based places in the queue of those of `ids` that are waiting. */
  async positions(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ id: string; position: number }[]>(
      `SELECT w.id, (SELECT count(*)::int FROM waitlist_entries a
                     WHERE a.event_id = w.event_id AND a.status = 'waiting' AND a.seq <= w.seq) AS position
       FROM waitlist_entries w WHERE w.id = ANY($1::uuid[]) AND w.status = 'waiting'`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.position]));
  }

  /** The user's entries, newest first; or an event's, in joining order. */
  page(
    filter: { userId: string } | { eventId: string },
    limit: number,
    cursor?: string,
  ): Promise<Page<WaitlistEntryEntity>> {
    const query = this.dataSource.getRepository(WaitlistEntryEntity).createQueryBuilder('w');
    if ('userId' in filter) query.where('w.userId = :userId', { userId: filter.userId });
    else query.where('w.eventId = :eventId', { eventId: filter.eventId });
    const direction = 'userId' in filter ? 'DESC' : 'ASC';
    return keysetPage(query, { time: 'createdAt', direction, limit, cursor });
  }
}
