import { SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InventoryService } from '../inventory/inventory.service';
import { isBookable } from '../inventory/inventory.rules';
import { OFFER_EXPIRY, WaitlistService } from '../waitlist/waitlist.service';
import { holdOf } from '../waitlist/waitlist.rules';

/**
 * Offers places that just came free to the waiting list, and ends offers nobody answered. Every command that
 * frees places (a cancellation, a claim given back, a "no" to an invitation, a capacity raised, an offer
 * declined or expired) ends here, in its own transaction with the event's row locked: a place is never offered
 * twice, and one freed is never left unoffered while an entry it fits is waiting.
 */
@Injectable()
export class OfferFreedPlaces implements OnModuleInit {
  constructor(
    private readonly inventory: InventoryService,
    private readonly waitlist: WaitlistService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(OFFER_EXPIRY, (manager, job) => this.expire(manager, job.entryId, job.eventId));
  }

  /**
   * Offers what is free now to the earliest waiting entries it fits (first fit in joining order: a group
   * that does not fit keeps its place, and a smaller entry behind it is served). Seated events hold the
   * seats in `freedSeats` first.
   */
  async execute(manager: EntityManager, eventId: string, freedSeats: string[] = []): Promise<void> {
    const event = await this.inventory.lockEvent(manager, eventId);
    if (!isBookable(event) || event.waiting === 0) return;
    let free = await this.inventory.freePlaces(manager, event);
    let offered = 0;
    while (free > 0) {
      const entry = await this.waitlist.firstFit(manager, eventId, free);
      if (!entry) break;
      const hold = await this.inventory.hold(manager, event, entry.id, entry.quantity, freedSeats);
      // A seat taken by a booking in flight: what is free is less than counted; stop here.
      if (!hold) break;
      await this.waitlist.offer(manager, entry, hold, event.waitlistOfferMinutes);
      free -= entry.quantity;
      offered++;
    }
    await this.inventory.leftWaiting(manager, eventId, offered);
  }

  /** The offer's deadline: an entry still offered expires, and its places pass on. */
  async expire(manager: EntityManager, entryId: string, eventId: string): Promise<void> {
    await this.inventory.lockEvent(manager, eventId);
    const expired = await this.waitlist.expire(manager, entryId);
    if (!expired) return;
    await this.inventory.releaseHolds(manager, [holdOf(expired)]);
    await this.execute(manager, eventId, expired.offeredSeats);
  }
}
