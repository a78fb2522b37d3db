// Benchmark, not a test (npm run bench:analytics): every analytics endpoint through the gateway, with
// 1,000,000 bookings over 10,000 events (100 organizers, 50 venues, 90 days) seeded straight into the test
// stack's booking database, counters included, and removed afterwards. Prints p50/p95/p99 per endpoint.
import { api, makeCaller } from '@evently/testing/evently-api';
import { withServiceDb } from '@evently/testing/service-db';
import { randomUUID } from 'node:crypto';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const BOOKINGS_PER_EVENT = Number(process.env.BENCH_BOOKINGS_PER_EVENT ?? 100);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const ORGANIZERS = 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('analytics at scale', () => {
  const run = randomUUID();
  const organizers = Array.from({ length: ORGANIZERS }, () => makeCaller('organizer'));
  const admin = makeCaller('admin');
  const customer = makeCaller('customer');
  let eventIds: string[] = [];
  let firstOrganizersEvent = '';

  beforeAll(async () => {
    const started = Date.now();
    await withServiceDb('booking-service', async (db) => {
      await db.query('BEGIN');
      const { rows } = await db.query<{ event_id: string }>(
        `INSERT INTO inventory (event_id, event_version, organizer_id, title, status, visibility, starts_at, ends_at,
                                capacity, sold, venue_name, venue_city)
         SELECT gen_random_uuid(), 2, ($1::uuid[])[1 + (n % $2)], 'Bench ' || $3 || ' #' || n, 'published', 'public',
                now() + interval '30 days', now() + interval '30 days 3 hours', 400, 0,
                'Venue ' || (n % 50), 'City ' || (n % 10)
         FROM generate_series(1, $4) AS n RETURNING event_id`,
        [organizers.map((o) => o.id), ORGANIZERS, run, EVENTS],
      );
      eventIds = rows.map((r) => r.event_id);
      const mine = await db.query<{ event_id: string }>(
        `SELECT event_id FROM inventory WHERE organizer_id = $1 LIMIT 1`,
        [organizers[0].id],
      );
      firstOrganizersEvent = mine.rows[0].event_id;
      // One of the customer's bookings per event for the first 50 events, the rest random people.
      await db.query(
        `INSERT INTO bookings (id, event_id, user_id, quantity, seats, status, cancel_reason, created_at, cancelled_at)
         SELECT gen_random_uuid(), e.event_id, CASE WHEN b = 1 AND e.n <= 50 THEN $3::uuid ELSE gen_random_uuid() END,
                1 + (b % 2), '{}',
                CASE WHEN b % 10 = 0 THEN 'cancelled' ELSE 'confirmed' END,
                CASE WHEN b % 10 = 0 THEN 'USER_CANCELLED' END,
                now() - ((b * 7 + e.n) % 90) * interval '1 day',
                CASE WHEN b % 10 = 0 THEN now() - ((b * 3 + e.n) % 45) * interval '1 day' END
         FROM (SELECT event_id, row_number() OVER () AS n FROM unnest($1::uuid[]) AS event_id) e,
              generate_series(1, $2) AS b`,
        [eventIds, BOOKINGS_PER_EVENT, customer.id],
      );
      await db.query(
        `UPDATE inventory i SET sold = s.sold FROM (
           SELECT event_id, sum(quantity)::int AS sold FROM bookings
           WHERE event_id = ANY($1::uuid[]) AND status = 'confirmed' GROUP BY event_id) s
         WHERE i.event_id = s.event_id`,
        [eventIds],
      );
      // The counters, as the booking transactions would have kept them (the migration's backfill).
      await db.query(
        `INSERT INTO event_stats (event_id, shard, bookings, cancellations, tickets, rsvp_yes)
         SELECT event_id, 0, count(*), count(*) FILTER (WHERE status = 'cancelled'),
                coalesce(sum(quantity) FILTER (WHERE status = 'confirmed'), 0), 0
         FROM bookings WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
        [eventIds],
      );
      await db.query(
        `INSERT INTO event_daily_stats (event_id, day, shard, bookings, tickets, cancellations)
         SELECT event_id, day, 0, sum(bookings), sum(tickets), sum(cancellations) FROM (
           SELECT event_id, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS bookings, quantity AS tickets, 0 AS cancellations
           FROM bookings WHERE event_id = ANY($1::uuid[])
           UNION ALL
           SELECT event_id, (cancelled_at AT TIME ZONE 'UTC')::date, 0, -quantity, 1
           FROM bookings WHERE event_id = ANY($1::uuid[]) AND status = 'cancelled') c
         GROUP BY event_id, day`,
        [eventIds],
      );
      await db.query(
        `INSERT INTO organizer_daily_stats (organizer_id, day, shard, bookings, tickets, cancellations)
         SELECT i.organizer_id, d.day, 0, sum(d.bookings), sum(d.tickets), sum(d.cancellations)
         FROM event_daily_stats d JOIN inventory i USING (event_id) WHERE i.event_id = ANY($1::uuid[])
         GROUP BY i.organizer_id, d.day
         ON CONFLICT (organizer_id, day, shard) DO UPDATE SET bookings = organizer_daily_stats.bookings + EXCLUDED.bookings,
           tickets = organizer_daily_stats.tickets + EXCLUDED.tickets,
           cancellations = organizer_daily_stats.cancellations + EXCLUDED.cancellations`,
        [eventIds],
      );
      await db.query('COMMIT');
      await db.query('ANALYZE');
    });
    process.stdout.write(
      `\nseeded ${EVENTS} events, ${EVENTS * BOOKINGS_PER_EVENT} bookings in ${Date.now() - started} ms\n`,
    );
  }, 600_000);

  afterAll(async () => {
    await withServiceDb('booking-service', async (db) => {
      await db.query('BEGIN');
      await db.query(`DELETE FROM organizer_daily_stats WHERE organizer_id = ANY($1::uuid[])`, [
        organizers.map((o) => o.id),
      ]);
      await db.query(`DELETE FROM event_daily_stats WHERE event_id = ANY($1::uuid[])`, [eventIds]);
      await db.query(`DELETE FROM event_stats WHERE event_id = ANY($1::uuid[])`, [eventIds]);
      await db.query(`DELETE FROM bookings WHERE event_id = ANY($1::uuid[])`, [eventIds]);
      await db.query(`DELETE FROM inventory WHERE event_id = ANY($1::uuid[])`, [eventIds]);
      await db.query('COMMIT');
    });
  }, 600_000);

  it('answers every analytics endpoint quickly', async () => {
    const organizer = organizers[0];
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString();
    const cases: [string, string, typeof admin][] = [
      ['overview (organizer, 100 events)', '/analytics/overview', organizer],
      ['overview (admin, all events)', '/analytics/overview', admin],
      ['overview from/to (admin, 90 days)', `/analytics/overview?from=${from}&to=${to}`, admin],
      ['events/:id (organizer)', `/analytics/events/${firstOrganizersEvent}`, organizer],
      ['popular (organizer)', '/analytics/popular?limit=10', organizer],
      ['popular (admin)', '/analytics/popular?limit=10', admin],
      ['trends day (admin, 90 days)', `/analytics/trends?from=${from}&to=${to}`, admin],
      [
        'trends week (organizer, 90 days)',
        `/analytics/trends?from=${from}&to=${to}&interval=week`,
        organizer,
      ],
      ['venues (organizer)', '/analytics/venues', organizer],
      ['venues (admin)', '/analytics/venues', admin],
      ['me (50 bookings)', '/analytics/me', customer],
    ];
    const lines: string[] = [];
    for (const [name, path, caller] of cases) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const began = process.hrtime.bigint();
        const res = await api('GET', path, { caller });
        times.push(Number(process.hrtime.bigint() - began) / 1e6);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text()}`);
      }
      times.sort((a, b) => a - b);
      lines.push(
        `| ${name.padEnd(36)} | ${percentile(times, 50).toFixed(1).padStart(6)} | ${percentile(times, 95).toFixed(1).padStart(6)} | ${percentile(times, 99).toFixed(1).padStart(6)} |`,
      );
    }
    process.stdout.write(
      `\n| endpoint (through Nginx, ${REQUESTS} sequential requests) | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|\n${lines.join('\n')}\n\n`,
    );
    expect(lines).toHaveLength(cases.length);
  }, 600_000);
});
