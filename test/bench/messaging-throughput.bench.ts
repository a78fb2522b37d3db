// Benchmark, not a test (npm run bench:messaging): messages/s from outbox to inbox on this machine.
// Timing is printed, never asserted.
import { OutboxService } from '@evently/messaging';
import { randomUUID } from 'node:crypto';
import { eventually } from '@evently/testing/eventually';
import {
  labNames,
  LabService,
  startLabService,
  tearDownLab,
  THING_CREATED,
  ThingHandler,
} from '@evently/testing/messaging-lab';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const PER_TRANSACTION = Number(process.env.BENCH_PER_TRANSACTION ?? 50);

describe('messaging throughput: outbox -> exchange -> queue -> inbox', () => {
  const names = labNames();
  let producers: LabService[] = [];
  let consumers: LabService[] = [];

  beforeAll(async () => {
    producers = [
      await startLabService({ service: 'lab1-service', names }),
      await startLabService({ service: 'lab1-service', names }),
    ];
    consumers = [
      await startLabService({ service: 'lab2-service', names, handlers: [ThingHandler] }),
      await startLabService({ service: 'lab2-service', names, handlers: [ThingHandler] }),
    ];
  });
  afterAll(() => tearDownLab(names, [...producers, ...consumers]));

  it(`moves ${MESSAGES} messages (2 producer and 2 consumer instances)`, async () => {
    const [producer] = producers;
    const outbox = producer.app.get(OutboxService);
    const subjects: string[] = [];
    const started = Date.now();
    for (let written = 0; written < MESSAGES; written += PER_TRANSACTION) {
      await producer.dataSource.transaction(async (manager) => {
        for (let i = 0; i < PER_TRANSACTION && written + i < MESSAGES; i++) {
          const thingId = randomUUID();
          subjects.push(thingId);
          await outbox.addMessage(manager, THING_CREATED, { thingId, note: 'bench' });
        }
      });
    }
    const writtenAt = Date.now();
    const [consumer] = consumers;
    await eventually(
      async () => {
        const [row] = await consumer.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM lab_effects WHERE subject = ANY($1)`,
          [subjects],
        );
        return row.n === subjects.length ? true : undefined;
      },
      300000,
      'all messages handled',
    );
    const done = Date.now();
    const latency = await latenciesMs(producer, consumer, subjects);
    const seconds = (done - started) / 1000;
    const report = [
      `messages: ${MESSAGES} (${PER_TRANSACTION} per transaction)`,
      `written in ${((writtenAt - started) / 1000).toFixed(2)} s, all handled after ${seconds.toFixed(2)} s`,
      `throughput: ${(MESSAGES / seconds).toFixed(0)} messages/s end to end`,
      `outbox write -> inbox commit latency: p50 ${latency(0.5)} ms, p95 ${latency(0.95)} ms, p99 ${latency(0.99)} ms`,
    ].join('\n');
    process.stdout.write(`\n${report}\n\n`);
    expect(subjects).toHaveLength(MESSAGES);
  });
});

/** Time from the outbox write (envelope occurredAt) to the inbox commit, per message; returns a percentile function. */
async function latenciesMs(producer: LabService, consumer: LabService, subjects: string[]) {
  const written = await producer.dataSource.query<{ subject: string; at: Date }[]>(
    `SELECT envelope->'payload'->>'thingId' AS subject, (envelope->>'occurredAt')::timestamptz AS at FROM outbox
      WHERE envelope->'payload'->>'thingId' = ANY($1)`,
    [subjects],
  );
  const handled = await consumer.dataSource.query<{ subject: string; at: Date }[]>(
    `SELECT subject, handled_at AS at FROM lab_effects WHERE subject = ANY($1)`,
    [subjects],
  );
  const writtenAt = new Map(written.map((r) => [r.subject, r.at.getTime()]));
  const sorted = handled.map((r) => r.at.getTime() - (writtenAt.get(r.subject) ?? NaN)).sort((a, b) => a - b);
  return (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
}
