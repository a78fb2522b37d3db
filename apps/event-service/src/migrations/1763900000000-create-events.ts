import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvents1763900000000 implements MigrationInterface {
  name = 'CreateEvents1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY,
        organizer_id uuid NOT NULL,
        title text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 200),
        description text,
        venue_name text NOT NULL CHECK (venue_name <> ''),
        venue_city text NOT NULL CHECK (venue_city <> ''),
        venue_address text,
        -- Millisecond precision: list cursors carry starts_at as an ISO string.
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3) NOT NULL,
        capacity integer CHECK (capacity BETWEEN 1 AND 100000),
        seating jsonb,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
        visibility text NOT NULL CHECK (visibility IN ('public', 'private')),
        cancel_reason text,
        version integer NOT NULL DEFAULT 1,
        published_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'B')
        ) STORED,
        CONSTRAINT events_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT events_one_admission_mode CHECK ((capacity IS NULL) <> (seating IS NULL))
      )`);
    await runner.query(`CREATE INDEX events_search_idx ON events USING GIN (search)`);
    // The public listing: published public events by (starts_at, id), the keyset order of its pages.
    await runner.query(`
      CREATE INDEX events_listing_idx ON events (starts_at, id)
      WHERE status = 'published' AND visibility = 'public'`);
    await runner.query(`
      CREATE INDEX events_city_idx ON events (lower(venue_city), starts_at, id)
      WHERE status = 'published' AND visibility = 'public'`);
    await runner.query(`CREATE INDEX events_organizer_idx ON events (organizer_id, starts_at, id)`);

    // Replica of booking-service's facts: what is sold, for refusing a capacity shrink below it.
    await runner.query(`
      CREATE TABLE event_bookings (
        booking_id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        status text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(
      `CREATE INDEX event_bookings_event_idx ON event_bookings (event_id) WHERE status = 'confirmed'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE event_bookings`);
    await runner.query(`DROP TABLE events`);
  }
}
