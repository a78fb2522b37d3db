import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** What makes a place claim abandoned: its age past the TTL, or the death of the instance that holds it. */
export interface ClaimSweep {
  ttlSeconds: number;
  goneSeconds: number;
}

/** SQL: the claim `c` is abandoned, given the parameters that hold the TTL and the instance's silence. */
const abandoned = (
  ttl: string,
  gone: string,
) => `(c.created_at <= clock_timestamp() - make_interval(secs => ${ttl})
  OR (c.claimed_by IS NOT NULL AND booking_instance_gone(c.claimed_by, ${gone})))`;

/**
 * The only reader and writer of `place_claims`: general-admission places taken for a booking in flight
 * (claim_places_for; see the create-place-claims migration), until confirm_booking consumes the claim or it
 * is given back.
 */
@Injectable()
export class PlaceClaimRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes `quantity` general-admission places and as many of the buyer's tickets (up to `limit`) for a
   * booking in flight, in one statement of its own (claim_places, not in the booking's transaction): the
   * event's row is locked for this statement alone. The claim's id, or why not.
   */
  async claim(
    eventId: string,
    userId: string,
    quantity: number,
    limit: number,
    instance: { id: string; goneSeconds: number },
  ): Promise<{ claim: string } | { refusal: 'LIMIT_EXCEEDED' | 'UNAVAILABLE' }> {
    const [row] = await this.dataSource.query<
      { claim_id: string | null; refusal: 'LIMIT_EXCEEDED' | 'UNAVAILABLE' }[]
    >(`SELECT claim_id, refusal FROM claim_places_for($1, $2, $3, $4, $5, $6)`, [
      eventId,
      userId,
      quantity,
      limit,
      instance.id,
      instance.goneSeconds,
    ]);
    return row.claim_id ? { claim: row.claim_id } : { refusal: row.refusal };
  }

  /**
   * Gives a claim's places and tickets back (the caller holds the holder's ticket row and the event's row).
   * Only while the claim exists: a booking that committed deleted it, so this cannot give back places that
   * were sold. With `sweep`, only an abandoned claim: older than the TTL, or held by an instance that is gone
   * (the sweeper's case; checked again here, in the statement that deletes it).
   */
  async releaseClaim(manager: EntityManager, claimId: string, sweep?: ClaimSweep): Promise<number> {
    const rows = await manager.query<{ quantity: number }[]>(
      `WITH gone AS (
         DELETE FROM place_claims c
         WHERE c.id = $1 AND ($2::numeric IS NULL OR ${abandoned('$2', '$3')})
         RETURNING event_id, user_id, quantity),
       tickets AS (
         UPDATE user_event_tickets t SET tickets = t.tickets - gone.quantity FROM gone
         WHERE t.event_id = gone.event_id AND t.user_id = gone.user_id),
       back AS (
         UPDATE inventory i SET sold = i.sold - gone.quantity FROM gone WHERE i.event_id = gone.event_id
         RETURNING gone.quantity)
       SELECT quantity FROM back`,
      [claimId, sweep?.ttlSeconds ?? null, sweep?.goneSeconds ?? null],
    );
    return rows[0]?.quantity ?? 0;
  }

  /** Every claim of the event given back (it was cancelled; the caller holds its ticket rows and its row). */
  async voidClaims(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(
      `WITH gone AS (DELETE FROM place_claims WHERE event_id = $1 RETURNING user_id, quantity),
       per_user AS (SELECT user_id, sum(quantity)::int AS quantity FROM gone GROUP BY user_id),
       tickets AS (
         UPDATE user_event_tickets t SET tickets = t.tickets - per_user.quantity FROM per_user
         WHERE t.event_id = $1 AND t.user_id = per_user.user_id)
       UPDATE inventory SET sold = sold - (SELECT coalesce(sum(quantity), 0) FROM gone)
       WHERE event_id = $1 AND EXISTS (SELECT 1 FROM gone)`,
      [eventId],
    );
  }

  async hasClaims(eventId: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM place_claims WHERE event_id = $1 AND user_id = $2 LIMIT 1`,
      [eventId, userId],
    );
    return rows.length > 0;
  }

  /** Abandoned claims (older than the TTL, or of an instance that is gone), oldest first. */
  abandonedClaims(
    sweep: ClaimSweep,
    limit: number,
  ): Promise<{ id: string; eventId: string; userId: string }[]> {
    return this.dataSource.query(
      `SELECT c.id, c.event_id AS "eventId", c.user_id AS "userId" FROM place_claims c
       WHERE ${abandoned('$1', '$2')} ORDER BY c.created_at LIMIT $3`,
      [sweep.ttlSeconds, sweep.goneSeconds, limit],
    );
  }
}
