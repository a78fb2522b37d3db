import { RetryLaterException } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { limitExceeded } from '../errors';
import { InstanceHeartbeat } from '../instance/instance-heartbeat';
import { InventoryService } from './inventory.service';
import { ClaimSweep, PlaceClaimRepository } from './place-claim.repository';

/** Claims tried when the places seem to be there yet the claim missed them (they were coming back). */
const CLAIM_ATTEMPTS = 5;

/** General-admission places taken for a booking in flight (place_claims), and whose they are. */
export interface PlaceClaim {
  id: string;
  eventId: string;
  userId: string;
}

/**
 * General-admission places claimed for bookings in flight: a claim is taken in a statement of its own, before
 * the booking's transaction, so a rush of buyers waits on the event's row one statement at a time; the
 * booking's confirmation consumes it (confirm_booking), or it is given back.
 */
@Injectable()
export class PlaceClaims {
  constructor(
    private readonly claims: PlaceClaimRepository,
    private readonly inventory: InventoryService,
    private readonly instance: InstanceHeartbeat,
  ) {}

  /**
   * Claims `quantity` general-admission places (and as many of the person's tickets, up to `limit`) for a
   * booking about to be written, or says why not. Outside any transaction: the event's row is locked only for
   * the one statement, which is what lets a rush of buyers through.
   */
  async claim(eventId: string, userId: string, quantity: number, limit: number): Promise<PlaceClaim> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.claims.claim(eventId, userId, quantity, limit, {
        id: this.instance.instanceId,
        goneSeconds: this.instance.goneSeconds,
      });
      if ('claim' in result) return { id: result.claim, eventId, userId };
      if (result.refusal === 'LIMIT_EXCEEDED') throw limitExceeded(limit);
      await this.inventory.refuseSale(eventId, quantity);
      // Places came back between the two statements (a refused booking gave its claim back): again.
      if (attempt === CLAIM_ATTEMPTS)
        throw new RetryLaterException('Places are changing hands too fast; retry');
    }
  }

  /**
   * Gives a claim's places back if it still exists (the caller holds the holder's tickets and the event's
   * row); with `ttlSeconds`, only if it is abandoned (see `abandoned`). How many places came back.
   */
  release(manager: EntityManager, claim: PlaceClaim, ttlSeconds?: number): Promise<number> {
    return this.claims.releaseClaim(manager, claim.id, this.sweepOf(ttlSeconds));
  }

  /** Every claim of a cancelled event given back; waits for the bookings in flight that hold them. */
  voidAll(manager: EntityManager, eventId: string): Promise<void> {
    return this.claims.voidClaims(manager, eventId);
  }

  /** Whether the person holds claims on the event (bookings in flight, or left by a request that died). */
  hasClaims(eventId: string, userId: string): Promise<boolean> {
    return this.claims.hasClaims(eventId, userId);
  }

  /** Claims of requests that died: older than `ttlSeconds`, or held by an instance that is gone. */
  abandoned(ttlSeconds: number, limit: number): Promise<PlaceClaim[]> {
    return this.claims.abandonedClaims(this.sweepOf(ttlSeconds)!, limit);
  }

  private sweepOf(ttlSeconds: number | undefined): ClaimSweep | undefined {
    return ttlSeconds === undefined ? undefined : { ttlSeconds, goneSeconds: this.instance.goneSeconds };
  }
}
