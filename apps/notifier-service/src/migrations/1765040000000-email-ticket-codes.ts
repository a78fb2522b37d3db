import { MigrationInterface, QueryRunner } from 'typeorm';

/** An email may carry ticket codes: the mailer attaches each as an inline QR image. */
export class EmailTicketCodes1765040000000 implements MigrationInterface {
  name = 'EmailTicketCodes1765040000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE emails ADD COLUMN ticket_codes text[]`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE emails DROP COLUMN ticket_codes`);
  }
}
