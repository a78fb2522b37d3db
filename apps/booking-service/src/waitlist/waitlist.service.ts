import { AuthUser, Role } from '@evently/auth';
import { InjectConfig, Page } from '@evently/common';
import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingErrorCode, BookingException } from '../errors';
import { BookingService } from '../booking/booking.service';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { isBookable } from '../inventory/inventory.entity';
import { InventoryService } from '../inventory/inventory.service';
import { PositionedEntry, WaitlistStatus } from './waitlist.entity';
import { WaitlistErrorCode, WaitlistException } from './waitlist.exception';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WaitlistRepository } from './waitlist.repository';

/**
 * A person's side of an event's waiting list: joining when the event cannot sell what they ask for,
 * leaving, declining or accepting an offer. Offers themselves are made by WaitlistOffersService whenever
 * places free up.
 */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entries: WaitlistRepository,
    private readonly offers: WaitlistOffersService,
    private readonly inventory: InventoryService,
    private readonly bookings: BookingService,
    private readonly outbox: OutboxService,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {}

  /**
   * Joins the event's waiting list for `quantity` places. Joins of one event are serialised by its
   * inventory row, so positions are 1..n without gaps however many join at once.
   */
  async join(caller: AuthUser, eventId: string, quantity: number): Promise<PositionedEntry> {
    const limit = this.config.BOOKING_MAX_TICKETS_PER_USER;
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.visibleEvent(caller, eventId, manager);
      const held = await this.bookings.ticketsHeld(manager, eventId, caller.id);
      const event = await this.inventory.lockEvent(manager, eventId);
      if (!isBookable(event)) {
        throw new BookingException(BookingErrorCode.EventNotBookable, 'This event is not on sale', {
          status: event.status,
        });
      }
      if (!event.waitlistEnabled) {
        throw new WaitlistException(WaitlistErrorCode.WaitlistDisabled, 'This event has no waiting list');
      }
      const live = await this.entries.findLive(manager, eventId, caller.id);
      if (live) {
        throw new WaitlistException(WaitlistErrorCode.AlreadyWaitlisted, 'Already on the waiting list', {
          entryId: live.id,
        });
      }
      if (held + quantity > limit) {
        throw new BookingException(
          BookingErrorCode.LimitExceeded,
          `At most ${limit} tickets per person for an event`,
          { limit, held },
        );
      }
      const free = await this.inventory.freePlaces(manager, event);
      if (free >= quantity) {
        throw new WaitlistException(WaitlistErrorCode.TicketsAvailable, 'These places can be booked now', {
          available: free,
        });
      }
      const seq = await this.inventory.joinWaitingList(manager, eventId);
      const entry = await this.entries.insertWaiting(manager, {
        id: randomUUID(),
        eventId,
        userId: caller.id,
        quantity,
        seq,
      });
      await this.outbox.add(manager, RoutingKeys.WaitlistJoined, {
        entryId: entry.id,
        eventId,
        userId: caller.id,
        quantity,
      });
      const positions = await this.entries.positions([entry.id], manager);
      return { entry, position: positions.get(entry.id) ?? null };
    });
  }

  /** Leaves the list; an offer held for the entry passes on. Leaving twice is fine. */
  async leave(caller: AuthUser, entryId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const entry = await this.offers.lockOwnEntry(manager, caller.id, entryId);
      if (entry.status === WaitlistStatus.Left) return;
      if (entry.status !== WaitlistStatus.Waiting && entry.status !== WaitlistStatus.Offered) {
        throw entryClosed(entry.status);
      }
      await this.offers.withdraw(manager, entry, WaitlistStatus.Left);
    });
  }

  /** Declines an open offer; its places pass on and the entry is closed. */
  async decline(caller: AuthUser, entryId: string): Promise<PositionedEntry> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await this.offers.lockOwnEntry(manager, caller.id, entryId);
      await this.offers.openOffer(manager, entry);
      return { entry: await this.offers.withdraw(manager, entry, WaitlistStatus.Declined), position: null };
    });
  }

  /** Accepts an open offer in the caller's transaction (the Idempotency-Key's): a confirmed booking. */
  accept(manager: EntityManager, caller: AuthUser, entryId: string): Promise<BookingEntity> {
    return this.bookings.acceptOffer(manager, caller, entryId);
  }

  async listMine(caller: AuthUser, limit: number, cursor?: string): Promise<Page<PositionedEntry>> {
    return this.withPositions(await this.entries.page({ userId: caller.id }, limit, cursor));
  }

  /** The event's entries in joining order, for its organizer or an admin. */
  async listForEvent(caller: AuthUser, eventId: string, limit: number, cursor?: string) {
    const event = await this.inventory.visibleEvent(caller, eventId);
    if (caller.role !== Role.Admin && event.organizerId !== caller.id) {
      throw new BookingException(
        BookingErrorCode.NotEventOrganizer,
        "Only the event's organizer or an admin",
      );
    }
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

const entryClosed = (status: WaitlistStatus) =>
  new WaitlistException(WaitlistErrorCode.EntryClosed, `This entry is already ${status}`, { status });
