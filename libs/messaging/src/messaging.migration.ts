import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox (facts waiting to be published) and inbox (messages already handled), in every service's database. */
export class CreateMessagingTables1763700000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        routing_key text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        last_error text
      )`);
    await runner.query(
      `CREATE INDEX outbox_pending_idx ON outbox (created_at, id) WHERE published_at IS NULL`,
    );
    await runner.query(
      `CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
    );
    // Superseded: nothing listens for this NOTIFY any more, and DropOutboxNotify1764100000000 (below) drops it
    // again. An applied migration is never edited, so the trigger it created stays in the history.
    await runner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
    await runner.query(`
      CREATE TABLE inbox (
        message_id uuid NOT NULL,
        handler text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (message_id, handler)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE inbox`);
    await runner.query(`DROP TRIGGER outbox_notify ON outbox`);
    await runner.query(`DROP FUNCTION outbox_notify()`);
    await runner.query(`DROP TABLE outbox`);
  }
}

/**
 * The outbox no longer NOTIFYs on insert: PostgreSQL makes every notifying transaction take one
 * database-wide lock until its commit is flushed, which serialised all bookings. The relay is woken
 * in-process after the commit instead, and polls for the rest.
 */
export class DropOutboxNotify1764100000000 implements MigrationInterface {
  name = 'DropOutboxNotify1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await runner.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
  }
}

/**
 * `outbox_add(id, routing_key, envelope)`: how a service's own SQL function adds a fact to the outbox in its
 * transaction (confirm_booking does), so that only this library writes its table and may change its shape.
 */
export class AddOutboxFunction1764950000000 implements MigrationInterface {
  name = 'AddOutboxFunction1764950000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION outbox_add(p_id uuid, p_routing_key text, p_envelope jsonb)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO outbox (id, routing_key, envelope) VALUES (p_id, p_routing_key, p_envelope)
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION outbox_add(uuid, text, jsonb)`);
  }
}

/** The messaging migrations every service runs, in order. */
export const messagingMigrations = [
  CreateMessagingTables1763700000000,
  DropOutboxNotify1764100000000,
  AddOutboxFunction1764950000000,
];
