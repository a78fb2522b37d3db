// A general-admission sale with a fault in the middle, as the fault specs drill it: buyers (a fixed number in
// flight) each retrying under their own Idempotency-Key on a network error, 5xx, 429 or 409 in progress, as
// a client following Retry-After does; the fault strikes once a number of bookings are confirmed. Then what
// must hold whatever the fault: nobody got a 500, nothing oversold, nobody booked twice, every booking
// notified and emailed exactly once.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, Caller, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';
import { stackEnv } from '@evently/testing/stack';

export interface SaleShape {
  buyers: number;
  capacity: number;
  inFlight: number;
  /** The fault strikes once this many bookings are confirmed. */
  strikeAt: number;
}

/** The fault specs' usual sale: 300 buyers for 201 places, 32 in flight, the fault after 60 bookings. */
export const SALE: SaleShape = { buyers: 300, capacity: 201, inFlight: 32, strikeAt: 60 };

const script = join(__dirname, '..', '..', 'scripts', 'stack.sh');
/** A drill command run beside the sale (not blocking the buyers), as an operator's shell would. */
export const drill = (...args: string[]) =>
  promisify(execFile)('bash', [script, ...args], {
    env: { ...process.env, EVENTLY_STACK: stackEnv('EVENTLY_STACK'), EVENTLY_SKIP_BUILD: '1' },
    timeout: 120_000,
  });

export interface Outcome {
  buyer: Caller;
  final: number;
  code?: string;
  bookingId?: string;
  attempts: number;
  finishedAt: number;
}

export interface SaleReport {
  shape: SaleShape;
  outcomes: Outcome[];
  statuses: Map<string, number>;
  firstAttempts: Map<string, number>;
  faultAt: number;
  recoveredAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a careful client does: book, and on a retryable answer wait (Retry-After, at most 1 s) and retry. */
async function buy(buyer: Caller, eventId: string, tally: (status: string, first: boolean) => void) {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    let code: string | undefined;
    let body: { id?: string; code?: string } = {};
    let retryAfter = 0.2;
    try {
      const res = await api('POST', '/bookings', {
        caller: buyer,
        body: { eventId, quantity: 1 },
        headers: { 'idempotency-key': key },
      });
      status = res.status;
      try {
        body = res.json() as typeof body;
      } catch {
        body = {};
      }
      code = body.code;
      const header = Number(res.headers['retry-after']);
      if (Number.isFinite(header) && header > 0) retryAfter = Math.min(header, 1);
      else if (status >= 500) tally(`${status} without Retry-After`, false);
    } catch {
      status = 0;
    }
    tally(code ? `${status} ${code}` : String(status), attempt === 1);
    const retryable = status === 0 || status >= 500 || status === 429 || code === 'IDEMPOTENCY_IN_PROGRESS';
    if (!retryable) {
      return { buyer, final: status, code, bookingId: body.id, attempts: attempt, finishedAt: Date.now() };
    }
    await sleep(retryAfter * 1000);
  }
}

export async function saleWithFault(
  strike: () => Promise<unknown>,
  shape: SaleShape = SALE,
): Promise<SaleReport> {
  const organizer = makeCaller('organizer');
  const event = await onSaleEvent(organizer, { capacity: shape.capacity });
  const buyers = Array.from({ length: shape.buyers }, () => makeCaller('customer'));
  // The notifier learns the buyers' addresses as user.registered would have told it (made-up accounts).
  await queryServiceDb(
    'notifier-service',
    `INSERT INTO contacts (user_id, email, full_name)
     SELECT id, 'fault-' || id || '@example.test', 'Fault buyer' FROM unnest($1::uuid[]) AS a(id)
     ON CONFLICT (user_id) DO NOTHING`,
    [buyers.map((b) => b.id)],
  );
  const statuses = new Map<string, number>();
  const firstAttempts = new Map<string, number>();
  let confirmed = 0;
  let faultAt = 0;
  let recoveredAt = 0;
  let fault: Promise<unknown> | undefined;
  const tally = (status: string, first: boolean) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (first) firstAttempts.set(status, (firstAttempts.get(status) ?? 0) + 1);
    if (status === '201' && ++confirmed === shape.strikeAt) {
      faultAt = Date.now();
      fault = strike().then(() => (recoveredAt = Date.now()));
    }
  };
  const queue = [...buyers];
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: shape.inFlight }, async () => {
      for (let buyer = queue.shift(); buyer; buyer = queue.shift()) {
        outcomes.push(await buy(buyer, event.id, tally));
      }
    }),
  );
  await fault;
  return { shape, outcomes, statuses, firstAttempts, faultAt, recoveredAt: recoveredAt || faultAt };
}

