import { MigrationInterface, QueryRunner } from 'typeorm';

/** How an event's sale opens: at a time, through a queue (run by booking-service). */
export class AddOnSale1765090000000 implements MigrationInterface {
  name = 'AddOnSale1765090000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events ADD COLUMN on_sale jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events DROP COLUMN on_sale`);
  }
}
