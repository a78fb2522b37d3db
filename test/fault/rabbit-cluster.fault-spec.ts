// Drills on a three-node RabbitMQ cluster (the test stack runs one when started with EVENTLY_RABBIT_NODES=3,
// as `npm test` does): the node leading the queues of the booking facts killed (-9) in the middle of a
// 500-buyer sale; the leading node cut off by a network partition mid-sale (it pauses: pause_minority); two
// of three nodes stopped (quorum lost) for 20 s while bookings go on. Afterwards nothing
// is oversold or lost, every booking is notified exactly once, no message is parked in a DLQ, and no service
// was restarted by hand. The time until deliveries resumed is printed (a figure for the note, not asserted).
import { api, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import {
  nodeNumber,
  nodeStates,
  queueDepth,
  queueState,
  queueStates,
  rabbitNodes,
  type QueueState,
} from '@evently/testing/rabbit-admin';
import { queryServiceDb } from '@evently/testing/service-db';
import { SERVICE_NAMES, stackScript } from '@evently/testing/stack';
import { drill, expectIntegrity, healthy, report, saleWithFault } from './sale-drill';

/** The queues booking.confirmed reaches: the notifier's notices and the event-service's booked places. */
const BOOKING_FACT_QUEUES = ['notifier-service', 'event-service'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every node runs and every quorum queue of the services has all its members online. */
async function clusterWhole(): Promise<void> {
  await eventually(
    async () => {
      const nodes = await nodeStates().catch(() => []);
      if (nodes.length !== 3 || !nodes.every((n) => n.running)) return undefined;
      for (const service of SERVICE_NAMES) {
        const queue = await queueState(service).catch(() => undefined);
        if (!queue || (queue.online ?? []).length !== 3) return undefined;
      }
      return true;
    },
    120_000,
    'all three nodes running, every queue with its three members online',
  );
}

/** The services' queues: main queues, retry tiers and DLQs. */
async function ourQueues(): Promise<QueueState[]> {
  const ours = (name: string) =>
    SERVICE_NAMES.some((service) => name === service || name.startsWith(`${service}.`));
  return (await queueStates()).filter((queue) => ours(queue.name));
}

/** Messages parked in each service's DLQ (the suites before may have parked some on purpose). */
async function deadLetters(): Promise<Record<string, number>> {
  const depths: Record<string, number> = {};
  for (const service of SERVICE_NAMES) depths[service] = await queueDepth(`${service}.dlq`);
  return depths;
}

let parkedBefore: Record<string, number> = {};

/** No message was parked in a DLQ since the drill began. */
async function expectNoDeadLetters(): Promise<void> {
  expect(await deadLetters()).toEqual(parkedBefore);
}

async function expectServicesHealthy(): Promise<void> {
  for (const service of SERVICE_NAMES) expect(await healthy(service)).toBe(true);
}

/** booking-service's facts about the event not yet published. */
async function pendingFacts(eventId: string): Promise<number> {
  const [row] = await queryServiceDb<{ pending: number }>(
    'booking-service',
    `SELECT count(*)::int AS pending FROM outbox
      WHERE published_at IS NULL AND envelope->'payload'->>'eventId' = $1`,
    [eventId],
  );
  return row.pending;
}

const describeOnCluster = rabbitNodes() >= 3 ? describe : describe.skip;

describeOnCluster('a three-node RabbitMQ cluster under faults', () => {
  beforeAll(async () => {
    await clusterWhole();
    // A node that came back (drills run before on this cluster) leads no queue until the leaders are
    // rebalanced, as an operator does after a recovery; a newly formed cluster needs none (it takes ~25 s).
    const leaders = new Set((await ourQueues()).map((queue) => queue.leader));
    if (leaders.size < 3) stackScript('broker:rebalance');
  }, 150_000);

  beforeEach(async () => {
    parkedBefore = await deadLetters();
  });

  afterEach(async () => {
    // Whatever happened, the next drill starts on the whole cluster.
    for (let node = 1; node <= 3; node++) stackScript('broker:node-start', String(node));
    await clusterWhole();
  }, 200_000);

  it("keeps every service's queues quorum queues with a member on each node, under the stack's policy", async () => {
    // The management API shows a queue's policy and leader a few seconds after it changed: read them once
    // every queue of the services shows both.
    const queues = await eventually(
      async () => {
        const found = await ourQueues();
        return found.length > SERVICE_NAMES.length && found.every((q) => q.policy && q.leader)
          ? found
          : undefined;
      },
      30_000,
      'every service queue shown with its policy and leader',
    );
    expect(SERVICE_NAMES.filter((service) => !queues.some((queue) => queue.name === service))).toEqual([]);
    expect(
      queues
        .map((queue) => [queue.name, queue.type, (queue.members ?? []).length, queue.policy])
        .filter(
          ([, type, members, policy]) => type !== 'quorum' || members !== 3 || policy !== 'evently-quorum',
        ),
    ).toEqual([]);
    // The policy's balanced leader locator (and the rebalance after each drill) spreads the leaders: each of
    // the three nodes leads some of the services' queues (main queues, retry tiers and DLQs).
    expect(new Set(queues.map((queue) => queue.leader)).size).toBe(3);
  });

  it('loses nothing when the node leading the booking facts is killed (-9) mid-sale (500 buyers)', async () => {
    const leader = (await queueState('notifier-service'))!.leader!;
    const node = nodeNumber(leader);
    let resumedAfterMs = 0;
    const sale = await saleWithFault(
      async () => {
        const killedAt = Date.now();
        await drill('broker:kill', String(node));
        // Deliveries resume once the notifier's queue has a new leader and its consumers are back on it.
        const before = await notices();
        await eventually(async () => ((await notices()) > before ? true : undefined), 60_000, 'deliveries');
        resumedAfterMs = Date.now() - killedAt;
      },
      { buyers: 500, capacity: 350, inFlight: 32, strikeAt: 100 },
    );
    report(
      `RabbitMQ node ${node} (leading ${BOOKING_FACT_QUEUES.join(', ')}) killed mid-sale`,
      sale,
      'fault',
    );
    process.stdout.write(
      `deliveries to the notifier resumed ${(resumedAfterMs / 1000).toFixed(1)} s after the kill\n`,
    );
    await expectIntegrity(sale);
    const after = await queueState('notifier-service');
    expect(after?.leader).not.toBe(leader);
    await expectNoDeadLetters();
    await expectServicesHealthy();
  }, 300_000);

  it('goes on selling when the leading node is cut off by a network partition: it pauses, the others serve', async () => {
    const leader = (await queueState('notifier-service'))!.leader!;
    const node = nodeNumber(leader);
    const sale = await saleWithFault(async () => {
      await drill('broker:partition', String(node));
      // pause_minority: alone, the node stops serving; its queues' leaders move to the majority.
      await eventually(
        async () => {
          const nodes = await nodeStates().catch(() => []);
          return nodes.find((n) => n.name === leader)?.running === false ? true : undefined;
        },
        60_000,
        'the cut-off node paused',
      );
      await sleep(5_000);
      await drill('broker:heal', String(node));
    });
    report(`RabbitMQ node ${node} (leading the booking facts) cut off mid-sale`, sale, 'fault');
    await expectIntegrity(sale);
    await expectNoDeadLetters();
    await expectServicesHealthy();
  }, 300_000);

  it('keeps bookings in the outbox while quorum is lost (two of three nodes down, 20 s), then delivers each once', async () => {
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, { capacity: 100 });
    const survivor = nodeNumber((await queueState('notifier-service'))!.leader!);
    const down = [1, 2, 3].filter((n) => n !== survivor);
    await Promise.all(down.map((node) => drill('broker:node-stop', String(node))));
    const stoppedAt = Date.now();
    const bookingIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await api('POST', '/bookings', {
        caller: makeCaller('customer'),
        body: { eventId: event.id, quantity: 1 },
      });
      expect(res.status).toBe(201);
      bookingIds.push((res.json() as { id: string }).id);
    }
    // Publishing waits: the facts stay in booking-service's outbox while no queue has a quorum.
    expect(await pendingFacts(event.id)).toBeGreaterThan(0);
    await sleep(Math.max(0, 20_000 - (Date.now() - stoppedAt)));
    // Both at once: a restarting cluster node waits for its peers.
    await Promise.all(down.map((node) => drill('broker:node-start', String(node))));

    const rows = await eventually(
      async () => {
        const found = await queryServiceDb<{ booking: string; notices: number }>(
          'notifier-service',
          `SELECT data->>'bookingId' AS booking, count(*)::int AS notices FROM notifications
            WHERE type = 'booking_confirmed' AND data->>'bookingId' = ANY ($1::text[]) GROUP BY 1`,
          [bookingIds],
        );
        return found.length === bookingIds.length ? found : undefined;
      },
      120_000,
      'every booking notified',
    );
    expect(rows.filter((r) => r.notices !== 1)).toEqual([]);
    // A publish whose confirm was lost with its node is sent again (the inbox drops the copy), then marked.
    await eventually(
      async () => ((await pendingFacts(event.id)) === 0 ? true : undefined),
      30_000,
      'outbox empty',
    );
    await expectNoDeadLetters();
    await expectServicesHealthy();
  }, 300_000);
});

/** booking_confirmed notices written so far. */
async function notices(): Promise<number> {
  const [row] = await queryServiceDb<{ n: number }>(
    'notifier-service',
    `SELECT count(*)::int AS n FROM notifications WHERE type = 'booking_confirmed'`,
  );
  return row.n;
}
