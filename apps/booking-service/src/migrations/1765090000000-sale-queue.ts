import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The on-sale queue: the replica keeps how each event's sale opens; `queue_heads` holds each queue's state
 * (ranks given, ranks admitted, the pace), `queue_entries` one place in line per account, its rank (random
 * for those who joined before the opening, arrival order after) and, once admitted, its pass.
 */
export class SaleQueue1765090000000 implements MigrationInterface {
  name = 'SaleQueue1765090000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory ADD COLUMN on_sale jsonb`);
    await runner.query(`
      CREATE TABLE queue_heads (
        event_id uuid PRIMARY KEY,
        ordered_at timestamptz,
        last_rank integer NOT NULL DEFAULT 0,
        admitted_upto integer NOT NULL DEFAULT 0,
        allowance double precision NOT NULL DEFAULT 0,
        admitted_at timestamptz,
        recent_per_minute double precision NOT NULL DEFAULT 0
      )`);
    await runner.query(`
      CREATE TABLE queue_entries (
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        token uuid NOT NULL UNIQUE,
        arrival bigserial NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        rank integer,
        pass text UNIQUE,
        admitted_at timestamptz,
        pass_expires_at timestamptz,
        used_at timestamptz,
        PRIMARY KEY (event_id, user_id)
      )`);
    await runner.query(`CREATE UNIQUE INDEX queue_entries_by_rank ON queue_entries (event_id, rank)`);
    await runner.query(
      `CREATE INDEX queue_entries_unranked ON queue_entries (event_id, arrival) WHERE rank IS NULL`,
    );
    await runner.query(
      `CREATE INDEX queue_entries_active ON queue_entries (event_id, pass_expires_at)
       WHERE pass IS NOT NULL AND used_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE queue_entries`);
    await runner.query(`DROP TABLE queue_heads`);
    await runner.query(`ALTER TABLE inventory DROP COLUMN on_sale`);
  }
}
