import { APP_CONFIG, BrokerStatus, SERVICE_NAME } from '@evently/common';
import { brokerUrls, type MessagingConfig } from './messaging.config';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import amqp, { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts } from 'amqp-connection-manager';

const HEARTBEAT_SECONDS = 10;
const RECONNECT_SECONDS = 2;
/** A channel whose set-up failed is given this long to come back on its own, doubling up to the maximum. */
const SETUP_RETRY_MS = 2_000;
const SETUP_RETRY_MAX_MS = 30_000;

/**
 * The service's one connection to RabbitMQ; amqp-connection-manager reconnects it after a broker restart,
 * trying the configured nodes of a cluster in turn (a node that dies: the next live one).
 */
@Injectable()
export class BrokerConnection implements BrokerStatus, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  readonly manager: AmqpConnectionManager;
  private closing = false;
  /** Connections opened so far. */
  private connections = 0;

  constructor(@Inject(APP_CONFIG) config: MessagingConfig, @Inject(SERVICE_NAME) serviceName: string) {
    this.manager = amqp.connect(brokerUrls(config), {
      heartbeatIntervalInSeconds: HEARTBEAT_SECONDS,
      reconnectTimeInSeconds: RECONNECT_SECONDS,
      connectionOptions: { clientProperties: { connection_name: `${serviceName}:${process.pid}` } },
    });
    this.manager.on('connect', () => {
      this.connections += 1;
      this.logger.log('Connected to RabbitMQ');
    });
    this.manager.on('disconnect', ({ err }) =>
      this.logger.warn(`Disconnected from RabbitMQ: ${err?.message ?? 'closed'}`),
    );
    this.manager.on('connectFailed', ({ err }) =>
      this.logger.warn(`Cannot reach RabbitMQ: ${err?.message ?? 'unknown'}`),
    );
  }

  /**
   * A channel on this connection, set up again after every reconnect (amqp-connection-manager). A set-up
   * that fails (e.g. a quorum queue with no leader yet while a cluster recovers) is logged, never thrown: an
   * unheard 'error' event would end the process. The wrapper only opens a new channel on the next
   * connection, so when the failure closed its channel on a connection that stays up, the connection is
   * opened anew (after 2 s, doubling up to 30 s while set-ups keep failing) and every set-up runs again.
   */
  createChannel(options: CreateChannelOpts & { name: string }): ChannelWrapper {
    const channel = this.manager.createChannel(options);
    // Connections are counted as they open (this listener precedes every wrapper's), so that a set-up is
    // known by the connection it ran on: a 'connect' after a failed set-up on the same connection is no cure.
    let failedOn = -1;
    let readyOn = -1;
    let retryMs = SETUP_RETRY_MS;
    let pending: NodeJS.Timeout | undefined;
    channel.on('connect', () => {
      if (failedOn === this.connections) return;
      readyOn = this.connections;
      retryMs = SETUP_RETRY_MS;
    });
    channel.on('close', () => clearTimeout(pending));
    channel.on('error', (error: Error) => {
      failedOn = this.connections;
      this.logger.warn(`Set-up of channel ${options.name} failed: ${error.message}`);
      clearTimeout(pending);
      pending = setTimeout(() => {
        if (readyOn > failedOn || this.closing || !this.manager.isConnected()) return;
        this.logger.warn(`Channel ${options.name} is not set up: connecting to RabbitMQ anew`);
        this.manager.reconnect();
      }, retryMs);
      pending.unref();
      retryMs = Math.min(retryMs * 2, SETUP_RETRY_MAX_MS);
    });
    return channel;
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.manager.close();
  }
}
