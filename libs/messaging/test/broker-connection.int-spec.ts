// BrokerConnection's channels against the stack's real RabbitMQ, when their set-up fails: the two ways a
// cluster's recovery made it fail (a quorum-loss drill ended both booking-service instances with an unheard
// 'error' event of amqp-connection-manager's ChannelWrapper).
import { BrokerConnection, type MessagingConfig } from '@evently/messaging';
import type { ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { stackEnv } from '@evently/testing/stack';

/** amqplib's channel keeps its connection (and that its socket) in fields its types do not show. */
type WithSocket = ConfirmChannel & { connection: { stream: { destroy(error: Error): void } } };

describe('BrokerConnection channels whose set-up fails', () => {
  let broker: BrokerConnection;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    Logger.overrideLogger(false);
    process.on('unhandledRejection', onUnhandled);
  });

  beforeEach(() => {
    unhandled.length = 0;
    const config = { RABBITMQ_URL: stackEnv('EVENTLY_RABBITMQ_URLS') } as MessagingConfig;
    broker = new BrokerConnection(config, 'lab-broker-connection');
  });

  afterEach(async () => {
    await broker.onApplicationShutdown();
  });

  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  it('sets a channel up again when a failed set-up closed it on a connection that stays up', async () => {
    let setups = 0;
    const channel = broker.createChannel({
      name: 'lab',
      confirm: true,
      setup: async (amqp: ConfirmChannel) => {
        setups += 1;
        // The first time, a queue that is not there: the broker closes the channel (404), not the connection.
        if (setups === 1) await amqp.checkQueue(`lab-missing-${randomUUID()}`);
        else await amqp.checkExchange('amq.topic');
      },
    });
    // ChannelWrapper alone would wait for the next connection, i.e. forever on a healthy broker.
    await expect(
      Promise.race([
        channel.waitForConnect().then(() => 'set up'),
        new Promise((resolve) => setTimeout(() => resolve('never set up'), 15_000)),
      ]),
    ).resolves.toBe('set up');
    expect(setups).toBe(2);
    expect(unhandled).toEqual([]);
  }, 30_000);

  it('survives a set-up cut short by a dropped connection, and sets up again on the next one', async () => {
    let setups = 0;
    const channel = broker.createChannel({
      name: 'lab',
      confirm: true,
      setup: async (amqp: ConfirmChannel) => {
        setups += 1;
        if (setups > 1) return;
        // A call in flight when the connection goes: amqplib rejects it with "Channel ended, no reply will
        // be forthcoming", which the wrapper emits as 'error' (unheard, it ended the process).
        const pending = amqp.checkExchange('amq.topic');
        (amqp as WithSocket).connection.stream.destroy(new Error('lab: the connection cut'));
        await pending;
      },
    });
    await channel.waitForConnect();
    expect(setups).toBe(2);
    expect(unhandled).toEqual([]);
  }, 30_000);
});
