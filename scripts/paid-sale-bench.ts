// The paid sale of `npm run bench`: the flash sale's buyers order a priced ticket type (each order holds its
// place awaiting payment), then the organizer marks every hold paid (offline payment), as fast as the
// gateway takes it. Reported beside the free general-admission sale of the same run.
import { randomInt } from 'node:crypto';
import type { Client } from 'pg';
import { account, BUYERS, call, CONCURRENCY, percentile, PLACES, token } from './bench-stack';

export interface PaidSaleResult {
  eventId: string;
  held: number;
  heldPerSecond: number;
  orderP99: number;
  paid: number;
  paidPerSecond: number;
  payP99: number;
  /** Confirmed bookings and ledger payments in the database afterwards, and places sold past capacity. */
  confirmed: number;
  payments: number;
  oversold: number;
  refusals: Record<string, number>;
}

/** Runs `work` over `items` with CONCURRENCY workers; the latencies of its replies, and the time it took. */
async function pool<T>(
  items: T[],
  work: (item: T) => Promise<number>,
): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) ms.push(await work(items[next++]));
    }),
  );
  return { ms: ms.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

export async function runPaidSale(db: Client): Promise<PaidSaleResult> {
  const organizer = token('organizer');
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const created = await call('POST', '/events', organizer, {
    title: `Paid sale bench ${new Date().toISOString()}`,
    venue: { name: 'Bench Arena', city: 'Benchville' },
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
    timeZone: 'UTC',
    capacity: PLACES,
    ticketTypes: [{ name: 'Standard', price: { amount: 2500, currency: 'EUR' } }],
  });
  if (created.status !== 201) throw new Error(`creating the event failed: ${created.status} ${created.body}`);
  const event = JSON.parse(created.body) as { id: string; ticketTypes: { id: string }[] };
  const published = await call('POST', `/events/${event.id}/publish`, organizer);
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${published.body}`);
  for (let i = 0; (await call('GET', `/availability/${event.id}`, organizer)).status !== 200; i++) {
    if (i > 100) throw new Error(`booking-service never put ${event.id} on sale`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const buyers = Array.from({ length: BUYERS }, (_, i) => ({
    ...account('customer'),
    from: `127.${20 + Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${1 + (i % 250)}`,
  }));
  for (let i = buyers.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [buyers[i], buyers[j]] = [buyers[j], buyers[i]];
  }
  const holds: string[] = [];
  const refusals: Record<string, number> = {};
  let lastHeld = 0;
  const started = performance.now();
  const items = [{ ticketTypeId: event.ticketTypes[0].id, quantity: 1 }];
  const orders = await pool(buyers, async (buyer) => {
    const reply = await call('POST', '/bookings', buyer.token, { eventId: event.id, items }, buyer.from);
    if (reply.status === 201) {
      holds.push((JSON.parse(reply.body) as { id: string }).id);
      lastHeld = performance.now();
    } else {
      const code = (JSON.parse(reply.body) as { code?: string }).code ?? String(reply.status);
      refusals[code] = (refusals[code] ?? 0) + 1;
    }
    return reply.ms;
  });
  let paid = 0;
  // Each call from an address of its own, like the buyers' (the gateway limits requests per address).
  let payer = 0;
  const payments = await pool(holds, async (id) => {
    const from = `127.30.${Math.floor(payer / 250) % 250}.${1 + (payer++ % 250)}`;
    const reply = await call('POST', `/bookings/${id}/mark-paid`, organizer, undefined, from);
    if (reply.status === 200) paid++;
    return reply.ms;
  });

  const [counts] = (
    await db.query<{ confirmed: number; payments: number; places: number }>(
      `SELECT (SELECT count(*)::int FROM bookings WHERE event_id = $1 AND status = 'confirmed') AS confirmed,
              (SELECT count(*)::int FROM payments p JOIN bookings b ON b.id = p.booking_id
               WHERE b.event_id = $1 AND p.kind = 'payment') AS payments,
              (SELECT coalesce(sum(quantity), 0)::int FROM bookings
               WHERE event_id = $1 AND status IN ('confirmed', 'pending_payment')) AS places`,
      [event.id],
    )
  ).rows;
  return {
    eventId: event.id,
    held: holds.length,
    heldPerSecond: holds.length / ((lastHeld - started) / 1000),
    orderP99: percentile(orders.ms, 99),
    paid,
    paidPerSecond: paid / payments.seconds,
    payP99: percentile(payments.ms, 99),
    confirmed: counts.confirmed,
    payments: counts.payments,
    oversold: Math.max(0, counts.places - PLACES),
    refusals,
  };
}
