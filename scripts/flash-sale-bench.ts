// Flash-sale benchmark (npm run bench:flash-sale), not a test: BUYERS buyers, each from its own 127.x.y.z
// address with its own account, race through Nginx for one event of PLACES places (general admission,
// then reserved seating), CONCURRENCY requests at a time. Then pgbench runs the same booking statements
// straight against the same database, for the raw SQL limit. Prints figures; asserts no timing.
//
// Environment: EVENTLY_STACK (default dev: the stack of `npm run stack`), BUYERS (2000), PLACES (500),
// CONCURRENCY (64), MODES (ga,seated), PGBENCH_SECONDS (5, per pgbench run), STREAM_FOLLOWERS (200 buyers
// who watch their live notifications during the sale).
import { execFileSync } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { STAT_SHARDS } from '../apps/booking-service/src/stats/stats.repository';
import { CpuUse, describeCpu, measureCpu } from './cpu-use';

export const BUYERS = Number(process.env.BUYERS ?? 2000);
export const PLACES = Number(process.env.PLACES ?? 500);
export const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const MODES = (process.env.MODES ?? 'ga,seated').split(',') as Mode[];
const PGBENCH_SECONDS = Number(process.env.PGBENCH_SECONDS ?? 5);
const STREAM_FOLLOWERS = Number(process.env.STREAM_FOLLOWERS ?? 200);
export type Mode = 'ga' | 'seated';

export const stackName = process.env.EVENTLY_STACK ?? 'dev';
const stateDir = resolve(__dirname, '..', '..', '.stack', stackName);
export const env = loadEnv(join(stateDir, 'stack.env'));
const privateKey = readFileSync(env.EVENTLY_JWT_PRIVATE_KEY_FILE, 'utf8');
export const gateway = new URL(env.EVENTLY_GATEWAY_URL);

