import { MigrationInterface, QueryRunner } from 'typeorm';

/** The replica keeps what the event asks of each attendee: ticket answers are checked against it. */
export class InventoryQuestions1765060000000 implements MigrationInterface {
  name = 'InventoryQuestions1765060000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory ADD COLUMN questions jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory DROP COLUMN questions`);
  }
}
