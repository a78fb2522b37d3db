import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWaitlist1764300000000 implements MigrationInterface {
  name = 'CreateWaitlist1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE inventory
        -- General admission places held for waiting-list offers: neither sold nor sellable.
        ADD COLUMN held integer NOT NULL DEFAULT 0 CHECK (held >= 0),
        ADD COLUMN waitlist_enabled boolean NOT NULL DEFAULT true,
        ADD COLUMN waitlist_offer_minutes integer NOT NULL DEFAULT 30,
        -- Entries waiting (not yet offered), for availability.
        ADD COLUMN waiting integer NOT NULL DEFAULT 0 CHECK (waiting >= 0),
        -- The last joining number given out; entries are ordered by it (taken under this row's lock).
        ADD COLUMN waitlist_seq bigint NOT NULL DEFAULT 0`);
    // The waiting-list entry a free seat is offered to; such a seat is not sellable to anyone else.
    await runner.query(`ALTER TABLE seats ADD COLUMN held_by uuid`);
    await runner.query(`CREATE INDEX seats_held_idx ON seats (held_by) WHERE held_by IS NOT NULL`);
    await runner.query(`
      CREATE TABLE waitlist_entries (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES inventory (event_id),
        user_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        seq bigint NOT NULL,
        status text NOT NULL
          CHECK (status IN ('waiting', 'offered', 'accepted', 'declined', 'expired', 'left', 'cancelled')),
        offered_seats text[] NOT NULL DEFAULT '{}',
        offered_at timestamptz,
        offer_expires_at timestamptz(3),
        booking_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        closed_at timestamptz,
        UNIQUE (event_id, seq),
        CHECK ((status = 'offered') = (offer_expires_at IS NOT NULL AND closed_at IS NULL))
      )`);
    // One live entry per person and event.
    await runner.query(`
      CREATE UNIQUE INDEX waitlist_live_idx ON waitlist_entries (event_id, user_id)
      WHERE status IN ('waiting', 'offered')`);
    await runner.query(
      `CREATE INDEX waitlist_waiting_idx ON waitlist_entries (event_id, seq) INCLUDE (quantity) WHERE status = 'waiting'`,
    );
    await runner.query(
      `CREATE INDEX waitlist_user_idx ON waitlist_entries (user_id, created_at DESC, id DESC)`,
    );
    await runner.query(`CREATE INDEX waitlist_event_idx ON waitlist_entries (event_id, created_at, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE waitlist_entries`);
    await runner.query(`DROP INDEX seats_held_idx`);
    await runner.query(`ALTER TABLE seats DROP COLUMN held_by`);
    await runner.query(`
      ALTER TABLE inventory DROP COLUMN held, DROP COLUMN waitlist_enabled, DROP COLUMN waitlist_offer_minutes,
        DROP COLUMN waiting, DROP COLUMN waitlist_seq`);
  }
}
