// Overload (issue 33), open loop: visitors arrive at a constant rate whatever the answers' speed, as a real
// on-sale does (a closed loop of N clients slows down with the server and hides overload). From the measured
// booking capacity C (confirmed/s of the GA flash sale of the same run):
//   1. bookings arriving at C/2 for HALF_SECONDS: their p99;
//   2. visitors arriving at 10 C for OVERLOAD_SECONDS at an event that opens through its queue: each joins,
//      asks for its place again when its estimated wait is up (every 2 s once near), and books with its pass
//      once admitted (the organizer's rate: 0.8 C a second); joins' p99, admitted bookings' p99, 5xx,
//      timeouts, oversold;
//   3. the same 10 C of bookings at an event without a queue, for contrast: what the answers are.
// Every visitor has their own account and their own 127.x.y.z address and connection. `npm run bench:overload`
// (the test stack); `npm run bench` ends with its rows. A benchmark: nothing here fails on a timing.
//
// Environment: CAPACITY (confirmed/s; measured by a flash sale when not given), OVERLOAD_SECONDS (60),
// HALF_SECONDS (20), DRAIN_SECONDS (15: queued visitors keep asking this long after the arrivals stop).
import { Worker } from 'node:worker_threads';
import { call, CallTimeout, percentile, privateKey, Reply, serviceDb } from './bench-stack';
import type { Row } from './bench-table';
import { describeCpu, measureCpu } from './cpu-use';
import { createOnSaleEvent, runSale } from './flash-sale-bench';
import { fmt } from './bench-table';

const OVERLOAD_SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 60);
const HALF_SECONDS = Number(process.env.HALF_SECONDS ?? 20);
const DRAIN_SECONDS = Number(process.env.DRAIN_SECONDS ?? 15);
/** A request unanswered this long counts as a timeout (and is abandoned). */
const TIMEOUT_MS = 10_000;

type Answer = Reply;

/** Tallies of one phase: answers by status, latencies by kind, timeouts. */
class Tally {
  readonly statuses = new Map<string, number>();
  readonly latencies = new Map<string, number[]>();
  timeouts = 0;
  errors = 0;
  withoutRetryAfter = 0;

  add(kind: string, answer: Answer | 'timeout' | 'error'): void {
    if (answer === 'timeout') this.timeouts++;
    if (answer === 'error') this.errors++;
    const status = typeof answer === 'string' ? answer : String(answer.status);
    this.statuses.set(`${kind} ${status}`, (this.statuses.get(`${kind} ${status}`) ?? 0) + 1);
    if (typeof answer === 'string') return;
    if ((answer.status === 429 || answer.status === 503) && !answer.retryAfter) this.withoutRetryAfter++;
    const list = this.latencies.get(kind) ?? [];
    list.push(answer.ms);
    this.latencies.set(kind, list);
  }

  p99(kind: string): number {
    return percentile(
      [...(this.latencies.get(kind) ?? [])].sort((a, b) => a - b),
      99,
    );
  }

  count(prefix: string): number {
    let n = 0;
    for (const [key, v] of this.statuses) if (key.startsWith(prefix)) n += v;
    return n;
  }

  fiveHundreds(): number {
    let n = 0;
    for (const [key, v] of this.statuses) if (/ 5\d\d$/.test(key)) n += v;
    return n;
  }

  line(): string {
    return [...this.statuses].map(([k, v]) => `${k}: ${v}`).join(', ');
  }
}

/** One request through the gateway on a new connection from `from`; 'timeout' after TIMEOUT_MS. */
const send = (method: string, path: string, auth: string, from: string, body?: unknown) =>
  call(method, path, auth, body, from, TIMEOUT_MS).then(
    (reply): Answer | 'timeout' | 'error' => reply,
    (error: unknown) => (error instanceof CallTimeout ? 'timeout' : 'error'),
  );

/** Calls `fire(i)` at `rate` a second for `seconds` (not waiting for answers); resolves when all are fired. */
function openLoop(rate: number, seconds: number, fire: (i: number) => void): Promise<number> {
  const total = Math.round(rate * seconds);
  const started = Date.now();
  let fired = 0;
  return new Promise((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
      while (fired < due) fire(fired++);
      if (fired >= total) return done(fired);
      setTimeout(tick, 5);
    };
    tick();
  });
}

/** Visitor i's own address: 127.20.0.1 onwards (1..254 in the last part). */
const address = (i: number) =>
  `127.${20 + Math.floor(i / (254 * 256))}.${Math.floor(i / 254) % 256}.${(i % 254) + 1}`;

