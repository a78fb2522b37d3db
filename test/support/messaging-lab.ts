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
import { ContractRegistry, defineContract } from '@evently/contracts';
import {
  AmqpConsumerServer,
  connectConsumer,
  messagingMigrations,
  MessageContext,
  messagingConfigSchema,
  MessagingModule,
  MessagingTopology,
  OutboxRelay,
  OutboxService,
} from '@evently/messaging';
import amqplib from 'amqplib';
import { Logger } from 'nestjs-pino';
import { Controller, DynamicModule, INestApplication, Injectable, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import { eventually } from './eventually';
import { LabServiceName, serviceEnv, stackEnv, withEnv } from './stack';

export const THING_CREATED = 'lab.thing.created';
export const OTHER_HAPPENED = 'lab.other.happened';
/** A fact no lab service binds: publishing it is unroutable. */
export const NOBODY_LISTENS = 'lab.nobody.listens';

export const thingCreatedSchema = z.object({
  thingId: z.uuid(),
  note: z.string().max(200),
  /** The handler fails while the message has been retried fewer times than this. */
  failTimes: z.number().int().min(0).default(0),
});
export type ThingCreated = z.infer<typeof thingCreatedSchema>;

export const labContracts = () =>
  new ContractRegistry([
    defineContract(THING_CREATED, 1, thingCreatedSchema),
    defineContract(OTHER_HAPPENED, 1, z.object({ n: z.number().int() })),
    defineContract(NOBODY_LISTENS, 1, z.object({ n: z.number().int() })),
  ]);

export class CreateLabTables1763700000001 implements MigrationInterface {
  name = 'CreateLabTables1763700000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE lab_things (id uuid PRIMARY KEY, note text NOT NULL)`);
    await runner.query(`
      CREATE TABLE lab_effects (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL,
        routing_key text NOT NULL,
        subject text NOT NULL,
        retry_count integer NOT NULL,
        instance text NOT NULL
      )`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE lab_effects`);
    await runner.query(`DROP TABLE lab_things`);
  }
}

export class AddLabHandledAt1763700000003 implements MigrationInterface {
  name = 'AddLabHandledAt1763700000003';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE lab_effects ADD COLUMN handled_at timestamptz NOT NULL DEFAULT clock_timestamp()`,
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE lab_effects DROP COLUMN handled_at`);
  }
}

export class CreateLabBlocked1763700000002 implements MigrationInterface {
  name = 'CreateLabBlocked1763700000002';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE lab_blocked (subject text PRIMARY KEY)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE lab_blocked`);
  }
}

/** Business writes of the lab producer: a thing and its fact, in one transaction. */
@Injectable()
export class LabThingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async createThing(
    note: string,
    options: { failTimes?: number; rollback?: boolean; thingId?: string } = {},
  ): Promise<string> {
    const thingId = options.thingId ?? randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO lab_things (id, note) VALUES ($1, $2)`, [thingId, note]);
      await this.outbox.addMessage(manager, THING_CREATED, {
        thingId,
        note,
        failTimes: options.failTimes ?? 0,
      });
      if (options.rollback) throw new Error('business rule refused the change');
    });
    return thingId;
  }
}

const instanceName = () => `${process.pid}-${randomBytes(3).toString('hex')}`;

@Controller()
export class ThingHandler {
  private readonly instance = instanceName();

  @EventPattern(THING_CREATED)
  async onThingCreated(@Payload() payload: ThingCreated, @Ctx() ctx: MessageContext): Promise<void> {
    await ctx.manager.query(
      `INSERT INTO lab_effects (message_id, routing_key, subject, retry_count, instance) VALUES ($1, $2, $3, $4, $5)`,
      [ctx.messageId, THING_CREATED, payload.thingId, ctx.retryCount, this.instance],
    );
    const blocked = await ctx.manager.query<unknown[]>(`SELECT 1 FROM lab_blocked WHERE subject = $1`, [
      payload.thingId,
    ]);
    if (blocked.length > 0) throw new Error(`downstream not ready for ${payload.thingId}`);
    // Thrown after the write: the effect must roll back with the failed attempt.
    if (ctx.retryCount < payload.failTimes)
      throw new Error(`induced failure ${ctx.retryCount + 1} of ${payload.failTimes}`);
  }
}

@Controller()
export class OtherHandler {
  @EventPattern(OTHER_HAPPENED)
  async onOther(@Payload() payload: { n: number }, @Ctx() ctx: MessageContext): Promise<void> {
    await ctx.manager.query(
      `INSERT INTO lab_effects (message_id, routing_key, subject, retry_count, instance) VALUES ($1, $2, $3, $4, $5)`,
      [ctx.messageId, OTHER_HAPPENED, String(payload.n), ctx.retryCount, 'other'],
    );
  }
}

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

export interface OutageScenario {
  /** Cuts the producer and consumer off the broker (proxy cut, broker stop...). */
  cut(): Promise<void>;
  /** Brings the broker back. */
  restore(): Promise<void>;
  /** Checks made while the broker is away, after the writes. */
  whileDown?(): Promise<void>;
  outageMs: number;
}

/**
 * Writes facts before, during (every 100 ms for `outageMs`) and after a broker outage, then waits until
 * the consumer has handled every one of them. Returns how many were written, and how many during.
 */
export async function writeThroughOutage(
  producer: LabService,
  consumer: LabService,
  scenario: OutageScenario,
): Promise<{ written: string[]; duringOutage: number; handledOnce: number }> {
  const written: string[] = [];
  const write = async (label: string) => written.push(await producer.things.createThing(label));
  for (let i = 0; i < 20; i++) await write(`before ${i}`);
  await scenario.cut();
  const outageEnds = Date.now() + scenario.outageMs;
  let duringOutage = 0;
  while (Date.now() < outageEnds) {
    await write(`during ${duringOutage++}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await scenario.whileDown?.();
  await scenario.restore();
  for (let i = 0; i < 20; i++) await write(`after ${i}`);

  const countEffects = async (distinct: boolean) => {
    const [row] = await consumer.dataSource.query<{ n: number }[]>(
      `SELECT count(${distinct ? 'DISTINCT subject' : '*'})::int AS n FROM lab_effects WHERE subject = ANY($1)`,
      [written],
    );
    return row.n;
  };
  await eventually(
    async () => ((await countEffects(true)) === written.length ? true : undefined),
    90000,
    `all ${written.length} things handled`,
  );
  return { written, duringOutage, handledOnce: await countEffects(false) };
}
