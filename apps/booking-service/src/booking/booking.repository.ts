import { keysetSqlPage, Page } from '@evently/common';
import { CancelReason } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import type { OutboxRow } from '@evently/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from './booking.entity';
import { BookingRow, toEntity } from './booking.row';
import { insertTickets, ticketColumns } from '../ticket/ticket.repository';
import type { TicketDraft } from '../ticket/ticket.rules';

/** Which confirmed bookings a cancellation takes: one booking, or every booking of an event. */
export type BookingSelection = { bookingId: string } | { eventId: string };

/** The only reader and writer of `bookings` and of `user_event_tickets` (tickets held per user and event). */
@Injectable()
export class BookingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Confirms a booking in one call, confirm_booking() (confirm-booking.sql, beside this file): the booking,
   * its booking.confirmed fact and its counters, and its tickets (`tickets`, as TicketRepository issues
   * them); with a claim, the claim is consumed first. Null when the claim is gone, and then nothing is
   * written.
   */
  async confirm(
    manager: EntityManager,
    booking: Pick<BookingEntity, 'id' | 'eventId' | 'userId' | 'quantity' | 'seats'>,
    claimId: string | null,
    fact: OutboxRow,
    statsShard: number,
    tickets: (TicketDraft & { id?: string })[],
  ): Promise<BookingEntity | null> {
    // One statement: confirm_booking, then (only when it wrote a booking) the booking's tickets. A single
    // statement commits whole or not at all, inside a transaction or on its own.
    const [row] = await manager.query<BookingRow[]>(
      `WITH booked AS (SELECT * FROM confirm_booking($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)),
       issued AS (${insertTickets('booked.id', '$2::uuid', '$3::uuid', 11, 'booked')})
       SELECT * FROM booked`,
      [
        booking.id,
        booking.eventId,
        booking.userId,
        booking.quantity,
        booking.seats,
        claimId,
        fact.id,
        fact.routingKey,
        fact.envelope,
        statsShard,
        ...ticketColumns(tickets),
      ],
    );
    return row ? toEntity(row) : null;
  }

  /** The booking, locked for the transaction. */
  async lock(manager: EntityManager, id: string): Promise<BookingEntity | null> {
    const [row] = await manager.query<BookingRow[]>(`SELECT * FROM bookings WHERE id = $1 FOR UPDATE`, [id]);
    return row ? toEntity(row) : null;
  }

  /** Adds to the user's tickets for the event unless that passes `limit`; returns whether it did. */
  async addTickets(manager: EntityManager, eventId: string, userId: string, quantity: number, limit: number) {
    const held = await manager.query<unknown[]>(
      `INSERT INTO user_event_tickets (event_id, user_id, tickets) SELECT $1::uuid, $2::uuid, $3::int WHERE $3::int <= $4::int
       ON CONFLICT (event_id, user_id) DO UPDATE SET tickets = user_event_tickets.tickets + EXCLUDED.tickets
       WHERE user_event_tickets.tickets + EXCLUDED.tickets <= $4
       RETURNING tickets`,
      [eventId, userId, quantity, limit],
    );
    return held.length > 0;
  }

  async ticketsOf(manager: EntityManager, eventId: string, userId: string): Promise<number> {
    const [row] = await manager.query<{ tickets: number }[]>(
      `SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    );
    return row?.tickets ?? 0;
  }

  /** Locks one user's ticket count for an event, or every count of the event (in user order). */
  async lockTickets(manager: EntityManager, eventId: string, userId?: string): Promise<void> {
    await manager.query(
      userId === undefined
        ? `SELECT count(*) FROM (SELECT 1 FROM user_event_tickets WHERE event_id = $1 ORDER BY user_id FOR UPDATE) locked`
        : `SELECT 1 FROM user_event_tickets WHERE event_id = $1 AND user_id = $2 FOR UPDATE`,
      userId === undefined ? [eventId] : [eventId, userId],
    );
  }

  /** Cancels the selected confirmed bookings and gives back their per-user tickets; returns them. */
  async cancelConfirmed(
    manager: EntityManager,
    selection: BookingSelection,
    reason: CancelReason,
  ): Promise<BookingEntity[]> {
    const [column, value] =
      'bookingId' in selection ? ['id', selection.bookingId] : ['event_id', selection.eventId];
    const rows = await manager.query<BookingRow[]>(
      `WITH cancelled AS (
         UPDATE bookings SET status = 'cancelled', cancel_reason = $2, cancelled_at = clock_timestamp()
         WHERE ${column} = $1 AND status = 'confirmed' RETURNING *)
       SELECT * FROM cancelled`,
      [value, reason],
    );
    if (rows.length === 0) return [];
    await manager.query(
      `UPDATE user_event_tickets t SET tickets = greatest(0, t.tickets - c.quantity)
       FROM (SELECT event_id, user_id, sum(quantity)::int AS quantity
             FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS r(event_id, user_id, quantity)
             GROUP BY event_id, user_id) c
       WHERE t.event_id = c.event_id AND t.user_id = c.user_id`,
      [rows.map((r) => r.event_id), rows.map((r) => r.user_id), rows.map((r) => r.quantity)],
    );
    return rows.map(toEntity);
  }

  /** A person's bookings: made, places held, cancelled, and confirmed ones upcoming or attended. */
  async personalStats(userId: string) {
    const [row] = await this.dataSource.query<
      { bookings: number; tickets: number; cancellations: number; upcoming: number; attended: number }[]
    >(
      `SELECT count(*)::int AS bookings,
              coalesce(sum(b.quantity) FILTER (WHERE b.status = 'confirmed'), 0)::int AS tickets,
              count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancellations,
              count(*) FILTER (WHERE b.status = 'confirmed' AND i.starts_at > clock_timestamp())::int AS upcoming,
              count(*) FILTER (WHERE b.status = 'confirmed' AND i.ends_at <= clock_timestamp())::int AS attended
       FROM bookings b JOIN inventory i USING (event_id) WHERE b.user_id = $1`,
      [userId],
    );
    return row;
  }

  findById(id: string): Promise<BookingEntity | null> {
    return this.dataSource.manager.findOneBy(BookingEntity, { id });
  }

  /**
   * Newest first, by keyset pages. In plain SQL (keysetSqlPage): "my bookings" is what every signed-in
   * attendee loads, and building it with TypeORM's query builder was 40% of the request's CPU.
   */
  page(
    filter: { userId: string } | { eventId: string },
    limit: number,
    cursor?: string,
  ): Promise<Page<BookingEntity>> {
    const [column, value] = 'userId' in filter ? ['user_id', filter.userId] : ['event_id', filter.eventId];
    return keysetSqlPage(
      (sql, params) => this.dataSource.query<BookingRow[]>(sql, params),
      { table: 'bookings', where: `${column} = $1`, params: [value], time: 'created_at' },
      { direction: 'DESC', limit, cursor },
      toEntity,
    );
  }
}
