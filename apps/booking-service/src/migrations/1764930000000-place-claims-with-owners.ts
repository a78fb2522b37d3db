import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The instance that holds each general-admission claim: the sweeper gives back the places of a dead
 * instance's claims once its heartbeat stops, instead of after BOOKING_CLAIM_TTL_SECONDS. claim_places()
 * takes the instance and how long a silent one counts as alive (null when not given); a buyer's claim first
 * gives back what a request of theirs left on the event when its instance died (their retry, taking over
 * the Idempotency-Key, must not compete with its own abandoned places).
 */
export class PlaceClaimsWithOwners1764930000000 implements MigrationInterface {
  name = 'PlaceClaimsWithOwners1764930000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE place_claims ADD COLUMN claimed_by uuid`);
    await runner.query(`DROP FUNCTION claim_places(uuid, uuid, integer, integer)`);
    await runner.query(claimPlaces(true));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION claim_places(uuid, uuid, integer, integer, uuid, numeric)`);
    await runner.query(claimPlaces(false));
    await runner.query(`ALTER TABLE place_claims DROP COLUMN claimed_by`);
  }
}

/** claim_places() as 1764700000000 made it, with (or without) the claiming instance. */
function claimPlaces(withOwner: boolean): string {
  return `
    CREATE FUNCTION claim_places(p_event uuid, p_user uuid, p_quantity integer, p_limit integer
                                 ${withOwner ? ', p_instance uuid DEFAULT NULL, p_gone_seconds numeric DEFAULT NULL' : ''})
    RETURNS TABLE (claim_id uuid, refusal text) LANGUAGE plpgsql AS $$
    DECLARE
      v_claim uuid := gen_random_uuid();
      ${withOwner ? 'v_back integer;' : ''}
    BEGIN
      ${withOwner ? ABANDONED_OWN_CLAIMS_BACK : ''}
      INSERT INTO user_event_tickets AS t (event_id, user_id, tickets)
      SELECT p_event, p_user, p_quantity WHERE p_quantity <= p_limit
      ON CONFLICT (event_id, user_id) DO UPDATE SET tickets = t.tickets + EXCLUDED.tickets
      WHERE t.tickets + EXCLUDED.tickets <= p_limit;
      IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::uuid, 'LIMIT_EXCEEDED'::text;
        RETURN;
      END IF;
      UPDATE inventory SET sold = sold + p_quantity
      WHERE event_id = p_event AND status = 'published' AND starts_at > clock_timestamp()
        AND capacity IS NOT NULL AND sold + held + p_quantity <= capacity;
      IF NOT FOUND THEN
        UPDATE user_event_tickets SET tickets = tickets - p_quantity WHERE event_id = p_event AND user_id = p_user;
        RETURN QUERY SELECT NULL::uuid, 'UNAVAILABLE'::text;
        RETURN;
      END IF;
      ${
        withOwner
          ? 'INSERT INTO place_claims (id, event_id, user_id, quantity, claimed_by) VALUES (v_claim, p_event, p_user, p_quantity, p_instance);'
          : 'INSERT INTO place_claims (id, event_id, user_id, quantity) VALUES (v_claim, p_event, p_user, p_quantity);'
      }
      RETURN QUERY SELECT v_claim, NULL::text;
    END
    $$`;
}

/**
 * The buyer's own claims on the event held by an instance that is gone, given back first. In the lock order
 * of every writer: the person's count (locked first), the claims, then the event's row.
 */
const ABANDONED_OWN_CLAIMS_BACK = `
      IF p_instance IS NOT NULL AND p_gone_seconds IS NOT NULL THEN
        PERFORM 1 FROM user_event_tickets WHERE event_id = p_event AND user_id = p_user FOR UPDATE;
        WITH gone AS (
          DELETE FROM place_claims c
          WHERE c.event_id = p_event AND c.user_id = p_user AND c.claimed_by IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM booking_instances i
                            WHERE i.id = c.claimed_by
                              AND i.seen_at > clock_timestamp() - make_interval(secs => p_gone_seconds))
          RETURNING quantity)
        SELECT coalesce(sum(quantity), 0)::int INTO v_back FROM gone;
        IF v_back > 0 THEN
          UPDATE user_event_tickets SET tickets = tickets - v_back WHERE event_id = p_event AND user_id = p_user;
          UPDATE inventory SET sold = sold - v_back WHERE event_id = p_event;
        END IF;
      END IF;`;
