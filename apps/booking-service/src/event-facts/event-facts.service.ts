import { EventCancelled, EventCompleted, EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingService } from '../booking/booking.service';
import { InventoryService } from '../inventory/inventory.service';
import { InvitationService } from '../invitation/invitation.service';
import { WaitlistOffersService } from '../waitlist/waitlist-offers.service';

/**
 * What event.* facts change here: the inventory replica; a cancellation cancels bookings, the waiting list
 * and the invitations.
 */
@Injectable()
export class EventFactsService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly bookings: BookingService,
    private readonly offers: WaitlistOffersService,
    private readonly invitations: InvitationService,
  ) {}

  /** Published or updated: places (capacity raised, seats added) may have freed for the waiting list. */
  async snapshot(manager: EntityManager, snapshot: EventSnapshot): Promise<void> {
    if (await this.inventory.applySnapshot(manager, snapshot)) {
      await this.offers.offerFreed(manager, snapshot.eventId);
    }
  }

  async completed(manager: EntityManager, fact: EventCompleted): Promise<void> {
    await this.inventory.complete(manager, fact.eventId);
  }

  async cancelled(manager: EntityManager, fact: EventCancelled): Promise<void> {
    await this.bookings.cancelEventBookings(manager, fact);
    await this.offers.cancelForEvent(manager, fact.eventId);
    await this.invitations.cancelForEvent(manager, fact.eventId);
  }
}
