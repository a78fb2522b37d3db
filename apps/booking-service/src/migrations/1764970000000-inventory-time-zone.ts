import { MigrationInterface, QueryRunner } from 'typeorm';

/** The event's time zone in the replica (for what lists of bookings and invitations show of the event). */
export class InventoryTimeZone1764970000000 implements MigrationInterface {
  name = 'InventoryTimeZone1764970000000';

  async up(runner: QueryRunner): Promise<void> {
    // Facts written before events had zones read as UTC, and so do the events already held.
    await runner.query(`ALTER TABLE inventory ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory DROP COLUMN time_zone`);
  }
}
