// The raw SQL limit: pgbench running the statements booking-service runs for one booking, on a scratch event
// of the same database (the reference every flash-sale figure is compared with).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { STAT_SHARDS } from '../apps/booking-service/src/stats/stats.repository';
import { CONCURRENCY, Mode, env } from './bench-stack';

export const PGBENCH_SECONDS = Number(process.env.PGBENCH_SECONDS ?? 5);

export function pgbenchBinary(): string {
  const fromPath = ['/usr/bin/pgbench', '/usr/local/bin/pgbench'].find((p) => existsSync(p));
  if (fromPath) return fromPath;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort() : [];
  const found = versions.map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`).filter((p) => existsSync(p));
  if (!found.length) throw new Error('pgbench not found (it comes with the PostgreSQL server package)');
  return found[found.length - 1];
}

// The statements booking-service runs for one booking (use-cases/place-booking.ts), minus the HTTP and Node
// parts. General admission: the claim in a statement of its own (claim_places: the person's count, the event's
// row, the claim), then the booking's transaction (confirm_booking: the claim consumed, booking, fact, counters).
export const GA_SCRIPT = `
\\set uid random(1, 1000000000)
\\set shard random(0, ${STAT_SHARDS - 1})
SELECT event_id, status, starts_at, capacity, sold FROM inventory WHERE event_id = :eid::uuid;
SELECT claim_id FROM claim_places(:eid::uuid, md5(:uid::text)::uuid, 1, 10) \\gset
BEGIN;
SELECT id FROM confirm_booking(gen_random_uuid(), :eid::uuid, md5(:uid::text)::uuid, 1, '{}', :claim_id::uuid, gen_random_uuid(), 'bench.flash-sale', jsonb_build_object('type', 'bench', 'payload', jsonb_build_object('bookingId', gen_random_uuid(), 'quantity', 1, 'seats', jsonb_build_array())), :shard);
COMMIT;
`;

// The design before place_claims, for comparison: one transaction that ends holding the event's row.
export const GA_ONE_TRANSACTION_SCRIPT = `
\\set uid random(1, 1000000000)
\\set shard random(0, ${STAT_SHARDS - 1})
BEGIN;
SELECT event_id, status, starts_at, capacity, sold FROM inventory WHERE event_id = :eid::uuid;
INSERT INTO user_event_tickets (event_id, user_id, tickets) SELECT :eid::uuid, md5(:uid::text)::uuid, 1 WHERE 1 <= 10 ON CONFLICT (event_id, user_id) DO UPDATE SET tickets = user_event_tickets.tickets + EXCLUDED.tickets WHERE user_event_tickets.tickets + EXCLUDED.tickets <= 10 RETURNING tickets;
INSERT INTO bookings (id, event_id, user_id, quantity, seats, status) VALUES (gen_random_uuid(), :eid::uuid, md5(:uid::text)::uuid, 1, '{}', 'confirmed') RETURNING created_at;
INSERT INTO outbox (id, routing_key, envelope) VALUES (gen_random_uuid(), 'bench.flash-sale', jsonb_build_object('type', 'bench', 'payload', jsonb_build_object('bookingId', gen_random_uuid(), 'quantity', 1, 'seats', jsonb_build_array())));
WITH sale AS (UPDATE inventory SET sold = sold + 1 WHERE event_id = :eid::uuid AND status = 'published' AND starts_at > clock_timestamp() AND capacity IS NOT NULL AND sold + 1 <= capacity RETURNING sold) SELECT sold FROM sale;
INSERT INTO event_stats (event_id, shard, bookings, cancellations, tickets, rsvp_yes) VALUES (:eid::uuid, :shard, 1, 0, 1, 0) ON CONFLICT (event_id, shard) DO UPDATE SET bookings = event_stats.bookings + 1, tickets = event_stats.tickets + 1;
COMMIT;
`;

// Reserved seating: one transaction (the person's count, the seat locked in label order, the event read again,
// confirm_booking: booking, fact, counters; then the seat goes to the booking).
export const SEATED_SCRIPT = `
\\set uid random(1, 1000000000)
\\set seat random(1, :seats)
\\set shard random(0, ${STAT_SHARDS - 1})
BEGIN;
SELECT event_id, status, starts_at, capacity, sold FROM inventory WHERE event_id = :eid::uuid;
INSERT INTO user_event_tickets (event_id, user_id, tickets) SELECT :eid::uuid, md5(:uid::text)::uuid, 1 WHERE 1 <= 10 ON CONFLICT (event_id, user_id) DO UPDATE SET tickets = user_event_tickets.tickets + EXCLUDED.tickets WHERE user_event_tickets.tickets + EXCLUDED.tickets <= 10 RETURNING tickets;
SELECT label, booking_id FROM seats WHERE event_id = :eid::uuid AND label = ANY(ARRAY['S-1-' || :seat]) ORDER BY label COLLATE "C" FOR UPDATE;
SELECT event_id, status, starts_at, capacity, sold FROM inventory WHERE event_id = :eid::uuid;
SELECT id AS booking_id FROM confirm_booking(gen_random_uuid(), :eid::uuid, md5(:uid::text)::uuid, 1, ARRAY['S-1-' || :seat], NULL, gen_random_uuid(), 'bench.flash-sale', jsonb_build_object('type', 'bench', 'payload', jsonb_build_object('bookingId', gen_random_uuid(), 'quantity', 1, 'seats', jsonb_build_array('S-1-' || :seat))), :shard) \\gset
UPDATE seats SET booking_id = :booking_id::uuid WHERE event_id = :eid::uuid AND label = ANY(ARRAY['S-1-' || :seat]);
COMMIT;
`;

/**
 * Transactions/s of the same statements under pgbench on a scratch event, by number of clients: at
 * CONCURRENCY (as many as the buyers) and at a few lower counts, since one hot row serves fewer clients better.
 */
export async function pgbenchLimit(
  mode: Mode | 'ga-one-transaction',
  db: Client,
  options: { clients?: number[]; commitDelayMs?: number } = {},
): Promise<Map<number, number>> {
  const eid = randomUUID();
  const seats = 200_000;
  await db.query(
    `INSERT INTO inventory (event_id, event_version, organizer_id, title, status, visibility, starts_at, ends_at, capacity)
     VALUES ($1, 1, $1, 'pgbench scratch', 'published', 'private', now() + interval '7 days', now() + interval '8 days', $2)`,
    [eid, mode === 'seated' ? null : 2_000_000_000],
  );
  if (mode === 'seated') {
    await db.query(
      `INSERT INTO seats (event_id, label, section, row_number, seat_number)
       SELECT $1, 'S-1-' || n, 'S', 1, n FROM generate_series(1, $2::int) AS n`,
      [eid, seats],
    );
    // Fresh statistics, as autovacuum would have them: else the planner may scan 200000 seats per booking.
    await db.query('ANALYZE seats');
  }
  // The facts pgbench writes are marked published as they are inserted, so that the services' relays (which
  // run meanwhile) leave them alone: the scripts insert them as the service does (confirm_booking() among them).
  await db.query(`
    CREATE OR REPLACE FUNCTION bench_fact_published() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.published_at := clock_timestamp(); RETURN NEW; END $$`);
  await db.query(`
    CREATE OR REPLACE TRIGGER bench_fact_published BEFORE INSERT ON outbox FOR EACH ROW
    WHEN (NEW.routing_key = 'bench.flash-sale') EXECUTE FUNCTION bench_fact_published()`);
  const dir = mkdtempSync(join(tmpdir(), 'evently-pgbench-'));
  const script = join(dir, `${mode}.sql`);
  const text = mode === 'ga' ? GA_SCRIPT : mode === 'seated' ? SEATED_SCRIPT : GA_ONE_TRANSACTION_SCRIPT;
  // A client that takes a while between its last statement and COMMIT, as a busy Node process does.
  const delay = options.commitDelayMs ? `\\sleep ${options.commitDelayMs} ms\nCOMMIT;` : 'COMMIT;';
  writeFileSync(script, text.replace('COMMIT;', delay));
  const tpsByClients = new Map<number, number>();
  try {
    for (const clients of options.clients ?? [...new Set([4, 16, CONCURRENCY])]) {
      tpsByClients.set(clients, runPgbench(mode, script, eid, seats, clients));
    }
    return tpsByClients;
  } finally {
    await db.query(`DROP TRIGGER bench_fact_published ON outbox`);
    await db.query(`DROP FUNCTION bench_fact_published()`);
    await db.query(`DELETE FROM outbox WHERE routing_key = 'bench.flash-sale'`);
    await db.query(`DELETE FROM place_claims WHERE event_id = $1`, [eid]);
    await db.query(`DELETE FROM event_stats WHERE event_id = $1`, [eid]);
    await db.query(`DELETE FROM event_daily_stats WHERE event_id = $1`, [eid]);
    await db.query(`DELETE FROM organizer_daily_stats WHERE organizer_id = $1`, [eid]);
    await db.query(`DELETE FROM bookings WHERE event_id = $1`, [eid]);
    await db.query(`DELETE FROM user_event_tickets WHERE event_id = $1`, [eid]);
    await db.query(`DELETE FROM inventory WHERE event_id = $1`, [eid]);
  }
}

export function runPgbench(
  mode: string,
  script: string,
  eid: string,
  seats: number,
  clients: number,
): number {
  const output = execFileSync(
    pgbenchBinary(),
    [
      ...['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(PGBENCH_SECONDS)],
      ...['-D', `eid=${eid}`, '-D', `seats=${seats}`, '-f', script],
      ...['-h', env.EVENTLY_PG_HOST, '-p', env.EVENTLY_PG_PORT, '-U', 'booking_service', 'evently_booking'],
    ],
    {
      env: { ...process.env, PGPASSWORD: env.BOOKING_SERVICE_DB_PASSWORD },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tps = /tps = ([\d.]+)/.exec(output);
  if (!tps || /processed: 0\b/.test(output)) throw new Error(`pgbench (${mode}) ran nothing:\n${output}`);
  return Number(tps[1]);
}
