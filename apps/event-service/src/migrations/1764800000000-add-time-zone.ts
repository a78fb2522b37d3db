import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each event's IANA time zone; events made before it existed are in UTC (what every notice said then). */
export class AddTimeZone1764800000000 implements MigrationInterface {
  name = 'AddTimeZone1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
    // New events name their zone (required on create): no default from here on.
    await runner.query(`ALTER TABLE events ALTER COLUMN time_zone DROP DEFAULT`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events DROP COLUMN time_zone`);
  }
}
