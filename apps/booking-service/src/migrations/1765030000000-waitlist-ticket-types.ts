import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A waiting-list entry of an event sold by ticket type names the type it waits for: accepting its offer is
 * an order of that type (priced, held for payment). Seated offers are priced by their seats' sections: null.
 */
export class WaitlistTicketTypes1765030000000 implements MigrationInterface {
  name = 'WaitlistTicketTypes1765030000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE waitlist_entries ADD COLUMN ticket_type_id uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE waitlist_entries DROP COLUMN ticket_type_id`);
  }
}
