import {
  labNames,
  LabService,
  startLabService,
  ThingHandler,
  tearDownLab,
  writeThroughOutage,
} from '@evently/testing/messaging-lab';
import { stackEnv } from '@evently/testing/stack';
import { TcpProxy } from '@evently/testing/tcp-proxy';

const OUTAGE_MS = 10000;

describe('a broker outage while writes continue', () => {
  const names = labNames();
  const amqpUrl = new URL(stackEnv('EVENTLY_RABBITMQ_URL'));
  const proxy = new TcpProxy('127.0.0.1', Number(amqpUrl.port));
  let producer: LabService;
  let consumer: LabService;

  beforeAll(async () => {
    await proxy.start();
    const viaProxy = new URL(amqpUrl);
    viaProxy.port = String(proxy.port);
    const env = { RABBITMQ_URL: viaProxy.toString() };
    producer = await startLabService({ service: 'lab5-service', names, env });
    consumer = await startLabService({ service: 'lab6-service', names, env, handlers: [ThingHandler] });
  });

  afterAll(async () => {
    await proxy.restore();
    await tearDownLab(names, [producer, consumer]);
    await proxy.stop();
  });

  it('delays messages and loses none, with no manual step', async () => {
    const { written, handledOnce } = await writeThroughOutage(producer, consumer, {
      outageMs: OUTAGE_MS,
      cut: () => proxy.cut(),
      restore: () => proxy.restore(),
      whileDown: async () => {
        // The outage really held messages back.
        const [backlog] = await producer.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        );
        expect(backlog.n).toBeGreaterThan(0);
      },
    });
    expect(handledOnce).toBe(written.length); // none twice
    const [left] = await producer.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
    );
    expect(left.n).toBe(0);
  }, 120000);
});
