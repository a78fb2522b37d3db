import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInvitations1764400000000 implements MigrationInterface {
  name = 'CreateInvitations1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    // The venue, for guests' lists of invitations (filled by the next snapshot of each event).
    await runner.query(`
      ALTER TABLE inventory
        ADD COLUMN venue_name text NOT NULL DEFAULT '',
        ADD COLUMN venue_city text NOT NULL DEFAULT '',
        ADD COLUMN venue_address text`);
    // One RSVP window per event with invitations: its deadline, the job that closes it, the summary sent.
    await runner.query(`
      CREATE TABLE rsvp_windows (
        event_id uuid PRIMARY KEY REFERENCES inventory (event_id),
        rsvp_by timestamptz(3) NOT NULL,
        deadline_job_id uuid,
        summary_sent_at timestamptz,
        summary_reason text CHECK (summary_reason IN ('deadline', 'all_answered'))
      )`);
    await runner.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES inventory (event_id),
        -- Lower-cased; one invitation per address and event.
        email text NOT NULL,
        name text,
        message text,
        plus_ones_allowed integer NOT NULL CHECK (plus_ones_allowed BETWEEN 0 AND 5),
        -- SHA-256 of the RSVP token; the token itself is only in the guest's email.
        token_hash bytea NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'yes', 'no', 'maybe', 'cancelled')),
        plus_ones integer NOT NULL DEFAULT 0 CHECK (plus_ones >= 0),
        comment text,
        -- General-admission places a "yes" holds (1 + plus-ones), counted in the inventory's sold places.
        places integer NOT NULL DEFAULT 0 CHECK (places >= 0),
        answers integer NOT NULL DEFAULT 0,
        invited_by uuid NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        responded_at timestamptz,
        UNIQUE (event_id, email)
      )`);
    await runner.query(`CREATE INDEX invitations_email_idx ON invitations (email, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX invitations_event_idx ON invitations (event_id, created_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE invitations`);
    await runner.query(`DROP TABLE rsvp_windows`);
    await runner.query(
      `ALTER TABLE inventory DROP COLUMN venue_name, DROP COLUMN venue_city, DROP COLUMN venue_address`,
    );
  }
}
