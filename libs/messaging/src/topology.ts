import type { Channel, ConfirmChannel } from 'amqplib';

export interface RetryTier {
  queue: string;
  delayMs: number;
}

/**
 * Names and declarations of the broker objects of one service. Declared by code at start-up, idempotent,
 * and limited to arguments RabbitMQ 3.10 and 4.x both accept.
 *
 *   <exchange> (topic) --routing keys the service handles--> <queue> (quorum)
 *   <queue>.retry.<delay>.quorum (TTL) --default exchange--> <queue>   (back to this service only)
 *   <dead-letter exchange> (direct) --<queue>--> <queue>.dlq           (parking lot, nothing consumes it)
 *
 * Every queue is a quorum queue: on a cluster it is replicated to every node (up to the broker's default
 * group size), and survives the loss of a minority of them. A retry tier hands its expired messages back
 * at least once (RabbitMQ's at-least-once dead-lettering): the inbox makes a second copy harmless.
 */
export class MessagingTopology {
  readonly retryTiers: readonly RetryTier[];
  readonly deadLetterQueue: string;

  constructor(
    readonly exchange: string,
    readonly deadLetterExchange: string,
    readonly queue: string,
    retryDelaysMs: readonly number[],
    /** Deliveries after which the broker itself parks a message (a consumer that keeps crashing on it). */
    readonly deliveryLimit = 10,
  ) {
    this.retryTiers = retryDelaysMs.map((delayMs) => ({
      queue: `${queue}.retry.${formatDelay(delayMs)}.quorum`,
      delayMs,
    }));
    this.deadLetterQueue = `${queue}.dlq`;
  }

  async assertExchange(channel: ConfirmChannel): Promise<void> {
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
  }

  async assertConsumer(channel: ConfirmChannel, routingKeys: readonly string[]): Promise<void> {
    await this.assertExchange(channel);
    await channel.assertExchange(this.deadLetterExchange, 'direct', { durable: true });
    await channel.assertQueue(this.deadLetterQueue, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    await channel.bindQueue(this.deadLetterQueue, this.deadLetterExchange, this.queue);
    await channel.assertQueue(this.queue, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-dead-letter-exchange': this.deadLetterExchange,
        'x-dead-letter-routing-key': this.queue,
        'x-delivery-limit': this.deliveryLimit,
      },
    });
    for (const tier of this.retryTiers) {
      await channel.assertQueue(tier.queue, {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-message-ttl': tier.delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': this.queue,
          // At-least-once dead-lettering needs publishers refused rather than old messages dropped.
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
        },
      });
    }
    for (const key of routingKeys) await channel.bindQueue(this.queue, this.exchange, key);
  }

  /**
   * The classic retry queues of earlier versions (`<queue>.retry.<delay>`), deleted once empty: what waits
   * in one still goes back to the queue when its TTL ends, and a later start deletes it then. Each on a
   * channel of its own, which the broker closes when the queue is not empty.
   */
  async dropClassicRetryQueues(openChannel: () => Promise<Channel>): Promise<string[]> {
    const dropped: string[] = [];
    for (const tier of this.retryTiers) {
      const legacy = tier.queue.replace(/\.quorum$/, '');
      const channel = await openChannel();
      channel.on('error', () => undefined);
      try {
        await channel.checkQueue(legacy);
        await channel.deleteQueue(legacy, { ifEmpty: true });
        dropped.push(legacy);
      } catch {
        // Not there (the usual case), or not empty yet.
      } finally {
        await channel.close().catch(() => undefined);
      }
    }
    return dropped;
  }
}

function formatDelay(ms: number): string {
  if (ms % 60000 === 0) return `${ms / 60000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
