// Fault suite: runs alone, after the other suites (npm test), because it stops the test stack's RabbitMQ.
import { eventually } from '@evently/testing/eventually';
import {
  labNames,
  LabService,
  startLabService,
  ThingHandler,
  tearDownLab,
  writeThroughOutage,
} from '@evently/testing/messaging-lab';
import { gatewayUrl, SERVICE_NAMES, stackScript } from '@evently/testing/stack';

const OUTAGE_MS = 10000;

const healthOf = async (service: string) => (await fetch(`${gatewayUrl()}/health/${service}`)).status;

describe('RabbitMQ stopped for ~10 s while writes continue, then started', () => {
  const names = labNames();
  let producer: LabService;
  let consumer: LabService;

  beforeAll(async () => {
    producer = await startLabService({ service: 'lab5-service', names });
    consumer = await startLabService({ service: 'lab6-service', names, handlers: [ThingHandler] });
  });

  afterAll(async () => {
    stackScript('broker:start');
    await tearDownLab(names, [producer, consumer]);
  });

  it('delivers every message exactly once afterwards, and every service recovers by itself', async () => {
    const { written, duringOutage, handledOnce } = await writeThroughOutage(producer, consumer, {
      outageMs: OUTAGE_MS,
      cut: async () => {
        stackScript('broker:stop');
        // The real services notice: their health names the broker.
        await eventually(
          async () => ((await healthOf('booking-service')) === 503 ? true : undefined),
          15000,
          'health 503',
        );
      },
      restore: () => Promise.resolve(stackScript('broker:start')).then(() => undefined),
    });
    expect(handledOnce).toBe(written.length);
    expect(duringOutage).toBeGreaterThan(50);

    for (const service of SERVICE_NAMES) {
      await eventually(
        async () => ((await healthOf(service)) === 200 ? true : undefined),
        60000,
        `${service} healthy again`,
      );
    }
  }, 180000);
});
