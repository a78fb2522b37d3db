// Webhook delivery lag under a sale: an organizer's webhook (booking.confirmed) receives 1,000 bookings sold
// through the gateway at CONCURRENCY; for each delivery, the time from the booking's fact (its timestamp)
// to the receiver having it, with every signature verified. `npm run bench:webhooks` (on the test stack).
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { account, call, CONCURRENCY, percentile } from './bench-stack';
import type { Row } from './bench-table';

const BOOKINGS = Number(process.env.BOOKINGS ?? 1000);

export interface WebhookLag {
  booked: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  inOrder: boolean;
  forged: number;
  line: string;
}

/** Sells BOOKINGS places with a webhook listening and measures each delivery's lag. */
export async function runWebhookLag(): Promise<WebhookLag> {
  const lags: number[] = [];
  const seqs: number[] = [];
  let hook: Webhook | null = null;
  let forged = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrived = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        hook!.verify(body, req.headers as Record<string, string>);
      } catch {
        forged++;
      }
      const parsed = JSON.parse(body) as { type: string; timestamp: string; seq: number };
      if (parsed.type === 'booking.confirmed') {
        lags.push(arrived - Date.parse(parsed.timestamp));
        seqs.push(parsed.seq);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench`;

  const organizer = account('organizer').token;
  const created = await call('POST', '/webhooks', organizer, { url, events: ['booking.confirmed'] });
  if (created.status !== 201) throw new Error(`webhook: ${created.status} ${created.body}`);
  hook = new Webhook((JSON.parse(created.body) as { secret: string }).secret);
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const event = JSON.parse(
    (
      await call('POST', '/events', organizer, {
        title: 'Webhook lag bench',
        venue: { name: 'Hall', city: 'Porto' },
        startsAt: starts.toISOString(),
        endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
        timeZone: 'Europe/Lisbon',
        capacity: BOOKINGS,
      })
    ).body,
  ) as { id: string };
  await call('POST', `/events/${event.id}/publish`, organizer, undefined);
  for (
    let waited = 0;
    (await call('GET', `/availability/${event.id}`, organizer)).status !== 200;
    waited += 100
  ) {
    if (waited > 15_000) throw new Error('the event never reached booking-service');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const started = performance.now();
  let next = 0;
  let booked = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < BOOKINGS) {
        next++;
        const buyer = account('customer').token;
        for (;;) {
          const reply = await call('POST', '/bookings', buyer, { eventId: event.id, quantity: 1 });
          if (reply.status === 201) break;
          if (reply.status !== 503 && reply.status !== 429) throw new Error(`${reply.status} ${reply.body}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        booked++;
      }
    }),
  );
  const soldIn = (performance.now() - started) / 1000;
  for (let waited = 0; lags.length < booked; waited += 100) {
    if (waited > 120_000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainedIn = (performance.now() - started) / 1000;
  server.close();
  const sorted = [...lags].sort((a, b) => a - b);
  const inOrder = seqs.every((s, i) => i === 0 || s > seqs[i - 1]);
  const line =
    `webhook deliveries under a ${booked}-booking sale (${CONCURRENCY} concurrent, sold in ${soldIn.toFixed(1)} s, all delivered after ${drainedIn.toFixed(1)} s): ` +
    `${lags.length} delivered, lag p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms; ` +
    `in feed order: ${inOrder}; bad signatures: ${forged}`;
  return {
    booked,
    delivered: lags.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    inOrder,
    forged,
    line,
  };
}

/** The rows of `npm run bench`: the lag's p50 and p99, all delivered in order with good signatures. */
export function webhookLagRows(lag: WebhookLag): Row[] {
  const whole = lag.delivered === lag.booked && lag.inOrder && lag.forged === 0;
  return [
    {
      figure: `Webhook delivery lag p50, ${lag.booked}-booking sale`,
      value: lag.p50,
      unit: 'ms',
      target: '(report)',
      met: whole,
    },
    {
      figure: `Webhook delivery lag p99, ${lag.booked}-booking sale`,
      value: lag.p99,
      unit: 'ms',
      target: '(report)',
      met: whole,
    },
  ];
}

if (require.main === module) {
  runWebhookLag()
    .then((lag) => {
      console.log(lag.line);
      if (!webhookLagRows(lag)[0].met) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
