// The lab service's parts: its facts and their contracts, its tables, the thing it makes and the handlers
// that consume its facts (failing on demand, to exercise retries and the DLQ).
import { ContractRegistry, defineContract } from '@evently/contracts';
import { MessageContext, OutboxService } from '@evently/messaging';
import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';

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
