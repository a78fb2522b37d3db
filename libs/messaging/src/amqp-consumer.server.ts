import { APP_CONFIG, MetricsService, RequestContext } from '@evently/common';
import type { MessagingConfig } from './messaging.config';
import { ContractRegistry, Envelope, envelopeSchema } from '@evently/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { ConfirmChannel, ConsumeMessage, MessagePropertyHeaders } from 'amqplib';
import { ChannelWrapper } from 'amqp-connection-manager';
import { PinoLogger } from 'nestjs-pino';
import { Gauge } from 'prom-client';
import { isObservable, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import {
  confirmedPublish,
  ERROR_HEADER,
  ERROR_REASON_HEADER,
  RETRY_COUNT_HEADER,
  stripBrokerHeaders,
} from './amqp-publish';
import { BrokerConnection } from './broker-connection';
import { MessageContext } from './message-context';
import { MessagingMetrics } from './messaging.metrics';
import { CONTRACT_REGISTRY } from './messaging.tokens';
import { MessagingTopology } from './topology';

type DeadLetterReason =
  'unparseable' | 'invalid-envelope' | 'no-handler' | 'invalid-payload' | 'handler-failed';

/**
 * Nest transport strategy consuming the service's quorum queue. For each message: parse and validate the
 * envelope and the payload against its contract (failures go straight to the DLQ), then run the
 * `@EventPattern` handler in one database transaction with the inbox row (a duplicate is acked with no
 * effect), then ack. A failing handler goes to the next retry tier, and after the last one to the DLQ with
 * the error in headers. The channel is re-established by amqp-connection-manager after a broker restart.
 */
@Injectable()
export class AmqpConsumerServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(AmqpConsumerServer.name);
  private channel?: ChannelWrapper;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly topology: MessagingTopology,
    private readonly dataSource: DataSource,
    private readonly metrics: MessagingMetrics,
    @Inject(CONTRACT_REGISTRY) private readonly contracts: ContractRegistry,
    @Inject(APP_CONFIG) private readonly config: MessagingConfig,
    metricsService: MetricsService,
    private readonly pino: PinoLogger,
  ) {
    super();
    const readDepth = () => this.channel?.checkQueue(this.topology.deadLetterQueue).catch(() => undefined);
    new Gauge({
      name: 'messaging_dlq_depth',
      help: 'Messages waiting in the service DLQ',
      registers: [metricsService.registry],
      async collect() {
        const depth = await readDepth();
        if (depth) this.set(depth.messageCount);
      },
    });
  }

  /** Routing keys this service handles: the @EventPattern()s of its modules. */
  routingKeys(): string[] {
    return [...this.messageHandlers.keys()];
  }

  listen(callback: () => void): void {
    const routingKeys = this.routingKeys();
    for (const key of routingKeys) this.contracts.require(key);
    this.channel = this.connection.createChannel({
      name: 'consumer',
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        await this.topology.assertConsumer(channel, routingKeys);
        void this.dropClassicRetryQueues();
        await channel.prefetch(this.config.MESSAGING_PREFETCH);
        await channel.consume(this.topology.queue, (message) => {
          // Acks go to the channel that delivered the message: after a reconnect its tags mean nothing.
          if (message) void this.handleMessage(channel, message);
        });
      },
    });
    this.logger.log(
      `Consuming ${this.topology.queue} for ${routingKeys.join(', ') || '(no routing keys yet)'}`,
    );
    // Start-up does not wait for the broker: the channel is set up whenever it becomes reachable.
    callback();
  }

  /** Housekeeping after an upgrade from classic retry queues (see MessagingTopology); never in the way. */
  private async dropClassicRetryQueues(): Promise<void> {
    const model = this.connection.manager.connection;
    if (!model) return;
    const dropped = await this.topology
      .dropClassicRetryQueues(() => model.createChannel())
      .catch(() => [] as string[]);
    if (dropped.length > 0) this.logger.log(`Deleted the classic retry queues ${dropped.join(', ')}`);
  }

  async close(): Promise<void> {
    await this.channel?.close();
  }

  on(): void {
    throw new Error('AmqpConsumerServer has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.channel as T;
  }

  /** Waits until the consumer is subscribed (tests, tooling). */
  async waitUntilConsuming(): Promise<void> {
    await this.channel?.waitForConnect();
  }

  private async handleMessage(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const routingKey = message.fields.routingKey;
    let raw: unknown;
    try {
      raw = JSON.parse(message.content.toString('utf8'));
    } catch {
      return this.deadLetter(channel, message, routingKey, 'unparseable', 'body is not JSON');
    }
    const parsedEnvelope = envelopeSchema.safeParse(raw);
    if (!parsedEnvelope.success) {
      return this.deadLetter(
        channel,
        message,
        routingKey,
        'invalid-envelope',
        parsedEnvelope.error.issues[0]?.message ?? 'invalid',
      );
    }
    const envelope = parsedEnvelope.data as Envelope;
    const handler = this.getHandlerByPattern(envelope.type);
    if (!handler) {
      return this.deadLetter(
        channel,
        message,
        envelope.type,
        'no-handler',
        `no handler for ${envelope.type}`,
      );
    }
    const payload = this.contracts.parse(envelope.type, envelope.version, envelope.payload);
    if (!payload.ok)
      return this.deadLetter(channel, message, envelope.type, 'invalid-payload', payload.reason);

    const retryCount = retryCountOf(message.properties.headers);
    // Every log line written while handling carries the correlation id (the originating HTTP request id),
    // and so does any fact the handler writes to the outbox.
    const bindings = {
      correlationId: envelope.correlationId,
      messageId: envelope.id,
      messageType: envelope.type,
    };
    try {
      const outcome = await this.pino.runInContext(
        () =>
          RequestContext.run({ requestId: envelope.correlationId }, () =>
            this.runHandler(handler, envelope, payload.payload, retryCount),
          ),
        { bindings },
      );
      settle(() => channel.ack(message));
      this.metrics.consumed.inc({ routing_key: envelope.type, outcome });
    } catch (error) {
      await this.pino.runInContext(
        () => this.retryOrDeadLetter(channel, message, envelope, retryCount, error as Error),
        {
          bindings,
        },
      );
    }
  }

  private runHandler(
    handler: MessageHandler,
    envelope: Envelope,
    payload: unknown,
    retryCount: number,
  ): Promise<'handled' | 'duplicate'> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO inbox (message_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id`,
        [envelope.id, envelope.type],
      );
      if (claimed.length === 0) {
        this.logger.log(`Duplicate ${envelope.type} skipped`);
        return 'duplicate';
      }
      const result: unknown = await handler(payload, new MessageContext(envelope, manager, retryCount));
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      return 'handled';
    });
  }

  private async retryOrDeadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    envelope: Envelope,
    retryCount: number,
    error: Error,
  ) {
    const tier = this.topology.retryTiers[retryCount];
    const log = { retryCount, err: error };
    if (!tier) {
      this.logger.error(
        log,
        `${envelope.type} failed after ${retryCount} retries; parked in ${this.topology.deadLetterQueue}`,
      );
      return this.deadLetter(channel, message, envelope.type, 'handler-failed', error.message, retryCount);
    }
    this.logger.warn(log, `${envelope.type} failed; retrying in ${tier.delayMs} ms`);
    try {
      await confirmedPublish(channel, '', tier.queue, message.content, {
        ...message.properties,
        persistent: true,
        headers: {
          ...stripBrokerHeaders(message.properties.headers),
          [RETRY_COUNT_HEADER]: retryCount + 1,
          [ERROR_HEADER]: truncate(error.message),
        },
      });
      settle(() => channel.ack(message));
      this.metrics.retried.inc({ routing_key: envelope.type, tier: String(retryCount + 1) });
    } catch (publishError) {
      this.logger.warn(`Could not schedule a retry (${(publishError as Error).message}); message requeued`);
      settle(() => channel.nack(message, false, true));
    }
  }

  private async deadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    routingKey: string,
    reason: DeadLetterReason,
    detail: string,
    retryCount = retryCountOf(message.properties.headers),
  ): Promise<void> {
    if (reason !== 'handler-failed') {
      this.logger.warn(
        { messageId: message.properties.messageId as unknown, reason, detail },
        `Message parked in the DLQ`,
      );
    }
    try {
      await confirmedPublish(
        channel,
        this.topology.deadLetterExchange,
        this.topology.queue,
        message.content,
        {
          ...message.properties,
          persistent: true,
          headers: {
            ...stripBrokerHeaders(message.properties.headers),
            [ERROR_REASON_HEADER]: reason,
            [ERROR_HEADER]: truncate(detail),
            [RETRY_COUNT_HEADER]: retryCount,
            'x-original-routing-key': routingKey,
            'x-original-queue': this.topology.queue,
            'x-failed-at': new Date().toISOString(),
          },
        },
      );
      settle(() => channel.ack(message));
      this.metrics.deadLettered.inc({ routing_key: routingKey, reason });
    } catch (publishError) {
      this.logger.warn(`Could not park a message in the DLQ (${(publishError as Error).message}); requeued`);
      settle(() => channel.nack(message, false, true));
    }
  }
}

/** Ack/nack on a channel that may have closed meanwhile: the broker then redelivers, and the inbox dedupes. */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    // channel closed
  }
}

function retryCountOf(headers: MessagePropertyHeaders | undefined): number {
  const value = Number(headers?.[RETRY_COUNT_HEADER] ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

function truncate(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
