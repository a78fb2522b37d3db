// Benchmark, not a test (npm run bench:waitlist-expiry): how late unanswered waiting-list offers expire
// when 1,000 of them fall due within a second or two, with two booking-service instances running the
// scheduler on the medium database. Timing is printed, never asserted.
import { AuthUser, Role } from '@evently/auth';
import { MetricsService } from '@evently/common';
import { makeEventSnapshot } from '@evently/testing/facts';
import { MediumService, startMedium } from '@evently/testing/medium';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../apps/booking-service/src/app.module';
import { InventoryService } from '../../apps/booking-service/src/inventory/inventory.service';
import { commandsOf } from '../../apps/booking-service/test/medium/commands';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 1000);
const customer = (): AuthUser => ({
  id: randomUUID(),
  email: 'bench@example.test',
  role: Role.Customer,
  tokenVersion: 0,
  sessionId: null,
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('waiting-list offer expiry lag', () => {
  let instances: MediumService[] = [];
  beforeAll(async () => {
    instances = [
      await startMedium(AppModule, 'medium-booking-service'),
      await startMedium(AppModule, 'medium-booking-service'),
    ];
  }, 60_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
  });

  it(`expires ${OFFERS} offers due at about the same time`, async () => {
    const [svc] = instances;
    const commands = commandsOf(svc);
    const snapshot = makeEventSnapshot({ capacity: OFFERS, waitlist: { enabled: true, offerMinutes: 1 } });
    await svc.dataSource.transaction((m) => svc.get(InventoryService).applySnapshot(m, snapshot));
    const eventId = snapshot.eventId;

    const holders = Array.from({ length: OFFERS / 10 }, () => customer());
    const held = [];
    for (const holder of holders) {
      held.push(await commands.book(holder, { eventId, quantity: 10 }));
    }
    for (let i = 0; i < OFFERS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => commands.join(customer(), eventId, 1)));
    }
    const offering = Date.now();
    await Promise.all(held.map((booking, i) => commands.cancel(holders[i], booking.id)));
    const offeredIn = Date.now() - offering;

    const rows = await waitForAll(svc, eventId);
    const lags = rows
      .map((r) => (r.closed_at.getTime() - r.offer_expires_at.getTime()) / 1000)
      .sort((a, b) => a - b);
    const deadlines = rows.map((r) => r.offer_expires_at.getTime());
    const spread = (Math.max(...deadlines) - Math.min(...deadlines)) / 1000;
    const perInstance = await Promise.all(
      instances.map(async (instance) => {
        const metric = await instance
          .get(MetricsService)
          .registry.getSingleMetric('scheduler_jobs_total')!
          .get();
        return metric.values
          .filter((v) => v.labels.queue === 'waitlist.offer-expiry' && v.labels.outcome === 'done')
          .reduce((sum, v) => sum + v.value, 0);
      }),
    );
    const table = [
      ['offers', String(rows.length)],
      ['made by 100 concurrent cancellations in', `${offeredIn} ms`],
      ['deadlines spread over', `${spread.toFixed(2)} s`],
      ['expiry lag p50', `${percentile(lags, 50).toFixed(2)} s`],
      ['expiry lag p90', `${percentile(lags, 90).toFixed(2)} s`],
      ['expiry lag p99', `${percentile(lags, 99).toFixed(2)} s`],
      ['expiry lag max', `${lags[lags.length - 1].toFixed(2)} s`],
      ['expiry jobs run per instance', perInstance.join(' / ')],
    ];
    process.stdout.write(`\n${table.map(([k, v]) => `${k.padEnd(42)} ${v}`).join('\n')}\n\n`);
    expect(rows).toHaveLength(OFFERS);
  }, 240_000);
});

async function waitForAll(svc: MediumService, eventId: string) {
  for (;;) {
    const rows = await svc.query<{ status: string; offer_expires_at: Date; closed_at: Date }>(
      `SELECT status, offer_expires_at, closed_at FROM waitlist_entries WHERE event_id = $1`,
      [eventId],
    );
    if (rows.every((r) => r.status === 'expired')) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
