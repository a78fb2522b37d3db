import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every booking is confirmed by confirm_booking() (booking/confirm-booking.sql, read here): book_claimed() did
 * it for claimed general-admission places only, and wrote libs/messaging's outbox table itself; seats and
 * waiting-list offers were confirmed in TypeScript.
 */
export class ConfirmBookingInOnePlace1764960000000 implements MigrationInterface {
  name = 'ConfirmBookingInOnePlace1764960000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(readFileSync(join(__dirname, '../booking/confirm-booking.sql'), 'utf8'));
    await runner.query(`DROP FUNCTION book_claimed(uuid, uuid, uuid, integer, uuid, text, jsonb, integer)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // book_claimed() as BookClaimedInOneCall1764800000000 created it.
    await runner.query(`
      CREATE FUNCTION book_claimed(p_claim uuid, p_booking uuid, p_user uuid, p_quantity integer,
                                   p_fact_id uuid, p_fact_key text, p_fact jsonb, p_shard integer)
      RETURNS SETOF bookings LANGUAGE plpgsql AS $$
      DECLARE
        v_event uuid;
      BEGIN
        DELETE FROM place_claims WHERE id = p_claim AND user_id = p_user AND quantity = p_quantity
        RETURNING event_id INTO v_event;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY
          INSERT INTO bookings (id, event_id, user_id, quantity, seats, status)
          VALUES (p_booking, v_event, p_user, p_quantity, '{}', 'confirmed')
          RETURNING *;
        INSERT INTO outbox (id, routing_key, envelope) VALUES (p_fact_id, p_fact_key, p_fact);
        PERFORM add_event_stats(v_event, p_shard, 1, 0, p_quantity, 0);
      END
      $$`);
    await runner.query(
      `DROP FUNCTION confirm_booking(uuid, uuid, uuid, integer, text[], uuid, uuid, text, jsonb, integer)`,
    );
  }
}
