import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBookings1764000000000 implements MigrationInterface {
  name = 'CreateBookings1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    // booking-service's own view of each published event, fed by event facts; it is the authority on sales.
    await runner.query(`
      CREATE TABLE inventory (
        event_id uuid PRIMARY KEY,
        event_version integer NOT NULL,
        organizer_id uuid NOT NULL,
        title text NOT NULL,
        status text NOT NULL CHECK (status IN ('published', 'cancelled', 'completed')),
        visibility text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        -- General admission: places on sale (may drop below sold; nothing is then left to sell). Null if seated.
        capacity integer CHECK (capacity >= 0),
        -- General admission places sold (seated events count their seats instead).
        sold integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`
      CREATE TABLE seats (
        event_id uuid NOT NULL REFERENCES inventory (event_id) ON DELETE CASCADE,
        label text NOT NULL,
        section text NOT NULL,
        row_number integer NOT NULL,
        seat_number integer NOT NULL,
        booking_id uuid,
        PRIMARY KEY (event_id, label)
      )`);
    await runner.query(`CREATE INDEX seats_booking_idx ON seats (booking_id) WHERE booking_id IS NOT NULL`);
    await runner.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES inventory (event_id),
        user_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        seats text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        cancel_reason text CHECK (cancel_reason IN ('USER_CANCELLED', 'ADMIN_CANCELLED', 'EVENT_CANCELLED')),
        -- Millisecond precision: list cursors carry it as an ISO string.
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        cancelled_at timestamptz
      )`);
    await runner.query(`CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX bookings_event_idx ON bookings (event_id, created_at DESC, id DESC)`);
    // Tickets each user holds per event: one small row to lock, so the per-user limit holds under concurrency.
    await runner.query(`
      CREATE TABLE user_event_tickets (
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        tickets integer NOT NULL CHECK (tickets >= 0),
        PRIMARY KEY (event_id, user_id)
      )`);
    await runner.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status integer,
        response_body text,
        locked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      )`);
    await runner.query(`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE idempotency_keys`);
    await runner.query(`DROP TABLE user_event_tickets`);
    await runner.query(`DROP TABLE bookings`);
    await runner.query(`DROP TABLE seats`);
    await runner.query(`DROP TABLE inventory`);
  }
}
