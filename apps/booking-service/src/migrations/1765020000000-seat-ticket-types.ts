import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each seat knows the ticket type it is sold as (its section's): a seated order is priced per section. Seats
 * heard of before (null) are sold as the event's first type until the event's next fact names theirs.
 */
export class SeatTicketTypes1765020000000 implements MigrationInterface {
  name = 'SeatTicketTypes1765020000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE seats ADD COLUMN ticket_type_id uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE seats DROP COLUMN ticket_type_id`);
  }
}
