import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingService } from '../booking/booking.service';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { InventoryService } from '../inventory/inventory.service';
import { PlaceClaim, PlaceClaims } from '../inventory/place-claims.service';
import { OfferFreedPlaces } from './offer-freed-places';

/**
 * Gives a claim's places back when its booking was not written (refused, failed, or its process died), and
 * offers them to the waiting list. A no-op once the booking committed: that consumed the claim.
 */
@Injectable()
export class ReleaseClaim {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly claims: PlaceClaims,
    private readonly offers: OfferFreedPlaces,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {}

  /** With `ttlSeconds` (the sweeper), only if the claim is abandoned. */
  async execute(claim: PlaceClaim, ttlSeconds?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // In the lock order of every writer: the person's ticket count, then the event's row, then the claim.
      await this.bookings.lockTickets(manager, claim.eventId, claim.userId);
      await this.inventory.lockEvent(manager, claim.eventId);
      if ((await this.claims.release(manager, claim, ttlSeconds)) > 0) {
        await this.offers.execute(manager, claim.eventId);
      }
    });
  }

  /**
   * Gives back the places of abandoned claims (their request died mid-booking: older than the TTL, or of an
   * instance that is gone); how many.
   */
  async sweep(limit = 100): Promise<number> {
    const ttl = this.config.BOOKING_CLAIM_TTL_SECONDS;
    const stale = await this.claims.abandoned(ttl, limit);
    for (const claim of stale) await this.execute(claim, ttl);
    return stale.length;
  }
}
