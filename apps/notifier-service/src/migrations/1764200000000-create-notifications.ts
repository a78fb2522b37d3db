import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1764200000000 implements MigrationInterface {
  name = 'CreateNotifications1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    // Replicas, fed only by messages.
    await runner.query(`
      CREATE TABLE contacts (
        user_id uuid PRIMARY KEY,
        email text NOT NULL,
        full_name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`
      CREATE TABLE events (
        event_id uuid PRIMARY KEY,
        version integer NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        venue_name text NOT NULL,
        venue_city text NOT NULL,
        venue_address text
      )`);
    await runner.query(`
      CREATE TABLE attendances (
        booking_id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        quantity integer NOT NULL,
        seats text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        cancel_reason text
      )`);
    await runner.query(`CREATE INDEX attendances_event_user_idx ON attendances (event_id, user_id)`);

    await runner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        type text NOT NULL,
        -- What caused it (e.g. booking-confirmed:<bookingId>): one notification per recipient and cause, ever.
        cause text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        read_at timestamptz,
        CONSTRAINT notifications_once UNIQUE (user_id, cause)
      )`);
    await runner.query(
      `CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`,
    );
    await runner.query(
      `CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`,
    );
    await runner.query(`CREATE INDEX notifications_created_idx ON notifications (created_at)`);

    await runner.query(`
      CREATE TABLE emails (
        id uuid PRIMARY KEY,
        notification_id uuid NOT NULL UNIQUE REFERENCES notifications (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        ics text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        locked_until timestamptz,
        last_error text,
        to_address text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`CREATE INDEX emails_due_idx ON emails (next_attempt_at) WHERE status = 'pending'`);

    // An event change to tell every attendee, worked through in batches that survive a crash.
    await runner.query(`
      CREATE TABLE fanouts (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        cause text NOT NULL UNIQUE,
        type text NOT NULL,
        audience text NOT NULL CHECK (audience IN ('confirmed', 'cancelled_with_event')),
        title text NOT NULL,
        body text NOT NULL,
        data jsonb NOT NULL,
        after_user_id uuid,
        done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`CREATE INDEX fanouts_pending_idx ON fanouts (created_at) WHERE done_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['fanouts', 'emails', 'notifications', 'attendances', 'events', 'contacts']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