export function report(name: string, sale: SaleReport, from: 'fault' | 'recovery'): void {
  const last = Math.max(...sale.outcomes.map((o) => o.finishedAt));
  const since = from === 'fault' ? sale.faultAt : sale.recoveredAt;
  const table = (counts: Map<string, number>) =>
    [...counts.entries()]
      .sort()
      .map(([status, n]) => `${n} x ${status}`)
      .join(', ');
  process.stdout.write(
    `${name}: every buyer answered ${((last - since) / 1000).toFixed(1)} s after the ${from}` +
      ` (fault ${((sale.recoveredAt - sale.faultAt) / 1000).toFixed(1)} s long);` +
      ` first attempts: ${table(sale.firstAttempts)}; all attempts: ${table(sale.statuses)}\n`,
  );
}

export async function expectIntegrity(sale: SaleReport): Promise<void> {
  const { buyers: BUYERS, capacity: CAPACITY } = sale.shape;
  const statuses = [...sale.statuses.keys()];
  expect(statuses.filter((s) => s.startsWith('500') || s.includes('without Retry-After'))).toEqual([]);
  const booked = sale.outcomes.filter((o) => o.final === 201);
  const soldOut = sale.outcomes.filter((o) => o.final === 409 && o.code === 'SOLD_OUT');
  expect({
    booked: booked.length,
    soldOut: soldOut.length,
    others: BUYERS - booked.length - soldOut.length,
  }).toEqual({
    booked: CAPACITY,
    soldOut: BUYERS - CAPACITY,
    others: 0,
  });
  const eventId = (
    await queryServiceDb<{ event_id: string }>(
      'booking-service',
      `SELECT event_id FROM bookings WHERE id = $1`,
      [booked[0].bookingId],
    )
  )[0].event_id;
  const [sold] = await queryServiceDb<{ sold: number; capacity: number; bookings: number; buyers: number }>(
    'booking-service',
    `SELECT i.sold, i.capacity,
            (SELECT count(*)::int FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed') AS bookings,
            (SELECT count(DISTINCT user_id)::int FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed') AS buyers
       FROM inventory i WHERE i.event_id = $1`,
    [eventId],
  );
  expect(sold).toEqual({ sold: CAPACITY, capacity: CAPACITY, bookings: CAPACITY, buyers: CAPACITY });
  // Every booking notified in the inbox, and emailed, exactly once (the notifier catches up by itself).
  const ids = booked.map((o) => o.bookingId!);
  const notices = await eventually(
    async () => {
      const rows = await queryServiceDb<{ booking: string; notices: number; sent: number }>(
        'notifier-service',
        `SELECT n.data->>'bookingId' AS booking, count(*)::int AS notices,
                count(*) FILTER (WHERE e.status = 'sent')::int AS sent
           FROM notifications n LEFT JOIN emails e ON e.notification_id = n.id
          WHERE n.type = 'booking_confirmed' AND n.data->>'bookingId' = ANY ($1::text[])
          GROUP BY 1`,
        [ids],
      );
      return rows.length === ids.length && rows.every((r) => r.sent === 1) ? rows : undefined;
    },
    60_000,
    'every booking notified and emailed',
  );
  expect(notices.filter((r) => r.notices !== 1 || r.sent !== 1)).toEqual([]);
  const mail = (await (await fetch(`${stackEnv('EVENTLY_MAIL_WEB_URL')}/email`)).json()) as {
    to: { address: string }[];
  }[];
  const perBuyer = new Map<string, number>();
  for (const message of mail) {
    for (const to of message.to) perBuyer.set(to.address, (perBuyer.get(to.address) ?? 0) + 1);
  }
  const mailsPerBooking = booked.map((o) => perBuyer.get(`fault-${o.buyer.id}@example.test`) ?? 0);
  expect(mailsPerBooking.filter((n) => n !== 1)).toEqual([]);
}

/** True once the service answers its health check through the gateway (within 60 s). */
export const healthy = (service: string) =>
  eventually(
    async () => {
      const res = await gatewayRequest(`/health/${service}`, { from: newClientAddress() }).catch(
        () => undefined,
      );
      return res?.status === 200 ? true : undefined;
    },
    60_000,
    `${service} healthy`,
  );
