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
