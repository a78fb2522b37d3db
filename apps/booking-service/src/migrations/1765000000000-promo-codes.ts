import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promo codes of an event (a percentage or an amount off each eligible place, for some ticket types or all,
 * limited in uses and time, perhaps unlocking hidden types) and, on a booking, the code it used and the
 * discount it got. A code's `uses` counts the orders holding it: taken with the order, given back when a
 * hold ends unpaid or the booking is cancelled.
 */
export class PromoCodes1765000000000 implements MigrationInterface {
  name = 'PromoCodes1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE promo_codes (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        code text NOT NULL,
        percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
        amount_off integer CHECK (amount_off > 0),
        ticket_type_ids uuid[],
        max_uses integer CHECK (max_uses > 0),
        uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
        valid_from timestamptz(3),
        valid_until timestamptz(3),
        unlocks_hidden boolean NOT NULL DEFAULT false,
        disabled_at timestamptz(3),
        created_by uuid NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        CHECK ((percent_off IS NULL) <> (amount_off IS NULL))
      )`);
    // Codes are matched without regard to case: SUMMER and summer are one code of the event.
    await runner.query(`CREATE UNIQUE INDEX promo_codes_code_idx ON promo_codes (event_id, upper(code))`);
    await runner.query(`
      ALTER TABLE bookings
        ADD COLUMN discount_amount integer NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
        ADD COLUMN promo_code_id uuid REFERENCES promo_codes (id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE bookings DROP COLUMN promo_code_id, DROP COLUMN discount_amount`);
    await runner.query(`DROP TABLE promo_codes`);
  }
}
