import { RequestContext } from '@evently/common';
import { OutboxService } from '@evently/messaging';
import amqplib, { ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { eventually } from '@evently/testing/eventually';
import {
  counterValue,
  LabNames,
  labNames,
  LabService,
  NOBODY_LISTENS,
  OTHER_HAPPENED,
  OtherHandler,
  startLabService,
  THING_CREATED,
  ThingHandler,
  tearDownLab,
} from '@evently/testing/messaging-lab';
import { stackEnv } from '@evently/testing/stack';
import { effectsFor, waitForEffects, envelope, publishRaw, readDlq } from './lab-effects';

describe('libs/messaging against real RabbitMQ and PostgreSQL', () => {
  let names: LabNames;
  let producer: LabService; // lab1: publishes lab.thing.created, handles nothing
  let thingsB1: LabService; // lab2, two instances: handles lab.thing.created
  let thingsB2: LabService;
  let otherC: LabService; // lab3: handles only lab.other.happened
  let thingsD: LabService; // lab4: handles lab.thing.created too
  let broker: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    names = labNames();
    producer = await startLabService({ service: 'lab1-service', names });
    thingsB1 = await startLabService({ service: 'lab2-service', names, handlers: [ThingHandler] });
    thingsB2 = await startLabService({ service: 'lab2-service', names, handlers: [ThingHandler] });
    otherC = await startLabService({ service: 'lab3-service', names, handlers: [OtherHandler] });
    thingsD = await startLabService({ service: 'lab4-service', names, handlers: [ThingHandler] });
    broker = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
    channel = await broker.createConfirmChannel();
  });

  afterAll(async () => {
    await tearDownLab(names, [producer, thingsB1, thingsB2, otherC, thingsD]);
    await broker?.close();
  });

  it('delivers a fact exactly once to each subscribed service, and never to the others', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await producer.things.createThing(`fan-out ${i}`));

    const inB = await waitForEffects(thingsB1, ids);
    const inD = await waitForEffects(thingsD, ids);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would show up by now
    expect(
      (await thingsB1.dataSource.query(`SELECT subject FROM lab_effects WHERE subject = ANY($1)`, [ids]))
        .length,
    ).toBe(20);
    expect(
      (await thingsD.dataSource.query(`SELECT subject FROM lab_effects WHERE subject = ANY($1)`, [ids]))
        .length,
    ).toBe(20);
    expect(new Set(inB.map((r) => r.subject)).size).toBe(20);
    expect(new Set(inD.map((r) => r.subject)).size).toBe(20);
    // lab3 is bound only to lab.other.happened: nothing of lab.thing.created reaches it.
    expect(
      await otherC.dataSource.query(`SELECT * FROM lab_effects WHERE routing_key = $1`, [THING_CREATED]),
    ).toEqual([]);
    // The envelope keeps the producer and the correlation id.
    const [row] = await producer.dataSource.query<
      { envelope: { producer: string; correlationId: string; version: number } }[]
    >(`SELECT envelope FROM outbox WHERE envelope->'payload'->>'thingId' = $1`, [ids[0]]);
    expect(row.envelope).toMatchObject({ producer: 'lab1-service', version: 1 });
    expect(row.envelope.correlationId).toBeTruthy();
  });

  it('routes a fact only to the service bound to its key', async () => {
    const id = randomUUID();
    await publishRaw(
      channel,
      names,
      envelope({ type: OTHER_HAPPENED, payload: { n: 7 }, id }),
      OTHER_HAPPENED,
    );
    await eventually(async () => {
      const rows = await otherC.dataSource.query<unknown[]>(
        `SELECT * FROM lab_effects WHERE message_id = $1`,
        [id],
      );
      return rows.length === 1 ? rows : undefined;
    });
    expect(await thingsD.dataSource.query(`SELECT * FROM lab_effects WHERE message_id = $1`, [id])).toEqual(
      [],
    );
  });

  it('gives the same message delivered twice one effect', async () => {
    const duplicatesBefore = await counterValue(thingsD.metrics, 'messaging_consumed_total', {
      outcome: 'duplicate',
    });
    const message = envelope();
    await publishRaw(channel, names, message, THING_CREATED, message.id);
    await publishRaw(channel, names, message, THING_CREATED, message.id);
    const subject = (message.payload as { thingId: string }).thingId;
    await waitForEffects(thingsD, [subject]);
    await eventually(async () =>
      (await counterValue(thingsD.metrics, 'messaging_consumed_total', { outcome: 'duplicate' })) >
      duplicatesBefore
        ? true
        : undefined,
    );
    expect(await effectsFor(thingsD, subject)).toHaveLength(1);
  });

  it('retries a handler that fails twice, then keeps exactly one effect; two retries show in metrics', async () => {
    const retriedBefore = await counterValue(thingsD.metrics, 'messaging_retried_total', {
      routing_key: THING_CREATED,
    });
    const subject = await producer.things.createThing('flaky', { failTimes: 2 });
    const [effect] = await waitForEffects(thingsD, [subject]);
    expect(effect.retry_count).toBe(2);
    expect(await effectsFor(thingsD, subject)).toHaveLength(1);
    expect(
      (await counterValue(thingsD.metrics, 'messaging_retried_total', { routing_key: THING_CREATED })) -
        retriedBefore,
    ).toBe(2);
    expect(
      await counterValue(thingsD.metrics, 'messaging_retried_total', { tier: '1' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('parks an always-failing message in the DLQ with the error in headers, and handles the ones behind it', async () => {
    const poison = await producer.things.createThing('poison', { failTimes: 99 });
    const after: string[] = [];
    for (let i = 0; i < 5; i++) after.push(await producer.things.createThing(`after poison ${i}`));
    await waitForEffects(thingsD, after);

    const parked: GetMessage[] = [];
    await eventually(async () => {
      parked.push(...(await readDlq(channel, thingsD.queue)));
      return parked.length > 0 ? true : undefined;
    });
    expect(parked).toHaveLength(1);
    const headers = parked[0].properties.headers ?? {};
    expect(JSON.parse(parked[0].content.toString()).payload.thingId).toBe(poison);
    expect(headers['x-error-reason']).toBe('handler-failed');
    expect(String(headers['x-error'])).toContain('induced failure 3 of 99');
    expect(headers['x-retry-count']).toBe(2);
    expect(headers['x-original-queue']).toBe(thingsD.queue);
    expect(await effectsFor(thingsD, poison)).toEqual([]);
    expect(
      await counterValue(thingsD.metrics, 'messaging_dead_lettered_total', { reason: 'handler-failed' }),
    ).toBe(1);
  });

  it('parks an invalid payload in the DLQ at once, with no retry', async () => {
    const retriedBefore = await counterValue(thingsD.metrics, 'messaging_retried_total');
    await publishRaw(channel, names, envelope({ payload: { thingId: 'not-a-uuid', note: 'bad' } }));
    await publishRaw(channel, names, 'this is not json {');
    const parked: GetMessage[] = [];
    await eventually(async () => {
      parked.push(...(await readDlq(channel, thingsD.queue)));
      return parked.length >= 2 ? true : undefined;
    });
    const reasons = parked.map((m) => m.properties.headers?.['x-error-reason'] as string).sort();
    expect(reasons).toEqual(['invalid-payload', 'unparseable']);
    const invalid = parked.find((m) => m.properties.headers?.['x-error-reason'] === 'invalid-payload')!;
    expect(String(invalid.properties.headers?.['x-error'])).toContain('thingId');
    expect(invalid.properties.headers?.['x-retry-count']).toBe(0);
    expect(await counterValue(thingsD.metrics, 'messaging_retried_total')).toBe(retriedBefore);
  });

  it('publishes nothing when the business transaction rolls back', async () => {
    const rolledBackNote = `rolled back ${randomUUID()}`;
    await expect(producer.things.createThing(rolledBackNote, { rollback: true })).rejects.toThrow(
      'business rule',
    );
    expect(
      await producer.dataSource.query(`SELECT id FROM outbox WHERE envelope->'payload'->>'note' = $1`, [
        rolledBackNote,
      ]),
    ).toEqual([]);
    // A fact written after it arrives; the rolled-back one never does.
    const later = await producer.things.createThing('after the rollback');
    await waitForEffects(thingsD, [later]);
    expect(
      await thingsD.dataSource.query(
        `SELECT 1 FROM inbox i JOIN lab_effects e ON e.message_id = i.message_id WHERE e.subject IN (SELECT id::text FROM lab_things WHERE note = $1)`,
        [rolledBackNote],
      ),
    ).toEqual([]);
  });

  it('refuses an outbox write outside a transaction, and a payload that breaks its contract', async () => {
    const outbox = producer.app.get(OutboxService);
    await expect(
      outbox.addMessage(producer.dataSource.manager, THING_CREATED, { thingId: randomUUID(), note: 'x' }),
    ).rejects.toThrow(/inside the business transaction/);
    await expect(
      producer.dataSource.transaction((m) =>
        outbox.addMessage(m, THING_CREATED, { thingId: 'nope', note: 'x' }),
      ),
    ).rejects.toThrow(/invalid lab.thing.created/);
  });

  it('publishes each outbox row once with two relays over one outbox', async () => {
    const second = await startLabService({ service: 'lab1-service', names });
    const tap = `${names.queuePrefix}-tap`;
    await channel.assertQueue(tap, { durable: false, exclusive: true });
    await channel.bindQueue(tap, names.exchange, THING_CREATED);
    const seen: string[] = [];
    await channel.consume(tap, (m) => m && seen.push(String(m.properties.messageId)), { noAck: true });
    try {
      // 300 rows in one transaction: both relays are woken by the same NOTIFY and race for them.
      const ids = await producer.dataSource.transaction(async (manager) => {
        const outbox = producer.app.get(OutboxService);
        const created: string[] = [];
        for (let i = 0; i < 300; i++) {
          created.push(
            (await outbox.addMessage(manager, THING_CREATED, { thingId: randomUUID(), note: `race ${i}` }))
              .id,
          );
        }
        return created;
      });
      await eventually(
        () => (ids.every((id) => seen.includes(id)) ? true : undefined),
        30000,
        'all 300 on the tap',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ours = seen.filter((id) => ids.includes(id));
      expect(ours).toHaveLength(300);
      expect(new Set(ours).size).toBe(300);
      const [pending] = await producer.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
        [ids],
      );
      expect(pending.n).toBe(0);
    } finally {
      await channel.deleteQueue(tap);
      await second.close();
    }
  });

  it('keeps an unroutable message in the outbox, logged with its reason, instead of dropping it', async () => {
    const outbox = producer.app.get(OutboxService);
    const unroutableBefore = await counterValue(producer.metrics, 'messaging_unroutable_total', {
      routing_key: NOBODY_LISTENS,
    });
    const envelope = await producer.dataSource.transaction((m) =>
      outbox.addMessage(m, NOBODY_LISTENS, { n: 1 }),
    );
    const row = await eventually(async () => {
      const [found] = await producer.dataSource.query<
        { published_at: Date | null; attempts: number; last_error: string | null }[]
      >(`SELECT published_at, attempts, last_error FROM outbox WHERE id = $1`, [envelope.id]);
      return found?.attempts > 0 ? found : undefined;
    });
    expect(row.published_at).toBeNull();
    expect(row.last_error).toContain(`no queue is bound for routing key ${NOBODY_LISTENS}`);
    expect(
      (await counterValue(producer.metrics, 'messaging_unroutable_total', { routing_key: NOBODY_LISTENS })) -
        unroutableBefore,
    ).toBe(1);
    // Not left to block the others: it waits for its backoff while later facts go out.
    const later = await producer.things.createThing('after the unroutable one');
    await waitForEffects(thingsD, [later]);
    await producer.dataSource.query(`DELETE FROM outbox WHERE id = $1`, [envelope.id]);
  });

  it('takes the correlation id of a fact from the request that caused it', async () => {
    const thingId = await RequestContext.run({ requestId: 'gateway-req-42' }, () =>
      producer.things.createThing('correlated'),
    );
    const [row] = await producer.dataSource.query<{ envelope: { correlationId: string } }[]>(
      `SELECT envelope FROM outbox WHERE envelope->'payload'->>'thingId' = $1`,
      [thingId],
    );
    expect(row.envelope.correlationId).toBe('gateway-req-42');
    const [effect] = await waitForEffects(thingsD, [thingId]);
    const [handled] = await thingsD.dataSource.query<{ message_id: string }[]>(
      `SELECT message_id FROM inbox WHERE message_id = $1`,
      [effect.message_id],
    );
    expect(handled).toBeDefined();
  });

  it('reports the outbox backlog and published counts on /metrics', async () => {
    const text = await producer.metrics.registry.metrics();
    expect(text).toMatch(/^messaging_outbox_backlog\{service="lab1-service"\} \d+/m);
    expect(text).toMatch(/^messaging_outbox_oldest_age_seconds\{service="lab1-service"\} [\d.]+/m);
    expect(
      await counterValue(producer.metrics, 'messaging_published_total', { routing_key: THING_CREATED }),
    ).toBeGreaterThan(0);
    const consumerText = await thingsD.metrics.registry.metrics();
    expect(consumerText).toMatch(/^messaging_dlq_depth\{service="lab4-service"\} \d+/m);
  });
});
