import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendars in the event's own zone: the replica keeps the zone, a fan-out may carry calendar updates (a
 * new time or place re-sends each booking's entry, a cancellation cancels it), and each person may have a
 * private calendar feed, known here only by the hash of its secret.
 */
export class AddCalendars1764600000000 implements MigrationInterface {
  name = 'AddCalendars1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    // Events heard of before zones existed were shown in UTC, and so were their facts.
    await runner.query(`ALTER TABLE events ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
    await runner.query(
      `ALTER TABLE fanouts ADD COLUMN calendar text CHECK (calendar IN ('request', 'cancel'))`,
    );
    await runner.query(`
      CREATE TABLE calendar_feeds (
        user_id uuid PRIMARY KEY,
        -- SHA-256 of the secret in the feed's address; the secret itself is shown once and never stored.
        secret_hash bytea NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(
      `CREATE INDEX attendances_user_confirmed_idx ON attendances (user_id) WHERE status = 'confirmed'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX attendances_user_confirmed_idx`);
    await runner.query(`DROP TABLE calendar_feeds`);
    await runner.query(`ALTER TABLE fanouts DROP COLUMN calendar`);
    await runner.query(`ALTER TABLE events DROP COLUMN time_zone`);
  }
}
