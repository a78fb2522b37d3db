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
    // The one definition of "gone", for every statement that takes over what an instance held.
    await runner.query(`
      CREATE FUNCTION booking_instance_gone(p_instance uuid, p_gone_seconds numeric) RETURNS boolean
      LANGUAGE sql AS $$
        SELECT NOT EXISTS (SELECT 1 FROM booking_instances
                           WHERE id = p_instance AND seen_at > clock_timestamp() - make_interval(secs => p_gone_seconds))
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION booking_instance_gone(uuid, numeric)`);
    await runner.query(`DROP TABLE booking_instances`);
    await runner.query(`ALTER TABLE idempotency_keys DROP COLUMN claim_token, DROP COLUMN claimed_by`);
  }
}
