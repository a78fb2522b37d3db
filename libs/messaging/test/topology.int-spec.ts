// The broker objects a service declares, against the stack's real RabbitMQ: every queue a quorum queue (the
// retry tiers too, handing messages back at least once), and the classic retry queues of earlier versions
// deleted once they are empty.
import { MessagingTopology } from '@evently/messaging';
import amqplib, { ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { queueState as queueInfo } from '@evently/testing/rabbit-admin';
import { stackEnv } from '@evently/testing/stack';

describe('MessagingTopology against real RabbitMQ', () => {
  let broker: ChannelModel;
  const queue = `lab-topology-${randomUUID().slice(0, 8)}`;
  const topology = new MessagingTopology(`${queue}.events`, `${queue}.dlx`, queue, [1000, 10000]);
  const declared = () => [queue, topology.deadLetterQueue, ...topology.retryTiers.map((t) => t.queue)];

  beforeAll(async () => {
    broker = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
  });

  afterAll(async () => {
    const channel = await broker.createChannel();
    for (const name of [...declared(), `${queue}.retry.1s`, `${queue}.retry.10s`])
      await channel.deleteQueue(name);
    await channel.deleteExchange(topology.exchange);
    await channel.deleteExchange(topology.deadLetterExchange);
    await broker.close();
  });

  it('declares the queue, its DLQ and its retry tiers as quorum queues', async () => {
    const channel = await broker.createConfirmChannel();
    await topology.assertConsumer(channel, ['lab.thing.created']);
    await channel.close();
    const infos = await Promise.all(declared().map(queueInfo));
    expect(infos.map((q) => [q?.name, q?.type])).toEqual(declared().map((name) => [name, 'quorum']));
    expect(topology.retryTiers.map((t) => t.queue)).toEqual([
      `${queue}.retry.1s.quorum`,
      `${queue}.retry.10s.quorum`,
    ]);
    expect(infos[2]?.arguments).toMatchObject({
      'x-message-ttl': 1000,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue,
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
    expect(infos[0]?.arguments).toMatchObject({
      'x-delivery-limit': 10,
      'x-dead-letter-exchange': topology.deadLetterExchange,
    });
  });

  it('deletes the classic retry queues of earlier versions once empty, and keeps one still holding a message', async () => {
    const channel = await broker.createConfirmChannel();
    for (const legacy of [`${queue}.retry.1s`, `${queue}.retry.10s`]) {
      await channel.assertQueue(legacy, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    }
    channel.sendToQueue(`${queue}.retry.10s`, Buffer.from('{}'), { persistent: true });
    await channel.waitForConfirms();
    await channel.close();

    expect(await topology.dropClassicRetryQueues(() => broker.createChannel())).toEqual([
      `${queue}.retry.1s`,
    ]);
    expect(await queueInfo(`${queue}.retry.1s`)).toBeUndefined();
    expect((await queueInfo(`${queue}.retry.10s`))?.type).toBe('classic');
    // Nothing to do when there are none.
    const none = new MessagingTopology('x', 'y', `lab-none-${randomUUID().slice(0, 8)}`, [1000]);
    expect(await none.dropClassicRetryQueues(() => broker.createChannel())).toEqual([]);
  });
});