/** `n` accounts with tokens signed as user-service signs them, in worker threads (RS256 costs ~1 ms each). */
async function accounts(n: number): Promise<{ userId: string; email: string; token: string }[]> {
  const workers = 2;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { randomUUID } = require('node:crypto');
    const jwt = require(workerData.jwt);
    const out = [];
    for (let i = 0; i < workerData.n; i++) {
      const userId = randomUUID();
      const email = 'bench-' + userId + '@example.test';
      out.push({ userId, email, token: jwt.sign({ email, role: 'customer' }, workerData.key, {
        algorithm: 'RS256', subject: userId, issuer: 'evently-user-service', audience: 'evently', expiresIn: 3600 }) });
    }
    parentPort.postMessage(out);`;
  const parts = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<{ userId: string; email: string; token: string }[]>((done, fail) => {
          const worker = new Worker(code, {
            eval: true,
            workerData: {
              n: Math.ceil(n / workers),
              key: privateKey,
              jwt: require.resolve('jsonwebtoken'),
            },
          });
          worker.once('message', done);
          worker.once('error', fail);
        }),
    ),
  );
  return parts.flat().slice(0, n);
}

/** A GA event of `places` whose sale opens through its queue in `opensInMs`, admitting `admitPerMinute`. */
async function queuedEvent(places: number, admitPerMinute: number, opensInMs: number): Promise<string> {
  const onSale = { queue: true, opensAt: new Date(Date.now() + opensInMs).toISOString(), admitPerMinute };
  return (await createOnSaleEvent('ga', places, { onSale })).id;
}

export interface OverloadResult {
  capacity: number;
  half: { rate: number; tally: Tally };
  queued: { rate: number; tally: Tally; admitted: number; waiting: number; sold: number; places: number };
  unqueued: { rate: number; tally: Tally; sold: number; places: number };
}

async function soldOf(eventId: string): Promise<number> {
  const db = await serviceDb('booking');
  try {
    const { rows } = await db.query<{ sold: number }>(`SELECT sold FROM inventory WHERE event_id = $1`, [
      eventId,
    ]);
    return rows[0].sold;
  } finally {
    await db.end();
  }
}

export async function runOverload(capacity?: number): Promise<OverloadResult> {
  let c = capacity;
  if (!c) {
    console.log('  measuring the booking capacity (one GA flash sale)...');
    const db = await serviceDb('booking');
    try {
      c = (await runSale('ga', db)).confirmedPerSecond;
    } finally {
      await db.end();
    }
  }
  console.log(
    `  capacity C = ${fmt(c)} confirmed/s; signing ${Math.round(10 * c * OVERLOAD_SECONDS)} tokens...`,
  );
  const people = await accounts(Math.round(10 * c * OVERLOAD_SECONDS) + 10);

  // 1. Half the capacity, no queue.
  const halfRate = c / 2;
  const half = new Tally();
  const halfPlaces = Math.ceil(halfRate * HALF_SECONDS) + 50;
  const { id: halfEvent } = await createOnSaleEvent('ga', halfPlaces);
  console.log(`  ${fmt(halfRate)} bookings/s for ${HALF_SECONDS} s...`);
  const halfAnswers: Promise<void>[] = [];
  await openLoop(halfRate, HALF_SECONDS, (i) => {
    halfAnswers.push(
      send('POST', '/bookings', people[i].token, address(i), { eventId: halfEvent, quantity: 1 }).then((a) =>
        half.add('booking', a),
      ),
    );
  });
  await Promise.all(halfAnswers);
  console.log(`    ${half.line()}`);

  // 2. Ten times the capacity, through the queue.
  const rate = 10 * c;
  const admitPerMinute = Math.max(1, Math.round(0.8 * c * 60));
  const places = Math.ceil(0.8 * c * (OVERLOAD_SECONDS + DRAIN_SECONDS));
  const queueEvent = await queuedEvent(places, admitPerMinute, 2_000);
  const queued = new Tally();
  const pending: Promise<void>[] = [];
  const stopAsking = Date.now() + (OVERLOAD_SECONDS + DRAIN_SECONDS) * 1000 + 2_000;
  let admitted = 0;
  let waiting = 0;
  const visit = async (i: number) => {
    const who = people[i];
    const from = address(i);
    const joined = await send('POST', `/events/${queueEvent}/queue`, who.token, from);
    queued.add('join', joined);
    if (typeof joined === 'string' || joined.status >= 300) return;
    let place = JSON.parse(joined.body) as {
      token: string;
      estimatedWaitSeconds: number | null;
      state: string;
      pass: string | null;
    };
    for (;;) {
      if (place.state === 'admitted' && place.pass) {
        admitted++;
        const booked = await send('POST', '/bookings', who.token, from, {
          eventId: queueEvent,
          quantity: 1,
          queuePass: place.pass,
        });
        queued.add('admitted booking', booked);
        return;
      }
      const wait = Math.min(10, Math.max(2, place.estimatedWaitSeconds ?? 2)) * 1000;
      if (Date.now() + wait > stopAsking) {
        waiting++;
        return;
      }
      await new Promise((r) => setTimeout(r, wait));
      const asked = await send('GET', `/events/${queueEvent}/queue?token=${place.token}`, who.token, from);
      queued.add('status', asked);
      if (typeof asked === 'string' || asked.status !== 200) return;
      place = JSON.parse(asked.body) as typeof place;
    }
  };
  await new Promise((r) => setTimeout(r, 1_000));
  console.log(
    `  ${fmt(rate)} visitors/s for ${OVERLOAD_SECONDS} s through the queue (admitting ${admitPerMinute}/min)...`,
  );
  const queueCpu = measureCpu();
  const queueStarted = Date.now();
  await openLoop(rate, OVERLOAD_SECONDS, (i) => pending.push(visit(i)));
  // Where the machine's CPU went while visitors arrived (per arrival).
  console.log(
    `    ${describeCpu(queueCpu(), Math.round(rate * OVERLOAD_SECONDS), (Date.now() - queueStarted) / 1000)}`,
  );
  await Promise.all(pending);
  const queuedSold = await soldOf(queueEvent);
  console.log(
    `    ${queued.line()}; admitted ${admitted}, still waiting ${waiting}, sold ${queuedSold}/${places}`,
  );

  // 3. The same, without a queue.
  const unqueued = new Tally();
  const plainPlaces = Math.ceil(c * OVERLOAD_SECONDS);
  const { id: plainEvent } = await createOnSaleEvent('ga', plainPlaces);
  console.log(`  ${fmt(rate)} bookings/s for ${OVERLOAD_SECONDS} s without a queue...`);
  const plain: Promise<void>[] = [];
  const plainCpu = measureCpu();
  const plainStarted = Date.now();
  await openLoop(rate, OVERLOAD_SECONDS, (i) => {
    plain.push(
      send('POST', '/bookings', people[i].token, address(i), { eventId: plainEvent, quantity: 1 }).then((a) =>
        unqueued.add('booking', a),
      ),
    );
  });
  console.log(
    `    ${describeCpu(plainCpu(), Math.round(rate * OVERLOAD_SECONDS), (Date.now() - plainStarted) / 1000)}`,
  );
  await Promise.all(plain);
  const plainSold = await soldOf(plainEvent);
  console.log(`    ${unqueued.line()}; sold ${plainSold}/${plainPlaces}`);

  return {
    capacity: c,
    half: { rate: halfRate, tally: half },
    queued: { rate, tally: queued, admitted, waiting, sold: queuedSold, places },
    unqueued: { rate, tally: unqueued, sold: plainSold, places: plainPlaces },
  };
}

/** The rows `npm run bench` shows. */
export function overloadRows(r: OverloadResult): Row[] {
  const q = r.queued.tally;
  const u = r.unqueued.tally;
  return [
    {
      figure: `Open loop at C/2 (${fmt(r.half.rate)} bookings/s, C = ${fmt(r.capacity)}/s): booking p99 (${r.half.tally.line()})`,
      value: r.half.tally.p99('booking'),
      unit: 'ms',
      target: '<= 100 ms',
      met: r.half.tally.p99('booking') <= 100,
    },
    {
      figure: `10 C through the queue (${fmt(r.queued.rate)} visitors/s, ${OVERLOAD_SECONDS} s): queue joins p99`,
      value: q.p99('join'),
      unit: 'ms',
      target: '<= 50 ms',
      met: q.p99('join') <= 50,
    },
    {
      figure: `10 C through the queue: admitted bookings p99 (${q.count('admitted booking')} booked)`,
      value: q.p99('admitted booking'),
      unit: 'ms',
      target: '<= 250 ms',
      met: q.p99('admitted booking') <= 250,
    },
    {
      figure: `10 C through the queue: 5xx + timeouts (${q.line()}; sold ${r.queued.sold}/${r.queued.places})`,
      value: q.fiveHundreds() + q.timeouts + q.errors,
      unit: '',
      target: '0',
      met: q.fiveHundreds() + q.timeouts + q.errors === 0 && r.queued.sold <= r.queued.places,
    },
    {
      figure: `10 C without a queue, for contrast (${u.line()}; sold ${r.unqueued.sold}/${r.unqueued.places}; 429/503 without Retry-After: ${u.withoutRetryAfter}): 500s + timeouts`,
      value: u.count('booking 500') + u.timeouts + u.errors,
      unit: '',
      target: '0 (429/503 with Retry-After)',
      met: u.count('booking 500') + u.timeouts + u.errors === 0 && u.withoutRetryAfter === 0,
    },
  ];
}

if (require.main === module) {
  runOverload(process.env.CAPACITY ? Number(process.env.CAPACITY) : undefined)
    .then((result) => {
      for (const row of overloadRows(result)) {
        console.log(
          `${row.met ? 'met ' : 'NOT '} ${row.figure}: ${fmt(row.value)} ${row.unit} (target ${row.target})`,
        );
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
