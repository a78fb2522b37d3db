import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddReminders1764500000000 implements MigrationInterface {
  name = 'AddReminders1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE events
        ADD COLUMN reminders integer[] NOT NULL DEFAULT '{1440,60}',
        -- The timed job that announces the event completed at its end (re-planned when endsAt moves).
        ADD COLUMN completion_job_id uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events DROP COLUMN completion_job_id, DROP COLUMN reminders`);
  }
}
