// A small "lab" service built from the real libraries (config, database, messaging) as any Evently
// service would be, with its own database of the test stack and its own exchange and queues, so the
// messaging tests can publish, fail and replay without touching the real services.
import {
  createHttpAdapter,
  baseConfigSchema,
  ConfigModule,
  DatabaseModule,
  LoggingModule,
  MetricsModule,
  MetricsService,
} from '@evently/common';
import {
  AmqpConsumerServer,
  connectConsumer,
  messagingMigrations,
  messagingConfigSchema,
  MessagingModule,
  MessagingTopology,
  OutboxRelay,
} from '@evently/messaging';
import amqplib from 'amqplib';
import { Logger } from 'nestjs-pino';
import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LabServiceName, serviceEnv, stackEnv, withEnv } from './stack';

import {
  labContracts,
  CreateLabTables1763700000001,
  AddLabHandledAt1763700000003,
  CreateLabBlocked1763700000002,
  LabThingService,
} from './messaging-lab-parts';

export * from './messaging-lab-parts';
export * from './messaging-outage';
export interface LabNames {
  exchange: string;
  deadLetterExchange: string;
  queuePrefix: string;
}

export const labNames = (): LabNames => {
  const run = randomBytes(4).toString('hex');
  return { exchange: `lab-${run}.events`, deadLetterExchange: `lab-${run}.dlx`, queuePrefix: `lab-${run}` };
};

export interface LabServiceOptions {
  service: LabServiceName;
  names: LabNames;
  handlers?: Type<unknown>[];
  retryDelaysMs?: number[];
  env?: Record<string, string>;
}

export interface LabService {
  app: INestApplication;
  queue: string;
  things: LabThingService;
  relay: OutboxRelay;
  dataSource: DataSource;
  metrics: MetricsService;
  consumer: AmqpConsumerServer;
  topology: MessagingTopology;
  close(): Promise<void>;
}

function labModule(options: LabServiceOptions): DynamicModule {
  @Module({})
  class LabModule {}
  return {
    module: LabModule,
    imports: [
      ConfigModule.forRoot(options.service, baseConfigSchema.extend(messagingConfigSchema.shape)),
      LoggingModule,
      MetricsModule,
      DatabaseModule.forRoot({
        entities: [],
        migrations: [
          ...messagingMigrations,
          CreateLabTables1763700000001,
          CreateLabBlocked1763700000002,
          AddLabHandledAt1763700000003,
        ],
      }),
      MessagingModule.forRoot({ contracts: labContracts() }),
    ],
    controllers: options.handlers ?? [],
    providers: [LabThingService],
  };
}

/** Starts one instance of a lab service (call twice for two instances sharing database and queue). */
export async function startLabService(options: LabServiceOptions): Promise<LabService> {
  const queue = `${options.names.queuePrefix}-${options.service}`;
  const env = serviceEnv(options.service, {
    MESSAGING_EXCHANGE: options.names.exchange,
    MESSAGING_DEAD_LETTER_EXCHANGE: options.names.deadLetterExchange,
    MESSAGING_QUEUE: queue,
    MESSAGING_RETRY_DELAYS_MS: (options.retryDelaysMs ?? [200, 400]).join(','),
    OUTBOX_POLL_INTERVAL_MS: '200',
    LOG_LEVEL: process.env.LAB_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const app = await withEnv(env, async () => {
    const created = await NestFactory.create(labModule(options), createHttpAdapter(), {
      bodyParser: false,
      logger: false,
      abortOnError: false,
    });
    created.useLogger(created.get(Logger));
    connectConsumer(created);
    await created.startAllMicroservices();
    await created.init();
    return created;
  });
  const consumer = app.get(AmqpConsumerServer);
  await consumer.waitUntilConsuming();
  return {
    app,
    queue,
    things: app.get(LabThingService),
    relay: app.get(OutboxRelay),
    dataSource: app.get(DataSource),
    metrics: app.get(MetricsService),
    consumer,
    topology: app.get(MessagingTopology),
    close: () => app.close(),
  };
}

/** Sum of a counter's samples whose labels include `labels`. */
export async function counterValue(
  metrics: MetricsService,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Stops the lab services and deletes every queue and exchange they declared. */
export async function tearDownLab(names: LabNames, services: (LabService | undefined)[]): Promise<void> {
  const running = services.filter((s): s is LabService => s !== undefined);
  const queues = new Set(
    running.flatMap((s) => [
      s.topology.queue,
      s.topology.deadLetterQueue,
      ...s.topology.retryTiers.map((t) => t.queue),
    ]),
  );
  for (const service of running) await service.close();
  const connection = await amqplib.connect(stackEnv('EVENTLY_RABBITMQ_URL'));
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    await channel.deleteExchange(names.exchange);
    await channel.deleteExchange(names.deadLetterExchange);
  } finally {
    await connection.close();
  }
}
