import { AuthUser } from '@evently/auth';
import { Page } from '@evently/common';
import { RoutingKeys, WaitlistClosedStatus } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { notEventOrganizer } from '../errors';
import { Hold, InventoryService } from '../inventory/inventory.service';
import { canOrganize } from '../inventory/inventory.rules';
import { PositionedEntry, WaitlistEntryEntity, WaitlistStatus } from './waitlist.entity';
import { WaitlistErrorCode, WaitlistException } from './waitlist.exception';
import { WaitlistRepository } from './waitlist.repository';
import { holdOf, offerRefusal } from './waitlist.rules';

/** The timed job that ends an unanswered offer at its deadline (run by the offer-freed-places use-case). */
export const OFFER_EXPIRY = defineJobQueue<{ entryId: string; eventId: string }>('waitlist.offer-expiry', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

/**
 * Waiting-list entries: joining, offers made and answered, and how entries close, each with its fact. Every
 * change runs in the caller's transaction with the event's inventory row locked first (the lock order), so
 * one event's list changes one step at a time. What the places do meanwhile (held, sold, passed on) is the
 * use-cases' (join-waitlist, offer-freed-places, accept-offer, withdraw-from-waitlist).
 */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly entries: WaitlistRepository,
    private readonly inventory: InventoryService,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
  ) {}

  /** A new waiting entry with joining number `seq`, and its waitlist.joined fact. */
  async add(
    manager: EntityManager,
    entry: { eventId: string; userId: string; quantity: number; seq: number; ticketTypeId: string | null },
  ) {
    const added = await this.entries.insertWaiting(manager, { id: randomUUID(), ...entry });
    await this.outbox.add(manager, RoutingKeys.WaitlistJoined, {
      entryId: added.id,
      eventId: added.eventId,
      userId: added.userId,
      quantity: added.quantity,
    });
    const positions = await this.entries.positions([added.id], manager);
    return { entry: added, position: positions.get(added.id) ?? null };
  }

  /** The person's entry that still waits or holds an offer for the event, if any. */
  findLive(manager: EntityManager, eventId: string, userId: string): Promise<WaitlistEntryEntity | null> {
    return this.entries.findLive(manager, eventId, userId);
  }

  /** An entry of the caller's; someone else's entry does not exist for them. */
  async findOwn(manager: EntityManager, userId: string, entryId: string): Promise<WaitlistEntryEntity> {
    const found = await this.entries.find(entryId, manager);
    if (!found || found.userId !== userId) throw entryNotFound();
    return found;
  }

  /** Locks an entry for a change (the caller has locked its event's row first). */
  async lock(manager: EntityManager, entryId: string): Promise<WaitlistEntryEntity> {
    return (await this.entries.lock(manager, entryId))!;
  }

  /** The places of an open offer: OFFER_EXPIRED once its deadline has passed, NO_OFFER if none is open. */
  async openOffer(manager: EntityManager, entry: WaitlistEntryEntity): Promise<Hold> {
    const lapsed =
      entry.status === WaitlistStatus.Offered && (await this.entries.offerLapsed(manager, entry.id));
    const refusal = offerRefusal(entry, lapsed);
    if (refusal) throw refusal;
    return holdOf(entry);
  }

  /** The earliest waiting entry that `free` places fit (first fit in joining order). */
  firstFit(manager: EntityManager, eventId: string, free: number): Promise<WaitlistEntryEntity | null> {
    return this.entries.firstFit(manager, eventId, free);
  }

  /** Offers `hold` to the entry until `offerMinutes` from now: its expiry job and its waitlist.offered fact. */
  async offer(manager: EntityManager, entry: WaitlistEntryEntity, hold: Hold, offerMinutes: number) {
    const offerExpiresAt = await this.entries.markOffered(manager, entry.id, hold.seats, offerMinutes);
    const job = { entryId: entry.id, eventId: entry.eventId };
    await this.scheduler.schedule(manager, OFFER_EXPIRY, job, offerExpiresAt);
    await this.outbox.add(manager, RoutingKeys.WaitlistOffered, {
      ...factOf(entry),
      seats: hold.seats,
      offerExpiresAt: offerExpiresAt.toISOString(),
    });
  }

  async markAccepted(manager: EntityManager, entry: WaitlistEntryEntity, bookingId: string): Promise<void> {
    await this.entries.close(manager, entry.id, WaitlistStatus.Accepted, bookingId);
    await this.outbox.add(manager, RoutingKeys.WaitlistClosed, {
      ...factOf(entry),
      status: WaitlistClosedStatus.Accepted,
      bookingId,
    });
  }

  /** Closes a live entry the person's way (declined or left), with its fact; returns the closed entry. */
  async withdraw(
    manager: EntityManager,
    entry: WaitlistEntryEntity,
    status: WaitlistStatus.Declined | WaitlistStatus.Left,
  ): Promise<WaitlistEntryEntity> {
    const closed = await this.entries.close(manager, entry.id, status);
    await this.outbox.add(manager, RoutingKeys.WaitlistClosed, {
      ...factOf(entry),
      status: status === WaitlistStatus.Declined ? WaitlistClosedStatus.Declined : WaitlistClosedStatus.Left,
      bookingId: null,
    });
    return closed;
  }

  /**
   * The offer's deadline: an entry still offered at it expires (with its fact) and is returned, its places
   * to pass on; null when it was answered before.
   */
  async expire(manager: EntityManager, entryId: string): Promise<WaitlistEntryEntity | null> {
    const entry = await this.entries.lock(manager, entryId);
    if (!entry || entry.status !== WaitlistStatus.Offered) return null;
    if (!(await this.entries.offerLapsed(manager, entryId))) {
      throw new Error(`offer ${entryId} is not yet due (clock skew?); retried later`);
    }
    await this.entries.close(manager, entryId, WaitlistStatus.Expired);
    await this.outbox.add(manager, RoutingKeys.WaitlistExpired, factOf(entry));
    return entry;
  }

  /** The event is cancelled: every live entry is cancelled, with its fact; returns them as they were. */
  async cancelForEvent(manager: EntityManager, eventId: string): Promise<WaitlistEntryEntity[]> {
    const cancelled = await this.entries.cancelLive(manager, eventId);
    await this.outbox.addMany(
      manager,
      RoutingKeys.WaitlistClosed,
      cancelled.map((e) => ({ ...factOf(e), status: WaitlistClosedStatus.Cancelled, bookingId: null })),
    );
    return cancelled;
  }

  async listMine(caller: AuthUser, limit: number, cursor?: string): Promise<Page<PositionedEntry>> {
    return this.withPositions(await this.entries.page({ userId: caller.id }, limit, cursor));
  }

  /** The event's entries in joining order, for its organizer or an admin. */
  async listForEvent(caller: AuthUser, eventId: string, limit: number, cursor?: string) {
    if (!canOrganize(caller, await this.inventory.visibleEvent(caller, eventId))) throw notEventOrganizer();
    return this.withPositions(await this.entries.page({ eventId }, limit, cursor));
  }

  private async withPositions(page: Page<PositionedEntry['entry']>): Promise<Page<PositionedEntry>> {
    const positions = await this.entries.positions(page.items.map((e) => e.id));
    return {
      items: page.items.map((entry) => ({ entry, position: positions.get(entry.id) ?? null })),
      nextCursor: page.nextCursor,
    };
  }
}

const factOf = (entry: WaitlistEntryEntity) => ({
  entryId: entry.id,
  eventId: entry.eventId,
  userId: entry.userId,
  quantity: entry.quantity,
});

const entryNotFound = () =>
  new WaitlistException(WaitlistErrorCode.EntryNotFound, 'No such waiting-list entry');
