import { MigrationInterface, QueryRunner } from 'typeorm';

/** The event's ticket types in the replica (as event.* facts of version 5 carry them; older ones: none). */
export class InventoryTicketTypes1764980000000 implements MigrationInterface {
  name = 'InventoryTicketTypes1764980000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory ADD COLUMN ticket_types jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory DROP COLUMN ticket_types`);
  }
}
