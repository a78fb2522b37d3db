// Benchmark, not a test (npm run bench:reminders): one reminder to 10,000 attendees of one event, with two
// notifier instances on the medium database, emails to the test stack's MailDev. Prints how long after the
// due time the in-app reminders and the emails exist / are sent, and how long other notifications took
// meanwhile. Timing is printed, never asserted.
import { BookingConfirmedV1 } from '@evently/contracts';
import { makeEventSnapshot } from '@evently/testing/facts';
import { MediumService, startMedium } from '@evently/testing/medium';
import { stackEnv } from '@evently/testing/stack';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../apps/notifier-service/src/app.module';
import { BookingFactsService } from '../../apps/notifier-service/src/booking-facts/booking-facts.service';
import { EventFactsService } from '../../apps/notifier-service/src/event-facts/event-facts.service';

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 10_000);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('reminder fan-out', () => {
  let instances: MediumService[] = [];
  beforeAll(async () => {
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: stackEnv('EVENTLY_MAIL_SMTP_PORT') };
    instances = [
      await startMedium(AppModule, 'medium-notifier-service', env),
      await startMedium(AppModule, 'medium-notifier-service', env),
    ];
  }, 60_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
  });

  it(`reminds ${ATTENDEES} attendees of one event`, async () => {
    const [svc] = instances;
    // Due 20 s from now: time to write the attendees first.
    const startsAt = new Date(Date.now() + 80_000);
    const snapshot = makeEventSnapshot({ startsAt: startsAt.toISOString(), reminders: [1] });
    await svc.dataSource.transaction((m) => svc.get(EventFactsService).published(m, snapshot));
    const users = Array.from({ length: ATTENDEES }, () => randomUUID());
    await svc.query(
      `INSERT INTO contacts (user_id, email, full_name)
       SELECT u, 'bench-' || u || '@example.test', 'Bench' FROM unnest($1::uuid[]) AS u`,
      [users],
    );
    await svc.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status, confirmed_at)
       SELECT gen_random_uuid(), $2, u, 1 + (random() * 3)::int, '{}', 'confirmed', clock_timestamp() - interval '1 minute'
       FROM unnest($1::uuid[]) AS u`,
      [users, snapshot.eventId],
    );
    const dueAt = startsAt.getTime() - 60_000;

    // Other notices keep coming while the fan-out runs: how long does each take?
    const other = makeEventSnapshot();
    await svc.dataSource.transaction((m) => svc.get(EventFactsService).published(m, other));
    const otherLatencies: number[] = [];
    const booking = (): BookingConfirmedV1 => ({
      bookingId: randomUUID(),
      eventId: other.eventId,
      userId: randomUUID(),
      quantity: 1,
      seats: [],
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now())));
    let done = false;
    const others = (async () => {
      while (!done) {
        const began = Date.now();
        await svc.dataSource.transaction((m) => svc.get(BookingFactsService).confirmed(m, booking()));
        otherLatencies.push(Date.now() - began);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const count = async (sql: string) =>
      Number((await svc.query<{ n: string }>(sql, [snapshot.eventId]))[0].n);
    const reminderCount = `SELECT count(*) AS n FROM notifications WHERE type = 'event_reminder' AND data->>'eventId' = $1`;
    const sentCount = `SELECT count(*) AS n FROM emails e JOIN notifications n ON n.id = e.notification_id
                       WHERE n.type = 'event_reminder' AND n.data->>'eventId' = $1 AND e.status = 'sent'`;
    let allInApp = 0;
    for (;;) {
      const inApp = await count(reminderCount);
      if (inApp >= ATTENDEES && !allInApp) allInApp = Date.now();
      if (inApp >= ATTENDEES && (await count(sentCount)) >= ATTENDEES) break;
      if (Date.now() - dueAt > 300_000) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    done = true;
    await others;
    const created = (
      await svc.query<{ ms: number }>(
        `SELECT extract(epoch FROM created_at) * 1000 - $2 AS ms FROM notifications
         WHERE type = 'event_reminder' AND data->>'eventId' = $1 ORDER BY 1`,
        [snapshot.eventId, dueAt],
      )
    ).map((r) => Number(r.ms) / 1000);
    const sent = (
      await svc.query<{ ms: number }>(
        `SELECT extract(epoch FROM e.sent_at) * 1000 - $2 AS ms FROM emails e JOIN notifications n ON n.id = e.notification_id
         WHERE n.type = 'event_reminder' AND n.data->>'eventId' = $1 AND e.status = 'sent' ORDER BY 1`,
        [snapshot.eventId, dueAt],
      )
    ).map((r) => Number(r.ms) / 1000);
    const otherSorted = [...otherLatencies].sort((a, b) => a - b);
    const table = [
      ['attendees', String(ATTENDEES)],
      ['in-app reminders', `${created.length}`],
      [
        'in-app after due: p50 / p99 / max',
        `${percentile(created, 50).toFixed(1)} / ${percentile(created, 99).toFixed(1)} / ${created[created.length - 1].toFixed(1)} s`,
      ],
      ['emails sent', `${sent.length}`],
      [
        'email sent after due: p50 / p99 / max',
        sent.length
          ? `${percentile(sent, 50).toFixed(1)} / ${percentile(sent, 99).toFixed(1)} / ${sent[sent.length - 1].toFixed(1)} s`
          : '-',
      ],
      [
        'other notices meanwhile (count, p50 / p99 ms)',
        `${otherSorted.length}, ${percentile(otherSorted, 50)} / ${percentile(otherSorted, 99)}`,
      ],
    ];
    process.stdout.write(`\n${table.map(([k, v]) => `${k.padEnd(46)} ${v}`).join('\n')}\n\n`);
    expect(created).toHaveLength(ATTENDEES);
  }, 420_000);
});
