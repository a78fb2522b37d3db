import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The instance that holds each general-admission claim: the sweeper gives back the places of a dead
 * instance's claims once its heartbeat stops, instead of after BOOKING_CLAIM_TTL_SECONDS.
 * claim_places_for() is claim_places() (unchanged, called inside) for an instance: it first gives back what
 * a request of the same buyer left on the event when its instance died (their retry, taking over the
 * Idempotency-Key, must not compete with its own abandoned places), then names the instance on the claim.
 */
export class PlaceClaimsWithOwners1764930000000 implements MigrationInterface {
  name = 'PlaceClaimsWithOwners1764930000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE place_claims ADD COLUMN claimed_by uuid`);
    // In the lock order of every writer: the person's count (locked first), the claims, the event's row.
    await runner.query(`
      CREATE FUNCTION claim_places_for(p_event uuid, p_user uuid, p_quantity integer, p_limit integer,
                                       p_instance uuid, p_gone_seconds numeric)
      RETURNS TABLE (claim_id uuid, refusal text) LANGUAGE plpgsql AS $$
      DECLARE
        v_back integer;
        v_claim uuid;
        v_refusal text;
      BEGIN
        PERFORM 1 FROM user_event_tickets WHERE event_id = p_event AND user_id = p_user FOR UPDATE;
        WITH gone AS (
          DELETE FROM place_claims c
          WHERE c.event_id = p_event AND c.user_id = p_user AND c.claimed_by IS NOT NULL
            AND booking_instance_gone(c.claimed_by, p_gone_seconds)
          RETURNING quantity)
        SELECT coalesce(sum(quantity), 0)::int INTO v_back FROM gone;
        IF v_back > 0 THEN
          UPDATE user_event_tickets SET tickets = tickets - v_back WHERE event_id = p_event AND user_id = p_user;
          UPDATE inventory SET sold = sold - v_back WHERE event_id = p_event;
        END IF;
        SELECT c.claim_id, c.refusal INTO v_claim, v_refusal
          FROM claim_places(p_event, p_user, p_quantity, p_limit) c;
        IF v_claim IS NOT NULL THEN
          UPDATE place_claims SET claimed_by = p_instance WHERE id = v_claim;
        END IF;
        RETURN QUERY SELECT v_claim, v_refusal;
      END
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION claim_places_for(uuid, uuid, integer, integer, uuid, numeric)`);
    await runner.query(`ALTER TABLE place_claims DROP COLUMN claimed_by`);
  }
}
