import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** A row of a booking's ledger: money received, or given back. */
export interface LedgerEntry {
  id: string;
  bookingId: string;
  kind: 'payment' | 'refund';
  provider: string;
  amount: number;
  currency: string;
  reference: string;
  recordedBy: string | null;
  createdAt: Date;
}

/** Money of one currency: received (gross), given back (refunded) and kept (net), in minor units. */
export interface Revenue {
  currency: string;
  gross: number;
  refunded: number;
  net: number;
}

/** One ticket type's paid places and money. */
export interface TypeRevenue {
  ticketTypeId: string;
  name: string;
  sold: number;
  gross: number;
  refunded: number;
  net: number;
}

interface LedgerRow {
  id: string;
  booking_id: string;
  kind: 'payment' | 'refund';
  provider: string;
  amount: number;
  currency: string;
  reference: string;
  recorded_by: string | null;
  created_at: Date;
}

/** The only reader and writer of `payments`: the ledger of every payment and refund, per booking. */
@Injectable()
export class PaymentRepository {
  /** Records a payment or refund once per (provider, kind, reference); null when it was recorded already. */
  async record(
    manager: EntityManager,
    entry: Omit<LedgerEntry, 'id' | 'createdAt'>,
  ): Promise<LedgerEntry | null> {
    const [row] = await manager.query<LedgerRow[]>(
      `INSERT INTO payments (id, booking_id, kind, provider, amount, currency, reference, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (provider, kind, reference) DO NOTHING RETURNING *`,
      [
        randomUUID(),
        entry.bookingId,
        entry.kind,
        entry.provider,
        entry.amount,
        entry.currency,
        entry.reference,
        entry.recordedBy,
      ],
    );
    return row ? toEntry(row) : null;
  }

  /** Paid and refunded so far, per booking of `bookingIds` (bookings without entries left out). */
  async balances(
    manager: EntityManager,
    bookingIds: string[],
  ): Promise<Map<string, { paid: number; refunded: number; provider: string; currency: string }>> {
    if (bookingIds.length === 0) return new Map();
    const rows = await manager.query<
      { booking_id: string; paid: number; refunded: number; provider: string; currency: string }[]
    >(
      `SELECT booking_id,
              coalesce(sum(amount) FILTER (WHERE kind = 'payment'), 0)::int AS paid,
              coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0)::int AS refunded,
              min(provider) FILTER (WHERE kind = 'payment') AS provider, min(currency) AS currency
       FROM payments WHERE booking_id = ANY($1::uuid[]) GROUP BY booking_id`,
      [bookingIds],
    );
    return new Map(
      rows.map((r) => [
        r.booking_id,
        { paid: r.paid, refunded: r.refunded, provider: r.provider, currency: r.currency },
      ]),
    );
  }

  /**
   * Money received and refunded, per currency, over the events of an organizer (null: every event), or of
   * one event. Gross is what was paid, net what was kept.
   */
  async revenue(
    manager: EntityManager,
    organizerId: string | null,
    eventId: string | null = null,
  ): Promise<Revenue[]> {
    return manager.query<Revenue[]>(
      `SELECT p.currency,
              coalesce(sum(p.amount) FILTER (WHERE p.kind = 'payment'), 0)::int AS gross,
              coalesce(sum(p.amount) FILTER (WHERE p.kind = 'refund'), 0)::int AS refunded,
              (coalesce(sum(p.amount) FILTER (WHERE p.kind = 'payment'), 0)
                - coalesce(sum(p.amount) FILTER (WHERE p.kind = 'refund'), 0))::int AS net
       FROM payments p JOIN bookings b ON b.id = p.booking_id JOIN inventory i ON i.event_id = b.event_id
       WHERE ($1::uuid IS NULL OR i.organizer_id = $1) AND ($2::uuid IS NULL OR b.event_id = $2)
       GROUP BY p.currency ORDER BY p.currency`,
      [organizerId, eventId],
    );
  }

  /**
   * An event's paid places and money by ticket type: gross at the prices sold, and each booking's refunds
   * shared among its lines in proportion to what they cost (rounded down to the minor unit, so the types'
   * refunds may add up to a unit or two less than the event's).
   */
  async revenueByType(manager: EntityManager, eventId: string): Promise<TypeRevenue[]> {
    return manager.query<TypeRevenue[]>(
      `WITH paid AS (
         SELECT b.items, b.total_amount,
                coalesce(sum(p.amount) FILTER (WHERE p.kind = 'refund'), 0) AS refunded
         FROM bookings b JOIN payments p ON p.booking_id = b.id
         WHERE b.event_id = $1 GROUP BY b.id),
       lines AS (
         SELECT line->>'ticketTypeId' AS ticket_type_id, line->>'name' AS name,
                (line->>'quantity')::int AS quantity,
                (line->>'quantity')::int * (line->>'unitPrice')::int AS amount, refunded, total_amount
         FROM paid, jsonb_array_elements(items) AS line)
       SELECT ticket_type_id AS "ticketTypeId", min(name) AS name, sum(quantity)::int AS sold,
              sum(amount)::int AS gross,
              sum(floor(refunded::numeric * amount / nullif(total_amount, 0)))::int AS refunded,
              (sum(amount) - sum(floor(refunded::numeric * amount / nullif(total_amount, 0))))::int AS net
       FROM lines GROUP BY ticket_type_id ORDER BY min(name)`,
      [eventId],
    );
  }

  async ledgerOf(manager: EntityManager, bookingId: string): Promise<LedgerEntry[]> {
    const rows = await manager.query<LedgerRow[]>(
      `SELECT * FROM payments WHERE booking_id = $1 ORDER BY created_at, id`,
      [bookingId],
    );
    return rows.map(toEntry);
  }
}

const toEntry = (r: LedgerRow): LedgerEntry => ({
  id: r.id,
  bookingId: r.booking_id,
  kind: r.kind,
  provider: r.provider,
  amount: r.amount,
  currency: r.currency,
  reference: r.reference,
  recordedBy: r.recorded_by,
  createdAt: r.created_at,
});
