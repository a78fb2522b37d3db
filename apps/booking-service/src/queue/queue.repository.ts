import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { QueueHead } from './queue.rules';

/** A visitor's place in an event's queue. */
export interface QueueEntry {
  eventId: string;
  userId: string;
  token: string;
  joinedAt: Date;
  rank: number | null;
  pass: string | null;
  admittedAt: Date | null;
  passExpiresAt: Date | null;
}

interface EntryRow {
  event_id: string;
  user_id: string;
  token: string;
  joined_at: Date;
  rank: number | null;
  pass: string | null;
  admitted_at: Date | null;
  pass_expires_at: Date | null;
}

interface HeadRow {
  last_rank: number;
  admitted_upto: number;
  allowance: number;
  admitted_at: Date | null;
  recent_per_minute: number;
  ordered_at: Date | null;
}

const toEntry = (r: EntryRow): QueueEntry => ({
  eventId: r.event_id,
  userId: r.user_id,
  token: r.token,
  joinedAt: r.joined_at,
  rank: r.rank,
  pass: r.pass,
  admittedAt: r.admitted_at,
  passExpiresAt: r.pass_expires_at,
});

const toHead = (r: HeadRow): QueueHead & { orderedAt: Date | null } => ({
  lastRank: r.last_rank,
  admittedUpto: r.admitted_upto,
  allowance: r.allowance,
  admittedAt: r.admitted_at,
  recentPerMinute: r.recent_per_minute,
  orderedAt: r.ordered_at,
});

