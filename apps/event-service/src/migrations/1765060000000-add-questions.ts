import { MigrationInterface, QueryRunner } from 'typeorm';

/** Questions an event asks of each attendee (answered per ticket in booking-service). */
export class AddQuestions1765060000000 implements MigrationInterface {
  name = 'AddQuestions1765060000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events ADD COLUMN questions jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events DROP COLUMN questions`);
  }
}
