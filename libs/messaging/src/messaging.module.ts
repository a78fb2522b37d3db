import { APP_CONFIG, BROKER_STATUS, SERVICE_NAME } from '@evently/common';
import type { MessagingConfig } from './messaging.config';
import { ContractRegistry, domainContracts } from '@evently/contracts';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AmqpConsumerServer } from './amqp-consumer.server';
import { BrokerConnection } from './broker-connection';
import { MessagingMetrics } from './messaging.metrics';
import { CONTRACT_REGISTRY } from './messaging.tokens';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';
import { MessagingTopology } from './topology';

export interface MessagingModuleOptions {
  /** Contracts the service may publish and consume; the domain contracts by default. */
  contracts?: ContractRegistry;
}

/** Broker connection, topology, outbox (service + relay) and the inbox consumer of one service. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions = {}): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: CONTRACT_REGISTRY, useFactory: () => options.contracts ?? domainContracts() },
        {
          provide: MessagingTopology,
          inject: [APP_CONFIG, SERVICE_NAME],
          useFactory: (config: MessagingConfig, serviceName: string) =>
            new MessagingTopology(
              config.MESSAGING_EXCHANGE,
              config.MESSAGING_DEAD_LETTER_EXCHANGE,
              config.MESSAGING_QUEUE ?? serviceName,
              config.MESSAGING_RETRY_DELAYS_MS,
            ),
        },
        BrokerConnection,
        { provide: BROKER_STATUS, useExisting: BrokerConnection },
        MessagingMetrics,
        OutboxService,
        OutboxRelay,
        AmqpConsumerServer,
      ],
      exports: [
        BrokerConnection,
        BROKER_STATUS,
        MessagingTopology,
        OutboxService,
        OutboxRelay,
        AmqpConsumerServer,
        CONTRACT_REGISTRY,
      ],
    };
  }
}