/** The only reader and writer of `queue_heads` and `queue_entries`. */
@Injectable()
export class QueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Places in line for several accounts at once (a batch of joins, one statement and one commit): for each, a
   * new place (unranked until the admitter ranks it), or the one it holds already (one place per account); one
   * whose pass expired unused goes to the back of the line with its new token. Keys must be distinct. A key
   * missing from the answer joined in a concurrent statement: read it with `entryOf`.
   */
  async joinMany(
    joins: { eventId: string; userId: string; token: string }[],
  ): Promise<Map<string, { entry: QueueEntry; joined: boolean }>> {
    const rows = await this.dataSource.query<(EntryRow & { joined: boolean })[]>(
      `WITH input AS (
         SELECT e, u, t, n FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS x(e, u, t, n)),
       upserted AS (
         INSERT INTO queue_entries (event_id, user_id, token)
         SELECT e, u, t FROM input ORDER BY n
         ON CONFLICT (event_id, user_id) DO UPDATE SET token = EXCLUDED.token, rank = NULL, pass = NULL,
           admitted_at = NULL, pass_expires_at = NULL, used_at = NULL, joined_at = clock_timestamp(),
           arrival = nextval(pg_get_serial_sequence('queue_entries', 'arrival'))
         WHERE queue_entries.pass_expires_at <= clock_timestamp() AND queue_entries.used_at IS NULL
         RETURNING *)
       SELECT *, true AS joined FROM upserted
       UNION ALL
       SELECT q.*, false FROM queue_entries q JOIN input i ON q.event_id = i.e AND q.user_id = i.u
       WHERE NOT EXISTS (SELECT 1 FROM upserted x WHERE x.event_id = i.e AND x.user_id = i.u)`,
      [joins.map((j) => j.eventId), joins.map((j) => j.userId), joins.map((j) => j.token)],
    );
    return new Map(
      rows.map((r) => [`${r.event_id}/${r.user_id}`, { entry: toEntry(r), joined: r.joined }] as const),
    );
  }

  async entryOf(eventId: string, userId: string): Promise<QueueEntry | null> {
    const [row] = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM queue_entries WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    );
    return row ? toEntry(row) : null;
  }

  async byToken(eventId: string, token: string): Promise<QueueEntry | null> {
    const [row] = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM queue_entries WHERE event_id = $1 AND token = $2`,
      [eventId, token],
    );
    return row ? toEntry(row) : null;
  }

  /** The queue's state, without a lock (what positions are read against); null before anyone joined. */
  async head(eventId: string): Promise<(QueueHead & { orderedAt: Date | null }) | null> {
    const [row] = await this.dataSource.query<HeadRow[]>(`SELECT * FROM queue_heads WHERE event_id = $1`, [
      eventId,
    ]);
    return row ? toHead(row) : null;
  }

  /**
   * The queue's state, locked for one admission round; null when another instance is running one now (it
   * is skipped, not waited for: one round at a time per queue, whichever instance runs it).
   */
  async lockHead(
    manager: EntityManager,
    eventId: string,
  ): Promise<(QueueHead & { orderedAt: Date | null }) | null> {
    await manager.query(`INSERT INTO queue_heads (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, [eventId]);
    const [row] = await manager.query<HeadRow[]>(
      `SELECT * FROM queue_heads WHERE event_id = $1 FOR UPDATE SKIP LOCKED`,
      [eventId],
    );
    return row ? toHead(row) : null;
  }

  /**
   * Ranks everyone who joined before `opensAt` in a random order after rank `after`; returns how many.
   * Run once, when the sale opens.
   */
  async rankAtRandom(manager: EntityManager, eventId: string, opensAt: Date, after: number): Promise<number> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE queue_entries e SET rank = $3 + r.n
       FROM (SELECT user_id, row_number() OVER (ORDER BY random()) AS n FROM queue_entries
             WHERE event_id = $1 AND rank IS NULL AND joined_at < $2) r
       WHERE e.event_id = $1 AND e.user_id = r.user_id`,
      [eventId, opensAt, after],
    );
    return count;
  }

  /** Ranks the unranked (those who came after the opening) in arrival order after rank `after`; how many. */
  async rankInArrivalOrder(manager: EntityManager, eventId: string, after: number): Promise<number> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE queue_entries e SET rank = $2 + r.n
       FROM (SELECT user_id, row_number() OVER (ORDER BY arrival) AS n FROM queue_entries
             WHERE event_id = $1 AND rank IS NULL) r
       WHERE e.event_id = $1 AND e.user_id = r.user_id`,
      [eventId, after],
    );
    return count;
  }

  /** Passes given and still unused and unexpired: the visitors booking now. */
  async activePasses(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM queue_entries
       WHERE event_id = $1 AND pass IS NOT NULL AND used_at IS NULL AND pass_expires_at > clock_timestamp()`,
      [eventId],
    );
    return row.n;
  }

  /**
   * Admits ranks `from`..`to` as of `at` (the round's time: one batch shares it, and later rounds come later):
   * each gets a pass (a random secret) valid for `minutes`.
   */
  async admit(
    manager: EntityManager,
    eventId: string,
    range: { from: number; to: number },
    at: Date,
    minutes: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE queue_entries
       SET pass = 'qp_' || replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''),
           admitted_at = $4, pass_expires_at = $4::timestamptz + make_interval(mins => $5)
       WHERE event_id = $1 AND rank BETWEEN $2 AND $3`,
      [eventId, range.from, range.to, at, minutes],
    );
  }

  async saveHead(
    manager: EntityManager,
    eventId: string,
    head: QueueHead & { orderedAt: Date | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE queue_heads SET ordered_at = $2, last_rank = $3, admitted_upto = $4, allowance = $5,
         admitted_at = $6, recent_per_minute = $7 WHERE event_id = $1`,
      [
        eventId,
        head.orderedAt,
        head.lastRank,
        head.admittedUpto,
        head.allowance,
        head.admittedAt,
        head.recentPerMinute,
      ],
    );
  }

  /**
   * The account's pass, if it is this one and still valid: marked used (its place in the window is freed
   * for the next visitor). False when it is not.
   */
  async usePass(eventId: string, userId: string, pass: string, manager?: EntityManager): Promise<boolean> {
    const [, count] = await (manager ?? this.dataSource.manager).query<[unknown[], number]>(
      `UPDATE queue_entries SET used_at = coalesce(used_at, clock_timestamp())
       WHERE event_id = $1 AND user_id = $2 AND pass = $3 AND pass_expires_at > clock_timestamp()`,
      [eventId, userId, pass],
    );
    return count > 0;
  }
}
