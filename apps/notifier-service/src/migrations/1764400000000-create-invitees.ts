import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInvitees1764400000000 implements MigrationInterface {
  name = 'CreateInvitees1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    // booking-service's invitations as far as notices need them; user_id once an account has the address.
    await runner.query(`
      CREATE TABLE invitees (
        invitation_id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        email text NOT NULL,
        user_id uuid,
        name text,
        message text,
        rsvp_by timestamptz NOT NULL,
        plus_ones_allowed integer NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'yes', 'no', 'maybe')),
        answers integer NOT NULL DEFAULT 0
      )`);
    await runner.query(`CREATE INDEX invitees_event_idx ON invitees (event_id)`);
    await runner.query(`CREATE INDEX invitees_email_idx ON invitees (email)`);
    await runner.query(`CREATE INDEX contacts_email_idx ON contacts (lower(email))`);
    // Emails to guests without an account: no notification, an address, and a cause that makes them once.
    await runner.query(`
      ALTER TABLE emails
        ALTER COLUMN notification_id DROP NOT NULL,
        ALTER COLUMN user_id DROP NOT NULL,
        ADD COLUMN cause text UNIQUE,
        ADD CONSTRAINT emails_recipient
          CHECK (notification_id IS NOT NULL OR (to_address IS NOT NULL AND cause IS NOT NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM emails WHERE notification_id IS NULL`);
    await runner.query(`
      ALTER TABLE emails DROP CONSTRAINT emails_recipient, DROP COLUMN cause,
        ALTER COLUMN notification_id SET NOT NULL, ALTER COLUMN user_id SET NOT NULL`);
    await runner.query(`DROP INDEX contacts_email_idx`);
    await runner.query(`DROP TABLE invitees`);
  }
}
