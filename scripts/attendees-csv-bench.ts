// The attendee export at scale: an event with 100,000 tickets (written straight into booking-service's
// database, as 10,000 bookings of 10), exported as CSV through the gateway, while the resident memory of
// each booking-service instance is sampled every 50 ms. Streamed a thousand rows at a time, the export should
// leave memory flat whatever the size of the event. `npm run bench:attendees-csv` (on the test stack).
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { account, call, gateway, serviceDb } from './bench-stack';

const TICKETS = Number(process.env.TICKETS ?? 100_000);
const PER_BOOKING = 10;

/** Resident memory (MB) of each booking-service process, by pid. */
function bookingServiceRss(): Map<string, number> {
  const rss = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/apps/booking-service/')) continue;
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) rss.set(pid, Number(kb[1]) / 1024);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return rss;
}

/** GETs `path` through the gateway, counting bytes and lines as they stream in; never keeps the body. */
function stream(
  path: string,
  token: string,
): Promise<{ status: number; bytes: number; lines: number; ms: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = request(
      {
        host: gateway.hostname,
        port: gateway.port,
        path: `/api/v1${path}`,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines++;
        });
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, bytes, lines, ms: performance.now() - started }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

async function main(): Promise<void> {
  const organizer = account('organizer');
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const created = await call('POST', '/events', organizer.token, {
    title: 'Attendee export bench',
    venue: { name: 'Arena', city: 'Lisbon' },
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
    timeZone: 'Europe/Lisbon',
    capacity: Math.min(TICKETS, 100_000), // the largest an event may have; the rows are written directly
  });
  const event = JSON.parse(created.body) as { id: string; version: number };
  await call('POST', `/events/${event.id}/publish`, organizer.token, undefined);
  const db = await serviceDb('booking');
  try {
    for (let waited = 0; ; waited += 100) {
      const { rowCount } = await db.query(`SELECT 1 FROM inventory WHERE event_id = $1`, [event.id]);
      if (rowCount) break;
      if (waited > 15_000) throw new Error('the event never reached booking-service');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const bookings = TICKETS / PER_BOOKING;
    await db.query(
      `INSERT INTO bookings (id, event_id, user_id, quantity, seats, status)
       SELECT gen_random_uuid(), $1, gen_random_uuid(), $2, '{}', 'confirmed' FROM generate_series(1, $3)`,
      [event.id, PER_BOOKING, bookings],
    );
    await db.query(
      `INSERT INTO tickets (id, booking_id, event_id, user_id, position, attendee_name)
       SELECT gen_random_uuid(), b.id, b.event_id, b.user_id, p, 'Attendee ' || p || ' of ' || left(b.id::text, 8)
       FROM bookings b, generate_series(1, $2) AS p WHERE b.event_id = $1`,
      [event.id, PER_BOOKING],
    );
    // What autovacuum does within a minute of a bulk insert: the planner then knows the event is large.
    await db.query(`ANALYZE tickets`);
  } finally {
    await db.end();
  }

  const before = bookingServiceRss();
  const peak = new Map(before);
  const sampler = setInterval(() => {
    for (const [pid, mb] of bookingServiceRss()) peak.set(pid, Math.max(peak.get(pid) ?? 0, mb));
  }, 50);
  const result = await stream(`/events/${event.id}/attendees.csv`, organizer.token);
  clearInterval(sampler);
  const rows = result.lines - 1;
  console.log(
    `attendees.csv of ${TICKETS} tickets: HTTP ${result.status}, ${rows} rows, ${(result.bytes / 1_048_576).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s`,
  );
  for (const [pid, mb] of before) {
    const top = peak.get(pid) ?? mb;
    console.log(
      `booking-service pid ${pid}: RSS ${mb.toFixed(1)} MB before, peak ${top.toFixed(1)} MB during (+${(top - mb).toFixed(1)} MB)`,
    );
  }
  if (result.status !== 200 || rows !== TICKETS) process.exitCode = 1;
  // The rows were written past the sale's own counters: take them out again, so the stack stays consistent.
  const cleanup = await serviceDb('booking');
  try {
    await cleanup.query(`DELETE FROM tickets WHERE event_id = $1`, [event.id]);
    await cleanup.query(`DELETE FROM bookings WHERE event_id = $1`, [event.id]);
  } finally {
    await cleanup.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
