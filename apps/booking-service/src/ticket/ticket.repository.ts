import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { EventKeys } from './ticket-code';
import { Ticket, TicketDraft, TicketStatus } from './ticket.rules';

interface TicketRow {
  id: string;
  booking_id: string;
  event_id: string;
  user_id: string;
  position: number;
  ticket_type_id: string | null;
  seat: string | null;
  attendee_name: string | null;
  answers: Record<string, unknown>;
  status: TicketStatus;
  checked_in_at: Date | null;
  checked_in_by: string | null;
  created_at: Date;
}

const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  bookingId: r.booking_id,
  eventId: r.event_id,
  userId: r.user_id,
  position: r.position,
  ticketTypeId: r.ticket_type_id,
  seat: r.seat,
  attendeeName: r.attendee_name,
  answers: r.answers,
  status: r.status,
  checkedInAt: r.checked_in_at,
  checkedInBy: r.checked_in_by,
  createdAt: r.created_at,
});

/** The only reader and writer of `tickets` and `event_keys`. */
@Injectable()
export class TicketRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Issues a booking's tickets in one statement (a seat's type from its section, a place without a line's
   * type as the event's first type); issuing again (the order's lines now known) sets their types, and never
   * adds a second ticket for a place.
   */
  async issue(
    manager: EntityManager,
    booking: { id: string; eventId: string; userId: string },
    drafts: (TicketDraft & { id?: string })[],
  ): Promise<void> {
    if (drafts.length === 0) return;
    await manager.query(insertTickets('$1', '$2', '$3', 4), [
      booking.id,
      booking.eventId,
      booking.userId,
      ...ticketColumns(drafts),
    ]);
  }

  /** Voids the valid tickets of these bookings (cancelled, refunded in full). */
  async voidOf(manager: EntityManager, bookingIds: string[]): Promise<void> {
    if (bookingIds.length === 0) return;
    await manager.query(
      `UPDATE tickets SET status = 'voided', voided_at = clock_timestamp()
       WHERE booking_id = ANY($1::uuid[]) AND status = 'valid'`,
      [bookingIds],
    );
  }

  async ofBooking(bookingId: string, manager: EntityManager = this.dataSource.manager): Promise<Ticket[]> {
    const rows = await manager.query<TicketRow[]>(
      `SELECT * FROM tickets WHERE booking_id = $1 ORDER BY position`,
      [bookingId],
    );
    return rows.map(toTicket);
  }

  /** The user's tickets, newest booking first. */
  async ofUser(userId: string, limit: number): Promise<Ticket[]> {
    const rows = await this.dataSource.query<TicketRow[]>(
      `SELECT * FROM tickets WHERE user_id = $1 ORDER BY created_at DESC, booking_id, position LIMIT $2`,
      [userId, limit],
    );
    return rows.map(toTicket);
  }

  /** Every ticket of the event, in id order (the door's bundle). */
  async ofEvent(eventId: string): Promise<Ticket[]> {
    const rows = await this.dataSource.query<TicketRow[]>(
      `SELECT * FROM tickets WHERE event_id = $1 ORDER BY id`,
      [eventId],
    );
    return rows.map(toTicket);
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Ticket | null> {
    const [row] = await manager.query<TicketRow[]>(`SELECT * FROM tickets WHERE id = $1`, [id]);
    return row ? toTicket(row) : null;
  }

  async name(id: string, attendeeName: string | null, answers: Record<string, unknown>): Promise<Ticket> {
    const [rows] = await this.dataSource.query<[TicketRow[], number]>(
      `UPDATE tickets SET attendee_name = $2, answers = $3 WHERE id = $1 RETURNING *`,
      [id, attendeeName, JSON.stringify(answers)],
    );
    return toTicket(rows[0]);
  }

  /** A ticket as the door sees it: with whether its booking is confirmed (paid, when priced). */
  async atDoor(manager: EntityManager, id: string): Promise<{ ticket: Ticket; paid: boolean } | null> {
    const [row] = await manager.query<(TicketRow & { paid: boolean })[]>(
      `SELECT t.*, b.status = 'confirmed' AS paid FROM tickets t JOIN bookings b ON b.id = t.booking_id
       WHERE t.id = $1`,
      [id],
    );
    return row ? { ticket: toTicket(row), paid: row.paid } : null;
  }

  /**
   * Checks a valid ticket in at `at`: one conditional update, so of two scanners at once exactly one wins. A
   * scan made at the door now (`earliestWins` false) needs the ticket not checked in; a scan synced late
   * from an offline device (`earliestWins`) also wins over a later one, and takes its time. The ticket as it
   * is now, and whether this scan checked it in.
   */
  async checkIn(
    manager: EntityManager,
    id: string,
    scan: { at: Date; by: string; deviceId: string; earliestWins: boolean },
  ): Promise<{ ticket: Ticket | null; won: boolean }> {
    const [[won]] = await manager.query<[TicketRow[], number]>(
      `UPDATE tickets SET checked_in_at = $2, checked_in_by = $3, checked_in_device = $4
       WHERE id = $1 AND status = 'valid' AND (checked_in_at IS NULL OR ($5 AND checked_in_at > $2))
       RETURNING *`,
      [id, scan.at, scan.by, scan.deviceId, scan.earliestWins],
    );
    if (won) return { ticket: toTicket(won), won: true };
    return { ticket: await this.find(id, manager), won: false };
  }

  /** Undoes a check-in; the ticket, or null if it is not the event's. */
  async undoCheckIn(eventId: string, id: string, manager?: EntityManager): Promise<Ticket | null> {
    const [rows] = await (manager ?? this.dataSource.manager).query<[TicketRow[], number]>(
      `UPDATE tickets SET checked_in_at = NULL, checked_in_by = NULL, checked_in_device = NULL
       WHERE id = $1 AND event_id = $2 RETURNING *`,
      [id, eventId],
    );
    return rows[0] ? toTicket(rows[0]) : null;
  }

  /**
   * The event's key pair, made on first use (two first uses at once agree on one); on the caller's
   * connection when given one (a booking's transaction never waits for a second connection).
   */
  async keysOf(
    eventId: string,
    fresh: () => EventKeys,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EventKeys> {
    const read = () =>
      manager.query<{ public_key: string; private_key: string }[]>(
        `SELECT public_key, private_key FROM event_keys WHERE event_id = $1`,
        [eventId],
      );
    let [row] = await read();
    if (!row) {
      const made = fresh();
      await manager.query(
        `INSERT INTO event_keys (event_id, public_key, private_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [eventId, made.publicKey, made.privateKey],
      );
      [row] = await read();
    }
    return { publicKey: row.public_key, privateKey: row.private_key };
  }

  /** The event's public key, if it has a key pair. */
  async publicKeyOf(eventId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ public_key: string }[]>(
      `SELECT public_key FROM event_keys WHERE event_id = $1`,
      [eventId],
    );
    return row?.public_key ?? null;
  }

  /** One event's valid tickets and check-ins, per ticket type. */
  checkInsByType(eventId: string) {
    return this.dataSource.query<{ ticketTypeId: string | null; expected: number; checkedIn: number }[]>(
      `SELECT ticket_type_id AS "ticketTypeId", count(*)::int AS expected,
              count(checked_in_at)::int AS "checkedIn"
       FROM tickets WHERE event_id = $1 AND status = 'valid' GROUP BY ticket_type_id`,
      [eventId],
    );
  }
}

/**
 * The INSERT that issues a booking's tickets (or completes their types), its booking, event and person given
 * as SQL expressions (over `source`, a relation of the statement, when given) and its drafts as four array
 * parameters from `$first` (see `ticketColumns`). A seat's type is its section's; a ticket without one takes
 * the event's one type. Shared by `issue` and by BookingRepository.confirm, which writes a booking and its
 * tickets in one statement.
 */
export function insertTickets(
  booking: string,
  event: string,
  user: string,
  first: number,
  source = '',
): string {
  const [ids, positions, types, seats] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return `INSERT INTO tickets (id, booking_id, event_id, user_id, position, ticket_type_id, seat)
       SELECT t.id, ${booking}, ${event}, ${user}, t.position,
              coalesce(t.ticket_type_id, s.ticket_type_id,
                       (SELECT (ticket_types->0->>'id')::uuid FROM inventory WHERE event_id = ${event})),
              t.seat
       FROM ${source ? `${source}, ` : ''}unnest(${ids}::uuid[], ${positions}::int[], ${types}::uuid[], ${seats}::text[])
              AS t(id, position, ticket_type_id, seat)
       LEFT JOIN seats s ON s.event_id = ${event} AND s.label = t.seat
       ON CONFLICT (booking_id, position) DO UPDATE SET ticket_type_id = EXCLUDED.ticket_type_id
       WHERE tickets.ticket_type_id IS DISTINCT FROM EXCLUDED.ticket_type_id`;
}

/** The four array parameters of `insertTickets`. */
export function ticketColumns(drafts: (TicketDraft & { id?: string })[]): unknown[] {
  return [
    drafts.map((d) => d.id ?? randomUUID()),
    drafts.map((d) => d.position),
    drafts.map((d) => d.ticketTypeId),
    drafts.map((d) => d.seat),
  ];
}
