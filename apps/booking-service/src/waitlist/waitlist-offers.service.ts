import { RoutingKeys, WaitlistClosedStatus } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isBookable } from '../inventory/inventory.entity';
import { Hold, InventoryService } from '../inventory/inventory.service';
import { WaitlistEntryEntity, WaitlistStatus } from './waitlist.entity';
import { WaitlistErrorCode, WaitlistException } from './waitlist.exception';
import { WaitlistRepository } from './waitlist.repository';

/** The timed job that ends an unanswered offer at its deadline. */
export const OFFER_EXPIRY = defineJobQueue<{ entryId: string; eventId: string }>('waitlist.offer-expiry', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

/** The places an offered entry holds. */
export const holdOf = (entry: WaitlistEntryEntity): Hold => ({
  eventId: entry.eventId,
  holdId: entry.id,
  quantity: entry.quantity,
  seats: entry.offeredSeats,
});

/**
 * Offers of freed places to waiting entries, and how offers end. Every method runs in the caller's
 * transaction with the event's inventory row locked (InventoryService.lockEvent), so offers for one event
 * are made one at a time: a place is never offered twice, and one freed is never left unoffered while an
 * entry it fits is waiting.
 */
@Injectable()
export class WaitlistOffersService implements OnModuleInit {
  constructor(
    private readonly entries: WaitlistRepository,
    private readonly inventory: InventoryService,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(OFFER_EXPIRY, (manager, job) =>
      this.expireOffer(manager, job.entryId, job.eventId),
    );
  }

  /**
   * Offers what is free now to the earliest waiting entries it fits (first fit in joining order: a group
   * that does not fit keeps its place, and a smaller entry behind it is served). Seated events hold the
   * seats in `freedSeats` first. Call after anything that frees places.
   */
  async offerFreed(manager: EntityManager, eventId: string, freedSeats: string[] = []): Promise<void> {
    const event = await this.inventory.lockEvent(manager, eventId);
    if (!isBookable(event) || event.waiting === 0) return;
    let free = await this.inventory.freePlaces(manager, event);
    let offered = 0;
    while (free > 0) {
      const entry = await this.entries.firstFit(manager, eventId, free);
      if (!entry) break;
      const hold = await this.inventory.hold(manager, event, entry.id, entry.quantity, freedSeats);
      // A seat taken by a booking in flight: what is free is less than counted; stop here.
      if (!hold) break;
      const offerExpiresAt = await this.entries.markOffered(
        manager,
        entry.id,
        hold.seats,
        event.waitlistOfferMinutes,
      );
      await this.scheduler.schedule(manager, OFFER_EXPIRY, { entryId: entry.id, eventId }, offerExpiresAt);
      await this.outbox.add(manager, RoutingKeys.WaitlistOffered, {
        entryId: entry.id,
        eventId,
        userId: entry.userId,
        quantity: entry.quantity,
        seats: hold.seats,
        offerExpiresAt: offerExpiresAt.toISOString(),
      });
      free -= entry.quantity;
      offered++;
    }
    await this.inventory.leftWaiting(manager, eventId, offered);
  }

  /** The offer's deadline: an entry still offered at it expires and its places pass on. */
  async expireOffer(manager: EntityManager, entryId: string, eventId: string): Promise<void> {
    await this.inventory.lockEvent(manager, eventId);
    const entry = await this.entries.lock(manager, entryId);
    // Accepted, declined or left before the deadline: nothing to do.
    if (!entry || entry.status !== WaitlistStatus.Offered) return;
    if (!(await this.entries.offerLapsed(manager, entryId))) {
      throw new Error(`offer ${entryId} is not yet due (clock skew?); retried later`);
    }
    await this.entries.close(manager, entryId, WaitlistStatus.Expired);
    await this.inventory.releaseHolds(manager, [holdOf(entry)]);
    await this.outbox.add(manager, RoutingKeys.WaitlistExpired, factOf(entry));
    await this.offerFreed(manager, eventId, entry.offeredSeats);
  }

  /** An entry of the caller's; someone else's entry does not exist for them. */
  async findOwnEntry(manager: EntityManager, userId: string, entryId: string): Promise<WaitlistEntryEntity> {
    const found = await this.entries.find(entryId, manager);
    if (!found || found.userId !== userId) throw entryNotFound();
    return found;
  }

  /** Locks an entry of the caller's for a change, the event's row first (the lock order). */
  async lockOwnEntry(manager: EntityManager, userId: string, entryId: string): Promise<WaitlistEntryEntity> {
    const found = await this.findOwnEntry(manager, userId, entryId);
    await this.inventory.lockEvent(manager, found.eventId);
    return (await this.entries.lock(manager, entryId))!;
  }

  /**
   * The places of an open offer, for accepting it (the caller books them and calls `markAccepted`):
   * OFFER_EXPIRED once its deadline has passed, NO_OFFER if nothing is offered.
   */
  async openOffer(manager: EntityManager, entry: WaitlistEntryEntity): Promise<Hold> {
    if (entry.status === WaitlistStatus.Expired) throw offerExpired(entry);
    if (entry.status !== WaitlistStatus.Offered) throw noOffer(entry);
    if (await this.entries.offerLapsed(manager, entry.id)) throw offerExpired(entry);
    return holdOf(entry);
  }

  async markAccepted(manager: EntityManager, entry: WaitlistEntryEntity, bookingId: string): Promise<void> {
    await this.entries.close(manager, entry.id, WaitlistStatus.Accepted, bookingId);
    await this.outbox.add(manager, RoutingKeys.WaitlistClosed, {
      ...factOf(entry),
      status: WaitlistClosedStatus.Accepted,
      bookingId,
    });
  }

  /**
   * Closes a live entry the caller's way (declined or left): an offer's places are released and pass on.
   * Returns the closed entry.
   */
  async withdraw(
    manager: EntityManager,
    entry: WaitlistEntryEntity,
    status: WaitlistStatus.Declined | WaitlistStatus.Left,
  ): Promise<WaitlistEntryEntity> {
    const wasOffered = entry.status === WaitlistStatus.Offered;
    const closed = await this.entries.close(manager, entry.id, status);
    await this.outbox.add(manager, RoutingKeys.WaitlistClosed, {
      ...factOf(entry),
      status: status === WaitlistStatus.Declined ? WaitlistClosedStatus.Declined : WaitlistClosedStatus.Left,
      bookingId: null,
    });
    if (wasOffered) {
      await this.inventory.releaseHolds(manager, [holdOf(entry)]);
      await this.offerFreed(manager, entry.eventId, entry.offeredSeats);
    } else {
      await this.inventory.leftWaiting(manager, entry.eventId, 1);
    }
    return closed;
  }

  /** The event is cancelled: every live entry is cancelled and its held places released. */
  async cancelForEvent(manager: EntityManager, eventId: string): Promise<void> {
    await this.inventory.lockEvent(manager, eventId);
    const cancelled = await this.entries.cancelLive(manager, eventId);
    if (cancelled.length === 0) return;
    await this.inventory.releaseHolds(
      manager,
      cancelled.filter((e) => e.status === WaitlistStatus.Offered).map(holdOf),
    );
    await this.inventory.leftWaiting(
      manager,
      eventId,
      cancelled.filter((e) => e.status === WaitlistStatus.Waiting).length,
    );
    await this.outbox.addMany(
      manager,
      RoutingKeys.WaitlistClosed,
      cancelled.map((e) => ({ ...factOf(e), status: WaitlistClosedStatus.Cancelled, bookingId: null })),
    );
  }
}

const factOf = (entry: WaitlistEntryEntity) => ({
  entryId: entry.id,
  eventId: entry.eventId,
  userId: entry.userId,
  quantity: entry.quantity,
});

export const entryNotFound = () =>
  new WaitlistException(WaitlistErrorCode.EntryNotFound, 'No such waiting-list entry');

const offerExpired = (entry: WaitlistEntryEntity) =>
  new WaitlistException(WaitlistErrorCode.OfferExpired, 'The offer has expired', {
    offerExpiresAt: entry.offerExpiresAt?.toISOString() ?? null,
  });

const noOffer = (entry: WaitlistEntryEntity) =>
  new WaitlistException(WaitlistErrorCode.NoOffer, 'Nothing is offered to this entry', {
    status: entry.status,
  });
