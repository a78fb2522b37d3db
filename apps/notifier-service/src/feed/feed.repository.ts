import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { FeedDraft, FeedEntry, FeedType } from './feed.rules';

interface EntryRow {
  organizer_id: string;
  seq: string;
  type: FeedType;
  event_id: string | null;
  booking_id: string | null;
  fact_id: string;
  occurred_at: Date;
  recorded_at: Date;
  data: Record<string, unknown>;
}

const toEntry = (r: EntryRow): FeedEntry => ({
  organizerId: r.organizer_id,
  seq: Number(r.seq),
  type: r.type,
  eventId: r.event_id,
  bookingId: r.booking_id,
  factId: r.fact_id,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  data: r.data,
});

/** The only reader and writer of `feed_heads` and `feed_entries`. */
@Injectable()
export class FeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Numbers and writes an entry in the caller's transaction: the organizer's head row is locked until it
   * commits, so numbers follow commit order with no gap and none is reused (a rollback gives its number
   * back with it). Null when the fact already made an entry of this type.
   */
  async append(manager: EntityManager, draft: FeedDraft): Promise<FeedEntry | null> {
    // One statement: the head moves only when the fact made no entry of this type yet, and the entry takes
    // its number (nothing is returned, and nothing written, for a fact seen before).
    const [row] = await manager.query<EntryRow[]>(
      `WITH head AS (
         INSERT INTO feed_heads (organizer_id, last_seq)
         SELECT $1::uuid, 1 WHERE NOT EXISTS (SELECT 1 FROM feed_entries WHERE fact_id = $5::uuid AND type = $2::text)
         ON CONFLICT (organizer_id) DO UPDATE SET last_seq = feed_heads.last_seq + 1
         RETURNING last_seq)
       INSERT INTO feed_entries (organizer_id, seq, type, event_id, booking_id, fact_id, occurred_at, data)
       SELECT $1, head.last_seq, $2, $3::uuid, $4::uuid, $5, $6::timestamptz, $7::jsonb FROM head RETURNING *`,
      [
        draft.organizerId,
        draft.type,
        draft.eventId,
        draft.bookingId ?? null,
        draft.factId,
        draft.occurredAt,
        JSON.stringify(draft.data),
      ],
    );
    return row ? toEntry(row) : null;
  }

  /** The organizer's entries after `after`, in order. */
  async page(organizerId: string, after: number, limit: number): Promise<FeedEntry[]> {
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM feed_entries WHERE organizer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [organizerId, after, limit],
    );
    return rows.map(toEntry);
  }

  /** The organizer's entries numbered `seqs`. */
  async bySeq(organizerId: string, seqs: number[]): Promise<FeedEntry[]> {
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM feed_entries WHERE organizer_id = $1 AND seq = ANY($2::bigint[])`,
      [organizerId, seqs],
    );
    return rows.map(toEntry);
  }

  /**
   * The numbers of the organizer's entries after `after` (up to `limit`, in order) of the given types (`*`: any)
   * and, when `eventId` is given, of that event: what a webhook replay queues again.
   */
  async seqsAfter(
    organizerId: string,
    after: number,
    filter: { types: string[]; eventId: string | null },
    limit: number,
  ): Promise<number[]> {
    const rows = await this.dataSource.query<{ seq: string }[]>(
      `SELECT seq FROM feed_entries
       WHERE organizer_id = $1 AND seq > $2 AND ('*' = ANY($3::text[]) OR type = ANY($3::text[]))
         AND ($4::uuid IS NULL OR event_id = $4)
       ORDER BY seq LIMIT $5`,
      [organizerId, after, filter.types, filter.eventId, limit],
    );
    return rows.map((r) => Number(r.seq));
  }

  /** The last number given to the organizer (0: none yet). */
  async lastSeq(organizerId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ last_seq: string }[]>(
      `SELECT last_seq FROM feed_heads WHERE organizer_id = $1`,
      [organizerId],
    );
    return row ? Number(row.last_seq) : 0;
  }

  /** The entry of `type` made for a booking, if any (e.g. the hold a payment completes). */
  async ofBooking(manager: EntityManager, bookingId: string, type: FeedType): Promise<FeedEntry | null> {
    const [row] = await manager.query<EntryRow[]>(
      `SELECT * FROM feed_entries WHERE booking_id = $1 AND type = $2 ORDER BY seq DESC LIMIT 1`,
      [bookingId, type],
    );
    return row ? toEntry(row) : null;
  }
}
