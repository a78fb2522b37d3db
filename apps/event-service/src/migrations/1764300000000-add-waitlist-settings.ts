import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddWaitlistSettings1764300000000 implements MigrationInterface {
  name = 'AddWaitlistSettings1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE events
        ADD COLUMN waitlist_enabled boolean NOT NULL DEFAULT true,
        ADD COLUMN waitlist_offer_minutes integer NOT NULL DEFAULT 30
          CHECK (waitlist_offer_minutes BETWEEN 1 AND 10080)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events DROP COLUMN waitlist_offer_minutes, DROP COLUMN waitlist_enabled`);
  }
}
