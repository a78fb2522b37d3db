import type { ConfirmChannel } from 'amqplib';

export interface RetryTier {
  queue: string;
  delayMs: number;
}

/**
 * Names and declarations of the broker objects of one service. Declared by code at start-up, idempotent,
 * and limited to arguments RabbitMQ 3.10 and 4.x both accept.
 *
 *   <exchange> (topic) --routing keys the service handles--> <queue> (quorum)
 *   <queue>.retry.<delay> (TTL) --default exchange--> <queue>          (back to this service only)
 *   <dead-letter exchange> (direct) --<queue>--> <queue>.dlq           (parking lot, nothing consumes it)
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
      queue: `${queue}.retry.${formatDelay(delayMs)}`,
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
          'x-queue-type': 'classic',
          'x-message-ttl': tier.delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': this.queue,
        },
      });
    }
    for (const key of routingKeys) await channel.bindQueue(this.queue, this.exchange, key);
  }
}

function formatDelay(ms: number): string {
  if (ms % 60000 === 0) return `${ms / 60000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
