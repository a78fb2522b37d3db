import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders: a booking may name its ticket types (items, with the unit price it was sold at) and its total; a
 * priced one waits for payment (`pending_payment` until `expires_at`, its places counted as taken), then is
 * confirmed, or `expired` and its places given back. Places sold per ticket type are counted (a type's quota
 * holds under concurrency), and every payment and refund is a row of the ledger.
 */
export class Orders1764990000000 implements MigrationInterface {
  name = 'Orders1764990000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE bookings DROP CONSTRAINT bookings_status_check`);
    await runner.query(`
      ALTER TABLE bookings
        ADD CONSTRAINT bookings_status_check
          CHECK (status IN ('confirmed', 'cancelled', 'pending_payment', 'expired')),
        ADD COLUMN items jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN total_amount integer NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
        ADD COLUMN currency text,
        ADD COLUMN expires_at timestamptz(3),
        ADD CONSTRAINT bookings_hold_check CHECK ((status = 'pending_payment') = (expires_at IS NOT NULL))`);
    await runner.query(`
      CREATE TABLE ticket_type_sales (
        event_id uuid NOT NULL,
        ticket_type_id uuid NOT NULL,
        -- Places of the type in confirmed bookings and in holds awaiting payment.
        sold integer NOT NULL CHECK (sold >= 0),
        PRIMARY KEY (event_id, ticket_type_id)
      )`);
    await runner.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL REFERENCES bookings (id),
        kind text NOT NULL CHECK (kind IN ('payment', 'refund')),
        provider text NOT NULL,
        amount integer NOT NULL CHECK (amount > 0),
        currency text NOT NULL,
        -- The provider's id of it (a payment intent, a bank reference): recorded once.
        reference text NOT NULL,
        recorded_by uuid,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (provider, kind, reference)
      )`);
    await runner.query(`CREATE INDEX payments_booking_idx ON payments (booking_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE payments`);
    await runner.query(`DROP TABLE ticket_type_sales`);
    await runner.query(`DELETE FROM bookings WHERE status IN ('pending_payment', 'expired')`);
    await runner.query(`
      ALTER TABLE bookings DROP CONSTRAINT bookings_hold_check, DROP COLUMN expires_at, DROP COLUMN currency,
        DROP COLUMN total_amount, DROP COLUMN items, DROP CONSTRAINT bookings_status_check`);
    await runner.query(
      `ALTER TABLE bookings ADD CONSTRAINT bookings_status_check CHECK (status IN ('confirmed', 'cancelled'))`,
    );
  }
}
