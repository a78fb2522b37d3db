import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets: one per place of a confirmed booking (its type, its seat, the attendee's name and answers), voided
 * when the booking is cancelled; each event's Ed25519 key pair that signs their codes; and every scan at the
 * door, which is how a check-in is decided once and a replayed offline batch changes nothing.
 */
export class Tickets1765040000000 implements MigrationInterface {
  name = 'Tickets1765040000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE event_keys (
        event_id uuid PRIMARY KEY,
        public_key text NOT NULL,
        private_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL REFERENCES bookings (id),
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        position integer NOT NULL CHECK (position > 0),
        ticket_type_id uuid,
        seat text,
        attendee_name text,
        answers jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'voided')),
        checked_in_at timestamptz,
        checked_in_by uuid,
        checked_in_device text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        voided_at timestamptz,
        UNIQUE (booking_id, position)
      )`);
    await runner.query(`CREATE INDEX tickets_by_event ON tickets (event_id, id)`);
    await runner.query(`CREATE INDEX tickets_by_user ON tickets (user_id, created_at DESC)`);
    await runner.query(`
      CREATE TABLE checkin_scans (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        ticket_id uuid,
        device_id text NOT NULL,
        scanned_at timestamptz NOT NULL,
        result text NOT NULL,
        scanned_by uuid NOT NULL,
        -- Made offline and synced later (a batch may be synced again); else scanned at the door now.
        offline boolean NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // An offline scan synced twice (the same device, ticket and instant) is recorded once.
    await runner.query(
      `CREATE UNIQUE INDEX checkin_scans_once ON checkin_scans (device_id, ticket_id, scanned_at)
       WHERE ticket_id IS NOT NULL AND offline`,
    );
    await runner.query(`CREATE INDEX checkin_scans_by_event ON checkin_scans (event_id, recorded_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE checkin_scans`);
    await runner.query(`DROP TABLE tickets`);
    await runner.query(`DROP TABLE event_keys`);
  }
}
