// Watches the real domain exchange of the test stack: a private queue bound to some routing keys, so a
// spec can assert on the facts a service published (and publish facts as another service would).
import type { Envelope } from '@evently/contracts';
import amqplib, { ChannelModel, ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { eventually } from './eventually';
import { stackEnv } from './stack';

export const DOMAIN_EXCHANGE = 'evently.events';

export class FactTap {
  readonly facts: Envelope[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  /** Starts collecting every fact published from now on under `bindingKeys` (e.g. `event.*`). */
  static async open(bindingKeys: string[]): Promise<FactTap> {
    const connection = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
    const channel = await connection.createConfirmChannel();
    const tap = new FactTap(connection, channel);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of bindingKeys) await channel.bindQueue(queue, DOMAIN_EXCHANGE, key);
    await channel.consume(
      queue,
      (message) => {
        if (message) tap.facts.push(JSON.parse(message.content.toString('utf8')) as Envelope);
      },
      { noAck: true },
    );
    return tap;
  }

  /** Facts of `type` whose payload satisfies `match`, once at least `count` of them have arrived. */
  async waitFor<P>(type: string, match: (payload: P) => boolean, count = 1, timeoutMs = 10000) {
    return eventually(
      () => {
        const found = this.facts.filter((f) => f.type === type && match(f.payload as P)) as Envelope<P>[];
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} ${type} fact(s)`,
    );
  }

  /** Publishes a fact as its producing service would (envelope, persistent, message id), confirmed. */
  async publish(
    type: string,
    payload: unknown,
    options: { id?: string; producer?: string; version?: number } = {},
  ) {
    const envelope: Envelope = {
      id: options.id ?? randomUUID(),
      type,
      version: options.version ?? 1,
      occurredAt: new Date().toISOString(),
      producer: options.producer ?? 'test',
      correlationId: randomUUID(),
      payload,
    };
    this.channel.publish(DOMAIN_EXCHANGE, type, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      messageId: envelope.id,
      contentType: 'application/json',
      type,
    });
    await this.channel.waitForConfirms();
    return envelope;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * A tap for the whole spec file: opened before its tests (beforeAll), closed after them. Read `.tap` inside
 * a test (it is not open before).
 */
export function useFactTap(bindingKeys: string[]): { readonly tap: FactTap } {
  const holder = {} as { tap: FactTap };
  beforeAll(async () => {
    holder.tap = await FactTap.open(bindingKeys);
  });
  afterAll(() => holder.tap?.close());
  return holder;
}
