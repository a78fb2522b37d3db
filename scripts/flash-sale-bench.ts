// Flash-sale benchmark (npm run bench:flash-sale), not a test: BUYERS buyers, each from its own 127.x.y.z
// address with its own account, race through Nginx for one event of PLACES places (general admission,
// then reserved seating), CONCURRENCY requests at a time. Then pgbench runs the same booking statements
// straight against the same database, for the raw SQL limit. Prints figures; asserts no timing.
//
// Environment: EVENTLY_STACK (default dev: the stack of `npm run stack`), BUYERS (2000), PLACES (500),
// CONCURRENCY (64), MODES (ga,seated), PGBENCH_SECONDS (5, per pgbench run), STREAM_FOLLOWERS (200 buyers
// who watch their live notifications during the sale).
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { CpuUse, describeCpu, measureCpu, perBooking } from './cpu-use';
import {
  BUYERS,
  PLACES,
  CONCURRENCY,
  Mode,
  stackName,
  env,
  gateway,
  account,
  token,
  knownToNotifier,
  serviceDb,
  call,
  followNotifications,
  percentile,
} from './bench-stack';
import { PGBENCH_SECONDS, pgbenchLimit } from './pgbench-reference';

const MODES = (process.env.MODES ?? 'ga,seated').split(',') as Mode[];
const STREAM_FOLLOWERS = Number(process.env.STREAM_FOLLOWERS ?? 200);

export function planFor(places: number) {
  const sections = [];
  if (places >= 50) sections.push({ name: 'A', rows: Math.floor(places / 50), seatsPerRow: 50 });
  if (places % 50 > 0) sections.push({ name: 'B', rows: 1, seatsPerRow: places % 50 });
  return { sections };
}

/** A published event of `places` places that booking-service already sells; its seat labels when seated. */
export async function createOnSaleEvent(
  mode: Mode,
  places = PLACES,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; labels: string[] }> {
  const organizer = token('organizer');
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const created = await call('POST', '/events', organizer, {
    title: `Flash sale bench ${mode} ${new Date().toISOString()}`,
    venue: { name: 'Bench Arena', city: 'Benchville' },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
    timeZone: 'UTC',
    ...(mode === 'ga' ? { capacity: places } : { seating: planFor(places) }),
    ...extra,
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
  /** CPU seconds each part used from the first request until every confirmed booking's email was sent. */
  cpuWithNotices: CpuUse;
  /** Confirmation emails sent by then (all of them unless NOTICES_WAIT_MS ran out), and when, from the start. */
  noticesSent: number;
  noticesSeconds: number;
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
  const notices = await noticesSent(event.id, confirmed, cpuSince);
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
    cpuWithNotices: notices.cpu,
    noticesSent: notices.sent,
    noticesSeconds: (notices.at - started) / 1000,
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

/**
 * Waits (NOTICES_WAIT_MS at most, 120 s by default) until the notifier has sent the confirmation email of each
 * of the sale's `confirmed` bookings, and reads the CPU then: what a booking costs with its notice.
 */
async function noticesSent(
  eventId: string,
  confirmed: number,
  cpuSince: () => CpuUse,
): Promise<{ cpu: CpuUse; sent: number; at: number }> {
  const notifier = await serviceDb('notifier');
  const deadline = performance.now() + Number(process.env.NOTICES_WAIT_MS ?? 120_000);
  try {
    for (;;) {
      const [{ sent }] = (
        await notifier.query<{ sent: number }>(
          `SELECT count(*)::int AS sent FROM emails e JOIN notifications n ON n.id = e.notification_id
           WHERE n.type = 'booking_confirmed' AND n.data->>'eventId' = $1 AND e.status = 'sent'`,
          [eventId],
        )
      ).rows;
      if (sent >= confirmed || performance.now() > deadline) {
        return { cpu: cpuSince(), sent, at: performance.now() };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await notifier.end();
  }
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
      const fmt2 = (n: number) => n.toFixed(2);
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
      const toSoldOut = perBooking(sale.cpuToSoldOut, sale.confirmed);
      const withNotices = perBooking(sale.cpuWithNotices, sale.confirmed);
      console.log(
        `cpu per booking      ${fmt2(toSoldOut.evently)} ms until sold out; ${fmt2(withNotices.evently)} ms with its ` +
          `email sent (${sale.noticesSent} sent ${fmt(sale.noticesSeconds)} s after the first request); load ` +
          `generator and SMTP sink excluded (${fmt2(withNotices.harness)} ms)`,
      );
      console.log(`                     ${withNotices.parts}`);
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
