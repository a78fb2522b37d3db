import { APP_CONFIG, MetricsService, Poller, SERVICE_NAME } from '@evently/common';
import type { MessagingConfig } from './messaging.config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { ChannelWrapper } from 'amqp-connection-manager';
import { DataSource, EntityManager } from 'typeorm';
import { BrokerConnection } from './broker-connection';
import { MessagingMetrics } from './messaging.metrics';
import { MessagingTopology } from './topology';

const PUBLISH_TIMEOUT_MS = 5000;
const MAX_BACKOFF_SECONDS = 300;
const MAX_TRANSIENT_BACKOFF_SECONDS = 30;

interface OutboxRow {
  id: string;
  routing_key: string;
  envelope: { type: string; version: number; correlationId: string; occurredAt: string };
  attempts: number;
}

class UnroutableError extends Error {}

/**
 * Publishes outbox rows to the topic exchange: persistent, mandatory, with publisher confirms. Rows are
 * claimed with FOR UPDATE SKIP LOCKED inside a transaction held until the broker confirms, so several
 * relays (instances) never publish the same row concurrently; a row is marked published only once
 * confirmed. Woken in-process when a transaction that wrote facts commits (OutboxService), and by polling.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private channel?: ChannelWrapper;
  private readonly poller: Poller;
  private readonly returned = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: BrokerConnection,
    private readonly topology: MessagingTopology,
    private readonly metrics: MessagingMetrics,
    @Inject(APP_CONFIG) private readonly config: MessagingConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    metricsService: MetricsService,
  ) {
    this.poller = new Poller({
      name: 'outbox-relay',
      intervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      round: () => this.publishRound(),
      maxBackoffMs: MAX_TRANSIENT_BACKOFF_SECONDS * 1000,
      registry: metricsService.registry,
    });
  }

  onApplicationBootstrap(): void {
    this.channel = this.connection.createChannel({
      name: 'outbox-relay',
      confirm: true,
      publishTimeout: PUBLISH_TIMEOUT_MS,
      setup: async (channel: ConfirmChannel) => {
        // basic.return arrives before the confirm of the same publish, so a returned id is known in time.
        channel.on('return', (message: ConsumeMessage) => {
          if (typeof message.properties.messageId === 'string')
            this.returned.add(message.properties.messageId);
        });
        await this.topology.assertExchange(channel);
      },
    });
    this.channel.on('connect', () => this.wake());
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
    await this.channel?.close().catch(() => undefined);
  }

  /** Asks for a round now; coalesced with one under way. */
  wake(): void {
    this.poller.wake();
  }

  /** One batch; true when it was full and published, so that more may be due at once. */
  private async publishRound(): Promise<boolean> {
    if (!this.connection.isConnected()) return false;
    const { claimed, published } = await this.publishBatch();
    return claimed === this.config.OUTBOX_BATCH_SIZE && published > 0;
  }

  private async publishBatch(): Promise<{ claimed: number; published: number }> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `SELECT id, routing_key, envelope, attempts FROM outbox
          WHERE published_at IS NULL AND next_attempt_at <= clock_timestamp()
          ORDER BY created_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_BATCH_SIZE],
      );
      if (rows.length === 0) return { claimed: 0, published: 0 };
      const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const publishedIds: string[] = [];
      for (const [index, result] of results.entries()) {
        const row = rows[index];
        if (result.status === 'fulfilled') {
          publishedIds.push(row.id);
          this.metrics.published.inc({ routing_key: row.routing_key });
        } else {
          await this.recordFailure(manager, row, result.reason as Error);
        }
      }
      if (publishedIds.length > 0) {
        await manager.query(
          `UPDATE outbox SET published_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL
            WHERE id = ANY($1::uuid[])`,
          [publishedIds],
        );
      }
      return { claimed: rows.length, published: publishedIds.length };
    });
  }

  private async publish(row: OutboxRow): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new Error('relay not started');
    const envelope = row.envelope;
    await channel.publish(this.topology.exchange, row.routing_key, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      mandatory: true,
      messageId: row.id,
      correlationId: envelope.correlationId,
      type: envelope.type,
      contentType: 'application/json',
      appId: this.serviceName,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
      headers: { 'x-message-version': envelope.version },
      timeout: PUBLISH_TIMEOUT_MS,
    });
    if (this.returned.delete(row.id)) {
      throw new UnroutableError(`no queue is bound for routing key ${row.routing_key}`);
    }
  }

  private async recordFailure(manager: EntityManager, row: OutboxRow, error: Error): Promise<void> {
    const unroutable = error instanceof UnroutableError;
    // A missing binding is a deployment matter and may last; a broker hiccup is retried sooner.
    const cap = unroutable ? MAX_BACKOFF_SECONDS : MAX_TRANSIENT_BACKOFF_SECONDS;
    const backoffSeconds = Math.min(cap, 2 ** Math.min(row.attempts, 12));
    if (unroutable) {
      this.metrics.unroutable.inc({ routing_key: row.routing_key });
      this.logger.warn(
        `Unroutable message ${row.id} (${row.routing_key}) kept in the outbox; retry in ${backoffSeconds}s: ${error.message}`,
      );
    } else {
      this.logger.warn(
        `Publishing ${row.id} (${row.routing_key}) failed; retry in ${backoffSeconds}s: ${error.message}`,
      );
    }
    await manager.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
              next_attempt_at = clock_timestamp() + make_interval(secs => $3)
        WHERE id = $1`,
      [row.id, error.message.slice(0, 1000), backoffSeconds],
    );
  }
}
