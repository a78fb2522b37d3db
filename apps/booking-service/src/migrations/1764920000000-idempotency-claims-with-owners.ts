import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who holds an Idempotency-Key in flight: a token per claim (the work's transaction locks the row by it, so
 * a take-over can never run beside a transaction that may still commit) and the claiming instance, whose
 * heartbeat says whether it is still alive (a retry takes over the claims of a dead one at once).
 */
export class IdempotencyClaimsWithOwners1764920000000 implements MigrationInterface {
  name = 'IdempotencyClaimsWithOwners1764920000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE idempotency_keys ADD COLUMN claim_token uuid, ADD COLUMN claimed_by uuid`,
    );
    await runner.query(`
      CREATE TABLE booking_instances (
        id uuid PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        seen_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE booking_instances`);
    await runner.query(`ALTER TABLE idempotency_keys DROP COLUMN claim_token, DROP COLUMN claimed_by`);
  }
}
