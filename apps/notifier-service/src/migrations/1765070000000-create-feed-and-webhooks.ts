import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizer integrations: a numbered feed of every change to an organizer's events (gapless per organizer,
 * numbers never reused), webhook subscriptions, and one delivery per subscription and feed entry.
 */
export class CreateFeedAndWebhooks1765070000000 implements MigrationInterface {
  name = 'CreateFeedAndWebhooks1765070000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events ADD COLUMN organizer_id uuid`);
    // The last number given per organizer: taken with a row lock in the transaction that writes the entry, so
    // numbers follow commit order with no gap.
    await runner.query(`
      CREATE TABLE feed_heads (
        organizer_id uuid PRIMARY KEY,
        last_seq bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE feed_entries (
        organizer_id uuid NOT NULL,
        seq bigint NOT NULL,
        type text NOT NULL,
        event_id uuid,
        booking_id uuid,
        -- The fact it was made from: a fact makes each type of entry once.
        fact_id uuid NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        recorded_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        data jsonb NOT NULL,
        PRIMARY KEY (organizer_id, seq),
        UNIQUE (fact_id, type)
      )`);
    await runner.query(
      `CREATE INDEX feed_entries_booking_idx ON feed_entries (booking_id) WHERE booking_id IS NOT NULL`,
    );
    await runner.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        organizer_id uuid NOT NULL,
        url text NOT NULL,
        types text[] NOT NULL,
        event_id uuid,
        description text,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_until timestamptz(3),
        status text NOT NULL CHECK (status IN ('active', 'disabled')),
        disabled_reason text,
        -- An instance delivering for the subscription holds it until then (one sender per subscription).
        leased_until timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(
      `CREATE INDEX webhook_subscriptions_organizer_idx ON webhook_subscriptions (organizer_id)`,
    );
    await runner.query(`
      CREATE TABLE webhook_deliveries (
        -- Also the webhook-id header: the same on every attempt and redelivery.
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        organizer_id uuid NOT NULL,
        seq bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        first_attempt_at timestamptz(3),
        last_attempt_at timestamptz(3),
        response_status integer,
        response_ms integer,
        response_excerpt text,
        error text,
        delivered_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (subscription_id, seq)
      )`);
    await runner.query(
      `CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (subscription_id, seq) WHERE status = 'pending'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE webhook_deliveries`);
    await runner.query(`DROP TABLE webhook_subscriptions`);
    await runner.query(`DROP TABLE feed_entries`);
    await runner.query(`DROP TABLE feed_heads`);
    await runner.query(`ALTER TABLE events DROP COLUMN organizer_id`);
  }
}
