import { AuthUser, Role } from '@evently/auth';
import { InjectConfig, Page, RetryLaterException, ValidationFailedException } from '@evently/common';
import { BookingCancelledV1, CancelReason, EventCancelled, RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { Hold, InventoryService, PlaceClaim } from '../inventory/inventory.service';
import { StatsRepository } from '../stats/stats.repository';
import { WaitlistOffersService } from '../waitlist/waitlist-offers.service';
import { BookingEntity } from './booking.entity';
import { BookingErrorCode, BookingException, limitExceeded } from '../errors';
import { BookingRepository, BookingSelection } from './booking.repository';

/** What a buyer asks for: a quantity (general admission) or seats (reserved seating), never both. */
export interface BookingRequest {
  eventId: string;
  quantity?: number;
  seats?: string[];
}

/** A request that passed `checkRequest`: its ticket count, and its seats in label order (none for GA). */
export interface BookingOrder {
  eventId: string;
  quantity: number;
  seated: boolean;
  seats: string[];
}

/**
 * The rules of buying and cancelling tickets. No global lock: general admission takes only the event's
 * inventory row, with one conditional UPDATE (sold + n <= capacity); seats are locked in label order (so
 * overlapping requests cannot deadlock) and must all be free; the per-user count is one row per (event,
 * user). Lock order everywhere: ticket counts, then the inventory row, then seats and bookings; the
 * contended lock is taken last, so it is held only until the commit. Every refusal throws, so the
 * transaction leaves nothing half-written.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingRepository,
    private readonly inventory: InventoryService,
    private readonly offers: WaitlistOffersService,
    private readonly stats: StatsRepository,
    private readonly outbox: OutboxService,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {}

  /**
   * Refuses a request whose shape breaks a rule, before any transaction starts or Idempotency-Key is
   * claimed; what passes is the order `placeBooking` takes.
   */
  checkRequest(request: BookingRequest): BookingOrder {
    if ((request.quantity === undefined) === (request.seats === undefined)) {
      const one = ['give either quantity (general admission) or seats (reserved seating)'];
      throw new ValidationFailedException({ quantity: one, seats: one });
    }
    const count = request.quantity ?? request.seats!.length;
    const limit = this.config.BOOKING_MAX_TICKETS_PER_USER;
    if (count > limit) {
      const field = request.quantity === undefined ? 'seats' : 'quantity';
      throw new ValidationFailedException({ [field]: [`at most ${limit} tickets per booking`] });
    }
    const seated = request.seats !== undefined;
    return {
      eventId: request.eventId,
      quantity: count,
      seated,
      seats: seated ? [...request.seats!].sort() : [],
    };
  }

  /**
   * Books in the caller's transaction; the confirmed booking and its booking.confirmed fact commit together.
   * With `hold`, the order is exactly the places held for a waiting-list offer, and those are what it sells.
   */
  async placeBooking(
    manager: EntityManager,
    caller: AuthUser,
    order: BookingOrder,
    hold?: Hold,
    claim?: PlaceClaim,
  ): Promise<BookingEntity> {
    if (claim) return this.bookClaimed(manager, caller, order, claim);
    const { seated, seats, quantity } = order;
    const event = await this.inventory.visibleEvent(caller, order.eventId, manager);
    this.inventory.assertCanSell(event, seated ? undefined : quantity, hold !== undefined);
    if (seated && !hold) await this.inventory.assertSeatsFree(manager, event.eventId, seats);

    const limit = this.config.BOOKING_MAX_TICKETS_PER_USER;
    if (!(await this.bookings.addTickets(manager, event.eventId, caller.id, quantity, limit))) {
      throw limitExceeded(limit);
    }
    const booking = await this.bookings.insertConfirmed(manager, {
      id: randomUUID(),
      eventId: event.eventId,
      userId: caller.id,
      quantity,
      seats,
    });
    await this.outbox.add(manager, RoutingKeys.BookingConfirmed, {
      bookingId: booking.id,
      eventId: booking.eventId,
      userId: booking.userId,
      quantity,
      seats,
    });
    if (hold) await this.inventory.sellHold(manager, hold, booking.id);
    else if (seated) await this.inventory.takeSeats(manager, event.eventId, seats, booking.id);
    else await this.inventory.sellPlaces(manager, event.eventId, quantity);
    await this.stats.add(manager, { eventId: event.eventId, bookings: 1, tickets: quantity });
    return booking;
  }

  /**
   * A general-admission booking whose places are claimed: visibility, the sale and the person's limit were
   * settled by the claim, so what is left (the claim becomes the booking, its fact, its counters) is one
   * call, book_claimed(): one round trip instead of four from a process that a rush keeps busy.
   */
  private async bookClaimed(
    manager: EntityManager,
    caller: AuthUser,
    order: BookingOrder,
    claim: PlaceClaim,
  ): Promise<BookingEntity> {
    const { eventId, quantity } = order;
    const id = randomUUID();
    const fact = this.outbox.draft(manager, RoutingKeys.BookingConfirmed, {
      bookingId: id,
      eventId,
      userId: caller.id,
      quantity,
      seats: [],
    });
    const booking = await this.bookings.bookClaimed(
      manager,
      claim.id,
      { id, userId: caller.id, quantity },
      fact,
      this.stats.shard(),
    );
    return booking ?? this.claimLost(manager, eventId);
  }

  /**
   * Before a general-admission booking's transaction: claims its places in a statement of its own, so that
   * a rush of buyers waits on the event's row one statement at a time instead of one transaction at a time
   * (see place_claims). Seated orders lock their seats in the transaction: nothing to claim.
   */
  async claimPlaces(caller: AuthUser, order: BookingOrder): Promise<PlaceClaim | undefined> {
    if (order.seated) return undefined;
    const event = await this.inventory.visibleEvent(caller, order.eventId);
    try {
      this.inventory.assertCanSell(event, order.quantity);
    } catch (refusal) {
      // Sold out, perhaps by what a request of this buyer left when its instance died (this is its retry):
      // claim_places gives those back first, and decides.
      const soldOut =
        refusal instanceof BookingException && refusal.code === String(BookingErrorCode.SoldOut);
      if (!soldOut || !(await this.inventory.hasClaims(event.eventId, caller.id))) throw refusal;
    }
    const limit = this.config.BOOKING_MAX_TICKETS_PER_USER;
    return this.inventory.claimPlaces(event.eventId, caller.id, order.quantity, limit);
  }

  /**
   * Gives a claim's places back when its booking was not written (refused, failed, or its process died:
   * then the sweeper asks, with `olderThanSeconds`), and offers them to the waiting list. A no-op once the
   * booking committed: that deleted the claim.
   */
  async releaseClaim(claim: PlaceClaim | undefined, ttlSeconds?: number): Promise<void> {
    if (!claim) return;
    await this.dataSource.transaction(async (manager) => {
      // In the lock order of every writer: the person's ticket count, then the event's row, then the claim.
      await this.bookings.lockTickets(manager, claim.eventId, claim.userId);
      await this.inventory.lockEvent(manager, claim.eventId);
      if ((await this.inventory.releaseClaim(manager, claim, ttlSeconds)) > 0) {
        await this.offers.offerFreed(manager, claim.eventId);
      }
    });
  }

  /**
   * Gives back the places of abandoned claims (their request died mid-booking: older than the TTL, or of an
   * instance that is gone); how many.
   */
  async sweepClaims(limit = 100): Promise<number> {
    const ttl = this.config.BOOKING_CLAIM_TTL_SECONDS;
    const stale = await this.inventory.abandonedClaims(ttl, limit);
    for (const claim of stale) await this.releaseClaim(claim, ttl);
    return stale.length;
  }

  /** The claim was given back before its booking committed: says why (the transaction rolls back). */
  private async claimLost(manager: EntityManager, eventId: string): Promise<never> {
    // Given back by the event's cancellation, or (still on sale) swept after BOOKING_CLAIM_TTL_SECONDS.
    // Read on this transaction's own connection (another checkout while holding one can starve the pool
    // in a rush), and without a lock: this transaction holds a counter shard that a cancellation may want.
    const event = await this.inventory.find(eventId, manager);
    if (event) this.inventory.assertBookable(event);
    throw new RetryLaterException('The booking took too long and its places were given back; retry');
  }

  /**
   * Accepts a waiting-list offer in the caller's transaction: books exactly the places held for it (the
   * per-person limit still applies) and closes the entry. OFFER_EXPIRED once its deadline has passed, even
   * if the expiry job has not run yet; the job then finds it handled or expires it, never both.
   */
  async acceptOffer(manager: EntityManager, caller: AuthUser, entryId: string): Promise<BookingEntity> {
    const owned = await this.offers.findOwnEntry(manager, caller.id, entryId);
    await this.bookings.lockTickets(manager, owned.eventId, caller.id);
    const entry = await this.offers.lockOwnEntry(manager, caller.id, entryId);
    const hold = await this.offers.openOffer(manager, entry);
    const order = {
      eventId: entry.eventId,
      quantity: hold.quantity,
      seated: hold.seats.length > 0,
      seats: hold.seats,
    };
    const booking = await this.placeBooking(manager, caller, order, hold);
    await this.offers.markAccepted(manager, entry, booking.id);
    return booking;
  }

  /** The caller's own booking figures (analytics `/me`). */
  personalStats(caller: AuthUser) {
    return this.bookings.personalStats(caller.id);
  }

  /** Tickets the user holds for the event, over all confirmed bookings. */
  ticketsHeld(manager: EntityManager, eventId: string, userId: string): Promise<number> {
    return this.bookings.ticketsOf(manager, eventId, userId);
  }

  /** Cancels a booking (its holder before the event starts, or an admin) and releases its places at once. */
  async cancelBooking(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const booking = await this.getBooking(caller, bookingId);
    const isAdmin = caller.role === Role.Admin;
    if (!isAdmin && booking.userId !== caller.id) {
      throw new BookingException(
        BookingErrorCode.NotBookingHolder,
        'Only the holder or an admin may cancel a booking',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      await this.bookings.lockTickets(manager, booking.eventId, booking.userId);
      const event = await this.inventory.lockEvent(manager, booking.eventId);
      if (!isAdmin && event.startsAt.getTime() <= Date.now()) {
        throw new BookingException(BookingErrorCode.BookingNotCancellable, 'The event has started');
      }
      const reason =
        isAdmin && booking.userId !== caller.id ? CancelReason.AdminCancelled : CancelReason.UserCancelled;
      const [cancelled] = await this.cancelConfirmed(manager, { bookingId }, reason);
      if (!cancelled) {
        throw new BookingException(
          BookingErrorCode.BookingNotCancellable,
          'The booking is already cancelled',
        );
      }
      await this.offers.offerFreed(manager, cancelled.eventId, cancelled.seats);
      return cancelled;
    });
  }

  /** event.cancelled: the event is closed for sale and every confirmed booking is cancelled, with one fact each. */
  async cancelEventBookings(manager: EntityManager, fact: EventCancelled): Promise<void> {
    await this.bookings.lockTickets(manager, fact.eventId);
    await this.inventory.applySnapshot(manager, fact.snapshot);
    await this.inventory.closeForSale(manager, fact.eventId);
    await this.cancelConfirmed(manager, { eventId: fact.eventId }, CancelReason.EventCancelled);
  }

  /** A booking, for its holder, the event's organizer or an admin; to anyone else it does not exist. */
  async getBooking(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const booking = await this.bookings.findById(bookingId);
    if (booking && (booking.userId === caller.id || caller.role === Role.Admin)) return booking;
    if (booking && (await this.inventory.isOrganizer(booking.eventId, caller.id))) return booking;
    throw new BookingException(BookingErrorCode.BookingNotFound, 'No such booking');
  }

  /** The caller's bookings, newest first. */
  listMyBookings(caller: AuthUser, limit: number, cursor?: string): Promise<Page<BookingEntity>> {
    return this.bookings.page({ userId: caller.id }, limit, cursor);
  }

  /** An event's bookings, newest first, for its organizer or an admin. */
  async listEventBookings(caller: AuthUser, eventId: string, limit: number, cursor?: string) {
    const event = await this.inventory.visibleEvent(caller, eventId);
    if (caller.role !== Role.Admin && event.organizerId !== caller.id) {
      throw new BookingException(
        BookingErrorCode.NotEventOrganizer,
        "Only the event's organizer or an admin",
      );
    }
    return this.bookings.page({ eventId }, limit, cursor);
  }

  /** Cancels, gives back places, seats and tickets, and writes a booking.cancelled fact for each booking. */
  private async cancelConfirmed(manager: EntityManager, selection: BookingSelection, reason: CancelReason) {
    const cancelled = await this.bookings.cancelConfirmed(manager, selection, reason);
    if (cancelled.length === 0) return [];
    const eventId = cancelled[0].eventId;
    await this.stats.add(manager, {
      eventId,
      cancellations: cancelled.length,
      tickets: -cancelled.reduce((sum, b) => sum + b.quantity, 0),
    });
    await this.inventory.release(manager, {
      places: cancelled
        .filter((b) => b.seats.length === 0)
        .map((b) => ({ eventId: b.eventId, quantity: b.quantity })),
      seatsOfBookings: cancelled.filter((b) => b.seats.length > 0).map((b) => b.id),
    });
    await this.outbox.addMany(
      manager,
      RoutingKeys.BookingCancelled,
      cancelled.map((b): BookingCancelledV1 => ({
        bookingId: b.id,
        eventId: b.eventId,
        userId: b.userId,
        quantity: b.quantity,
        seats: b.seats,
        reason,
      })),
    );
    return cancelled;
  }
}
