import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each event sells. Events made before ticket types existed sell one free "General admission" type (in
 * EUR), and each section of a seated plan sells it.
 */
export class AddTicketTypes1764900000000 implements MigrationInterface {
  name = 'AddTicketTypes1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events ADD COLUMN ticket_types jsonb NOT NULL DEFAULT '[]'`);
    await runner.query(`
      UPDATE events SET ticket_types = jsonb_build_array(jsonb_build_object(
        'id', gen_random_uuid(), 'name', 'General admission', 'description', NULL,
        'price', jsonb_build_object('amount', 0, 'currency', 'EUR'), 'quota', NULL, 'salesStart', NULL,
        'salesEnd', NULL, 'maxPerOrder', NULL, 'hidden', false))`);
    await runner.query(`
      UPDATE events SET seating = jsonb_set(seating, '{sections}', (
        SELECT jsonb_agg(section || jsonb_build_object('ticketTypeId', ticket_types->0->>'id') ORDER BY n)
        FROM jsonb_array_elements(seating->'sections') WITH ORDINALITY AS s(section, n)))
      WHERE seating IS NOT NULL`);
    await runner.query(`ALTER TABLE events ALTER COLUMN ticket_types DROP DEFAULT`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE events SET seating = jsonb_set(seating, '{sections}', (
        SELECT jsonb_agg(section - 'ticketTypeId' ORDER BY n)
        FROM jsonb_array_elements(seating->'sections') WITH ORDINALITY AS s(section, n)))
      WHERE seating IS NOT NULL`);
    await runner.query(`ALTER TABLE events DROP COLUMN ticket_types`);
  }
}
