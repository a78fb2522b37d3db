import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People: booking-service's replica of the accounts it needs (name and email, from user.* facts), for staff
 * added by email and for attendee lists. Staff: who works each event's door (`door`) or also manages its
 * attendees (`manager`).
 */
export class PeopleAndStaff1765050000000 implements MigrationInterface {
  name = 'PeopleAndStaff1765050000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE people (
        user_id uuid PRIMARY KEY,
        email text NOT NULL,
        full_name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`CREATE UNIQUE INDEX people_by_email ON people (lower(email))`);
    await runner.query(`
      CREATE TABLE event_staff (
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('door', 'manager')),
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (event_id, user_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE event_staff`);
    await runner.query(`DROP TABLE people`);
  }
}