function loadEnv(file: string): Record<string, string> {
  if (!existsSync(file)) {
    console.error(`No ${stackName} stack found (${file}). Start it first: npm run stack`);
    process.exit(1);
  }
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** A made-up account of `role`: its id, address and a token for it, signed as user-service signs them. */
export function account(role: string): { userId: string; email: string; token: string } {
  const userId = randomUUID();
  const email = `bench-${userId}@example.test`;
  const signed = jwt.sign({ email, role }, privateKey, {
    algorithm: 'RS256',
    subject: userId,
    issuer: 'evently-user-service',
    audience: 'evently',
    expiresIn: 3600,
  });
  return { userId, email, token: signed };
}

export const token = (role: string) => account(role).token;

/**
 * Tells the notifier the buyers' addresses, as each account's user.registered would have (the accounts are
 * made up, to spare 2,000 password hashes). Without it every confirmation email waits for an address that
 * never comes: retried eight times and given up, work a real sale does not do (it ran during later sales).
 */
async function knownToNotifier(accounts: { userId: string; email: string }[]): Promise<void> {
  const db = await serviceDb('notifier');
  try {
    await db.query(
      `INSERT INTO contacts (user_id, email, full_name)
       SELECT id, email, 'Bench buyer' FROM unnest($1::uuid[], $2::text[]) AS a(id, email)
       ON CONFLICT (user_id) DO NOTHING`,
      [accounts.map((a) => a.userId), accounts.map((a) => a.email)],
    );
  } finally {
    await db.end();
  }
}

/** A connection to one service's database of the stack, as that service's role. */
export async function serviceDb(service: 'booking' | 'notifier'): Promise<Client> {
  const client = new Client({
    host: env.EVENTLY_PG_HOST,
    port: Number(env.EVENTLY_PG_PORT),
    database: `evently_${service}`,
    user: `${service}_service`,
    password: env[`${service.toUpperCase()}_SERVICE_DB_PASSWORD`],
  });
  await client.connect();
  return client;
}

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

/** One request through the gateway from `from`, on its own connection (a new client). */
export function call(
  method: string,
  path: string,
  auth: string,
  body?: unknown,
  from?: string,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const req = request(
      {
        host: gateway.hostname,
        port: gateway.port,
        path: `/api/v1${path}`,
        method,
        localAddress: from,
        agent: false,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/**
 * Follows one person's live notifications (Server-Sent Events through the gateway, from their address) and
 * calls `confirmed` with the booking id of each `booking_confirmed` notification as it arrives.
 */
export function followNotifications(
  auth: string,
  from: string,
  confirmed: (bookingId: string) => void,
): { ready: Promise<void>; close(): void } {
  let close = () => undefined as void;
  const ready = new Promise<void>((done, fail) => {
    const req = request(
      {
        host: gateway.hostname,
        port: gateway.port,
        path: '/api/v1/notifications/stream',
        localAddress: from,
        agent: false,
        headers: { authorization: `Bearer ${auth}`, accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) return fail(new Error(`stream answered ${res.statusCode}`));
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          const events = pending.split('\n\n');
          pending = events.pop() ?? '';
          for (const event of events) {
            const data = event.split('\n').find((line) => line.startsWith('data: '));
            if (!data || !event.includes('event: notification')) continue;
            const notice = JSON.parse(data.slice(6)) as { type: string; data: { bookingId?: string } };
            if (notice.type === 'booking_confirmed' && notice.data.bookingId)
              confirmed(notice.data.bookingId);
          }
        });
        res.on('error', () => undefined);
        done();
      },
    );
    req.on('error', fail);
    req.end();
    close = () => void req.destroy();
  });
  return { ready, close: () => close() };
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Section A of 50-seat rows, plus a short section B for the remainder: exactly `places` seats. */
function planFor(places: number) {
  const sections = [];
  if (places >= 50) sections.push({ name: 'A', rows: Math.floor(places / 50), seatsPerRow: 50 });
  if (places % 50 > 0) sections.push({ name: 'B', rows: 1, seatsPerRow: places % 50 });
  return { sections };
}

/** A published event of `places` places that booking-service already sells; its seat labels when seated. */
export async function createOnSaleEvent(
  mode: Mode,
  places = PLACES,
): Promise<{ id: string; labels: string[] }> {
  const organizer = token('organizer');
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const created = await call('POST', '/events', organizer, {
    title: `Flash sale bench ${mode} ${new Date().toISOString()}`,
    venue: { name: 'Bench Arena', city: 'Benchville' },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
    ...(mode === 'ga' ? { capacity: places } : { seating: planFor(places) }),
  });
  if (created.status !== 201) throw new Error(`creating the event failed: ${created.status} ${created.body}`);
  const { id } = JSON.parse(created.body) as { id: string };
  const published = await call('POST', `/events/${id}/publish`, organizer);
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${published.body}`);
  for (let i = 0; ; i++) {
    const availability = await call('GET', `/availability/${id}`, organizer);
    if (availability.status === 200) {
      const body = JSON.parse(availability.body) as { seats?: { label: string }[] };
      return { id, labels: body.seats?.map((s) => s.label) ?? [] };
    }
    if (i > 100) throw new Error(`booking-service never put ${id} on sale`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SaleResult {
  confirmed: number;
  confirmedPerSecond: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  refusals: Record<string, number>;
  oversold: number;
  duplicateSeats: number;
  eventId: string;
  /** Booking id -> when its 201 reached the buyer (ms since the epoch). */
  confirmedAt: Map<string, number>;
  /** For each booking of a buyer who followed their live stream: ms from its 201 to its notification there, sorted. */
  pushed: number[];
  /** Bookings of buyers that followed their stream (each should have been pushed). */
  followed: number;
  /** CPU seconds each part of the stack used while the buyers' requests ran (see cpu-use.ts). */
  cpu: CpuUse;
  /** CPU seconds each part used from the first request until the last place was sold (all of `cpu` if never). */
  cpuToSoldOut: CpuUse;
  /** How long the buyers' requests ran, first to last answer (s). */
  seconds: number;
}

export async function runSale(mode: Mode, db: Client): Promise<SaleResult> {
  const event = await createOnSaleEvent(mode);
  // Every buyer has an account and an address of their own; in the seated sale, four buyers aim at each seat.
  const buyers = Array.from({ length: BUYERS }, (_, i) => ({
    ...account('customer'),
    from: `127.${10 + Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${1 + (i % 250)}`,
    seat: event.labels.length ? event.labels[i % event.labels.length] : undefined,
  }));
  await knownToNotifier(buyers);
  for (let i = buyers.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [buyers[i], buyers[j]] = [buyers[j], buyers[i]];
  }
  // STREAM_FOLLOWERS buyers watch their live notifications: every n-th in the order they will ask, so that
  // their bookings are spread over the whole sale.
  const pushedAt = new Map<string, number>();
  const step = Math.max(1, Math.floor(buyers.length / STREAM_FOLLOWERS));
  const followers = buyers.filter((_, i) => i % step === 0).slice(0, STREAM_FOLLOWERS);
  const streams = followers.map((buyer) =>
    followNotifications(buyer.token, buyer.from, (bookingId) => pushedAt.set(bookingId, Date.now())),
  );
  await Promise.all(streams.map((stream) => stream.ready));
  const following = new Set(followers);
  const followedBookings: string[] = [];

  const latencies: number[] = [];
  const refusals: Record<string, number> = {};
  let confirmed = 0;
  let lastConfirmedAt = 0;
  const confirmedAt = new Map<string, number>();
  let next = 0;
  const cpuSince = measureCpu();
  let cpuToSoldOut: CpuUse | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < buyers.length) {
        const buyer = buyers[next++];
        const body =
          mode === 'ga' ? { eventId: event.id, quantity: 1 } : { eventId: event.id, seats: [buyer.seat] };
        const reply = await call('POST', '/bookings', buyer.token, body, buyer.from);
        latencies.push(reply.ms);
        if (reply.status === 201) {
          confirmed++;
          lastConfirmedAt = performance.now();
          if (confirmed === PLACES) cpuToSoldOut = cpuSince();
          const { id } = JSON.parse(reply.body) as { id: string };
          confirmedAt.set(id, Date.now());
          if (following.has(buyer)) followedBookings.push(id);
        } else {
          const code = (JSON.parse(reply.body) as { code?: string }).code ?? String(reply.status);
          refusals[code] = (refusals[code] ?? 0) + 1;
        }
      }
    }),
  );
  const finished = performance.now();
  const cpu = cpuSince();
  // The followers' notifications still on their way (10 s at most), then the streams close.
  for (let waited = 0; waited < 10_000 && followedBookings.some((id) => !pushedAt.has(id)); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const stream of streams) stream.close();
  latencies.sort((a, b) => a - b);

  const [sold] = (
    await db.query<{ places: number }>(
      `SELECT coalesce(sum(quantity), 0)::int AS places FROM bookings WHERE event_id = $1 AND status = 'confirmed'`,
      [event.id],
    )
  ).rows;
  const [dupes] = (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT label FROM bookings, unnest(seats) AS label WHERE event_id = $1 AND status = 'confirmed'
         GROUP BY label HAVING count(*) > 1) d`,
      [event.id],
    )
  ).rows;
  return {
    confirmed,
    confirmedPerSecond: confirmed / ((lastConfirmedAt - started) / 1000),
    requestsPerSecond: buyers.length / ((finished - started) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    refusals,
    oversold: Math.max(0, sold.places - PLACES),
    duplicateSeats: dupes.n,
    cpu,
    cpuToSoldOut: cpuToSoldOut ?? cpu,
    seconds: (finished - started) / 1000,
    pushed: followedBookings
      .filter((id) => pushedAt.has(id))
      .map((id) => pushedAt.get(id)! - confirmedAt.get(id)!)
      .sort((a, b) => a - b),
    followed: followedBookings.length,
    eventId: event.id,
    confirmedAt,
  };
}

function pgbenchBinary(): string {
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
const GA_SCRIPT = `
\\set uid random(1, 1000000000)
\\set shard random(0, ${STAT_SHARDS - 1})
SELECT event_id, status, starts_at, capacity, sold FROM inventory WHERE event_id = :eid::uuid;
SELECT claim_id FROM claim_places(:eid::uuid, md5(:uid::text)::uuid, 1, 10) \\gset
BEGIN;
SELECT id FROM confirm_booking(gen_random_uuid(), :eid::uuid, md5(:uid::text)::uuid, 1, '{}', :claim_id::uuid, gen_random_uuid(), 'bench.flash-sale', jsonb_build_object('type', 'bench', 'payload', jsonb_build_object('bookingId', gen_random_uuid(), 'quantity', 1, 'seats', jsonb_build_array())), :shard);
COMMIT;
`;

// The design before place_claims, for comparison: one transaction that ends holding the event's row.
const GA_ONE_TRANSACTION_SCRIPT = `
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
const SEATED_SCRIPT = `
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

function runPgbench(mode: string, script: string, eid: string, seats: number, clients: number): number {
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

async function main(): Promise<void> {
  const db = await serviceDb('booking');
  console.log(
    `Flash sale on the ${stackName} stack (${gateway.origin}): ${BUYERS} buyers, ${PLACES} places, ` +
      `${CONCURRENCY} concurrent, booking-service instances: ${env.EVENTLY_BOOKING_SERVICE_INSTANCES ?? '?'}`,
  );
  try {
    for (const mode of MODES) {
      const sale = await runSale(mode, db);
      const limits = await pgbenchLimit(mode, db);
      const atConcurrency = limits.get(CONCURRENCY)!;
      const [bestClients, best] = [...limits].sort((a, b) => b[1] - a[1])[0];
      const fmt = (n: number) => n.toFixed(1);
      console.log(`\n== ${mode === 'ga' ? 'general admission' : 'reserved seating'} ==`);
      console.log(`confirmed            ${sale.confirmed} (must equal ${PLACES})`);
      console.log(`oversold             ${sale.oversold} (must be 0)`);
      console.log(`duplicate seats      ${sale.duplicateSeats} (must be 0)`);
      console.log(`refusals             ${JSON.stringify(sale.refusals)}`);
      console.log(
        `confirmed/s          ${fmt(sale.confirmedPerSecond)} (first request to last confirmation)`,
      );
      console.log(`requests/s           ${fmt(sale.requestsPerSecond)}`);
      console.log(`latency ms           p50 ${fmt(sale.p50)}  p95 ${fmt(sale.p95)}  p99 ${fmt(sale.p99)}`);
      console.log(`cpu                  ${describeCpu(sale.cpu, BUYERS, sale.seconds)}`);
      console.log(
        `live stream          ${sale.pushed.length} of ${sale.followed} followers' bookings pushed, p99 ${fmt(percentile(sale.pushed, 99))} ms after their 201`,
      );
      const byClients = [...limits].map(([c, tps]) => `${c} clients ${fmt(tps)}`).join(', ');
      console.log(`pgbench same SQL     tx/s: ${byClients} (${PGBENCH_SECONDS} s each)`);
      const ratio = (limit: number) => (sale.confirmedPerSecond / limit).toFixed(2);
      console.log(
        `ratio                ${ratio(atConcurrency)} vs pgbench at ${CONCURRENCY} clients (HTTP confirmed/s / tx/s)`,
      );
      console.log(`                     ${ratio(best)} vs pgbench's best (${bestClients} clients)`);
      if (sale.confirmed !== PLACES || sale.oversold !== 0 || sale.duplicateSeats !== 0) process.exitCode = 1;
    }
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
