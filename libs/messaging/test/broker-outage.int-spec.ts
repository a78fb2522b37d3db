import { eventually } from '@evently/testing/eventually';
import {
  labNames,
  LabService,
  startLabService,
  ThingHandler,
  tearDownLab,
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
    const written: string[] = [];
    const write = async (label: string) => written.push(await producer.things.createThing(label));

    for (let i = 0; i < 20; i++) await write(`before ${i}`);
    await proxy.cut();
    const outageEnds = Date.now() + OUTAGE_MS;
    let during = 0;
    while (Date.now() < outageEnds) {
      await write(`during ${during++}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(producer.relay).toBeDefined();
    const [backlog] = await producer.dataSource.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    expect(backlog.n).toBeGreaterThan(0); // the outage really held messages back
    await proxy.restore();
    for (let i = 0; i < 20; i++) await write(`after ${i}`);

    await eventually(
      async () => {
        const [row] = await consumer.dataSource.query<{ n: number }[]>(
          `SELECT count(DISTINCT subject)::int AS n FROM lab_effects WHERE subject = ANY($1)`,
          [written],
        );
        return row.n === written.length ? true : undefined;
      },
      60000,
      `all ${written.length} things handled`,
    );
    const [effects] = await consumer.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM lab_effects WHERE subject = ANY($1)`,
      [written],
    );
    expect(effects.n).toBe(written.length); // none twice
    const [left] = await producer.dataSource.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    expect(left.n).toBe(0);
  }, 120000);
});
