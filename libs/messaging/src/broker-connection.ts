import { APP_CONFIG, BrokerStatus, SERVICE_NAME } from '@evently/common';
import { brokerUrls, type MessagingConfig } from './messaging.config';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import amqp, { AmqpConnectionManager } from 'amqp-connection-manager';

const HEARTBEAT_SECONDS = 10;
const RECONNECT_SECONDS = 2;

/**
 * The service's one connection to RabbitMQ; amqp-connection-manager reconnects it after a broker restart,
 * trying the configured nodes of a cluster in turn (a node that dies: the next live one).
 */
@Injectable()
export class BrokerConnection implements BrokerStatus, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerConnection.name);
  readonly manager: AmqpConnectionManager;

  constructor(@Inject(APP_CONFIG) config: MessagingConfig, @Inject(SERVICE_NAME) serviceName: string) {
    this.manager = amqp.connect(brokerUrls(config), {
      heartbeatIntervalInSeconds: HEARTBEAT_SECONDS,
      reconnectTimeInSeconds: RECONNECT_SECONDS,
      connectionOptions: { clientProperties: { connection_name: `${serviceName}:${process.pid}` } },
    });
    this.manager.on('connect', () => this.logger.log('Connected to RabbitMQ'));
    this.manager.on('disconnect', ({ err }) =>
      this.logger.warn(`Disconnected from RabbitMQ: ${err?.message ?? 'closed'}`),
    );
    this.manager.on('connectFailed', ({ err }) =>
      this.logger.warn(`Cannot reach RabbitMQ: ${err?.message ?? 'unknown'}`),
    );
  }

  isConnected(): boolean {
    return this.manager.isConnected();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.manager.close();
  }
}
