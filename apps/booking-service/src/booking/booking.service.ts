import { AuthUser, Role } from '@evently/auth';
import { InjectConfig, Page } from '@evently/common';
import { BookingCancelledV1, BookingConfirmedV1, CancelReason, RoutingKeys } from '@evently/contracts';
import { OutboxRow, OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { BookingErrorCode, BookingException, limitExceeded, notEventOrganizer } from '../errors';
import { InventoryService } from '../inventory/inventory.service';
import { canOrganize } from '../inventory/inventory.rules';
import { StatsRepository } from '../stats/stats.repository';
import { BookingEntity } from './booking.entity';
import { HoldRepository } from './hold.repository';
import { PreparedTicket, TicketService } from '../ticket/ticket.service';
import { BookingRepository, BookingSelection } from './booking.repository';
import { BookingOrder, BookingRequest, orderOf } from './booking.rules';
import { offlineReference } from '../payment/payment.rules';

/** A booking about to be confirmed: whose, for what, and the places it was sold. */
export type BookingDraft = Pick<BookingEntity, 'eventId' | 'userId' | 'quantity' | 'seats'>;

/**
 * Bookings and the tickets each person holds per event. A booking is confirmed in one place
 * (confirm_booking, with its fact and counters) once its places are sold; cancelling gives back its tickets
 * and writes booking.cancelled. What sells and gives back places is the inventory's; the commands that do
 * both are use-cases (place-booking, cancel-booking, accept-offer).
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly holds: HoldRepository,
    private readonly tickets: TicketService,
    private readonly inventory: InventoryService,
    private readonly stats: StatsRepository,
    private readonly outbox: OutboxService,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {}

  /** Refuses a request whose shape breaks a rule, before any transaction starts or key is claimed. */
  orderOf(request: BookingRequest): BookingOrder {
    return orderOf(request, this.config.BOOKING_MAX_TICKETS_PER_USER);
  }

  /** The per-person limit of tickets for one event. */
  get ticketLimit(): number {
    return this.config.BOOKING_MAX_TICKETS_PER_USER;
  }

  /**
   * Confirms a booking whose places are sold (or, with `claimId`, claimed: the claim is consumed), with its
   * booking.confirmed fact and its counters; null when the claim is gone (nothing is written then).
   */
  async confirm(manager: EntityManager, draft: BookingDraft, claimId: string | null = null) {
    return this.confirmWith(manager, draft, claimId, (fact) =>
      this.outbox.draft(manager, RoutingKeys.BookingConfirmed, fact),
    );
  }

  /**
   * `confirm` of claimed places as one statement, `manager` in no transaction (the statement is atomic): for
   * a booking with nothing else to write beside it (no Idempotency-Key, no order), no BEGIN and COMMIT.
   */
  async confirmAlone(manager: EntityManager, draft: BookingDraft, claimId: string) {
    const booking = await this.confirmWith(manager, draft, claimId, (fact) =>
      this.outbox.draftAlone(RoutingKeys.BookingConfirmed, fact),
    );
    if (booking) this.outbox.written();
    return booking;
  }

  private async confirmWith(
    manager: EntityManager,
    draft: BookingDraft,
    claimId: string | null,
    draftFact: (fact: BookingConfirmedV1) => OutboxRow,
  ) {
    const id = randomUUID();
    const prepared = await this.tickets.prepare(manager, draft.eventId, draft.seats, draft.quantity);
    const fact = draftFact(confirmedFact(id, draft, prepared));
    const tickets = this.tickets.drafts({ ...draft, items: [] }, prepared);
    return this.bookings.confirm(manager, { id, ...draft }, claimId, fact, this.stats.shard(), tickets);
  }

  /** What an order sold, written on its confirmed booking (its tickets take their types). */
  async setOrder(
    manager: EntityManager,
    booking: BookingEntity,
    order: Pick<BookingEntity, 'items' | 'totalAmount' | 'currency' | 'discountAmount' | 'promoCodeId'>,
  ): Promise<void> {
    await this.holds.setOrder(manager, booking.id, order);
    await this.tickets.issue(manager, { ...booking, items: order.items });
  }

  /**
   * A priced order's booking, awaiting payment for BOOKING_HOLD_SECONDS, its claimed places held by it;
   * null when the claim is gone (nothing is written then).
   */
  hold(
    manager: EntityManager,
    draft: Pick<
      BookingEntity,
      | 'eventId'
      | 'userId'
      | 'quantity'
      | 'seats'
      | 'items'
      | 'totalAmount'
      | 'currency'
      | 'discountAmount'
      | 'promoCodeId'
    >,
    claimId: string | null,
    expiresAt: Date,
  ): Promise<BookingEntity | null> {
    return this.holds.hold(manager, { id: randomUUID(), ...draft }, claimId, expiresAt);
  }

  get holdSeconds(): number {
    return this.config.BOOKING_HOLD_SECONDS;
  }

  /** booking.held: a priced order awaits payment until its deadline. */
  async announceHold(manager: EntityManager, hold: BookingEntity): Promise<void> {
    await this.outbox.add(manager, RoutingKeys.BookingHeld, {
      bookingId: hold.id,
      eventId: hold.eventId,
      userId: hold.userId,
      quantity: hold.quantity,
      items: hold.items,
      total: { amount: hold.totalAmount, currency: hold.currency! },
      expiresAt: hold.expiresAt!.toISOString(),
      paymentReference: offlineReference(hold.id),
    });
  }

  /** booking.hold_ended: the hold ended unpaid, its places free again. */
  async announceHoldEnded(
    manager: EntityManager,
    ended: BookingEntity,
    reason: 'expired' | 'cancelled',
  ): Promise<void> {
    await this.outbox.add(manager, RoutingKeys.BookingHoldEnded, {
      bookingId: ended.id,
      eventId: ended.eventId,
      userId: ended.userId,
      quantity: ended.quantity,
      reason,
    });
  }

  /** Voids the booking's tickets (refunded in full: nothing of it is paid for any more). */
  voidTickets(manager: EntityManager, bookingId: string): Promise<void> {
    return this.tickets.voidOf(manager, [bookingId]);
  }

  /** booking.refunded: money went (or is owed) back to the booking's holder. */
  async announceRefund(
    manager: EntityManager,
    booking: BookingEntity,
    refund: { id: string; amount: number; currency: string; provider: string },
  ): Promise<void> {
    await this.outbox.add(manager, RoutingKeys.BookingRefunded, {
      bookingId: booking.id,
      eventId: booking.eventId,
      userId: booking.userId,
      refundId: refund.id,
      amount: { amount: refund.amount, currency: refund.currency },
      provider: refund.provider,
    });
  }

  /** The booking, locked for the transaction. */
  lock(manager: EntityManager, id: string): Promise<BookingEntity | null> {
    return this.bookings.lock(manager, id);
  }

  /**
   * A paid hold, confirmed: booking.confirmed goes out and the counters count it; null if not a hold. With
   * `lapsed`, an expired hold whose places (and tickets) the caller took again.
   */
  async confirmPaid(
    manager: EntityManager,
    booking: BookingEntity,
    lapsed = false,
  ): Promise<BookingEntity | null> {
    const tickets = await this.tickets.prepare(manager, booking.eventId, booking.seats, booking.quantity);
    const fact = this.outbox.draft(
      manager,
      RoutingKeys.BookingConfirmed,
      confirmedFact(booking.id, booking, tickets),
    );
    const paid = await this.holds.confirmHeld(manager, booking.id, fact, this.stats.shard(), lapsed);
    if (paid) await this.tickets.issue(manager, paid, tickets);
    return paid;
  }

  /** A hold ended unpaid (expired, or cancelled by its holder); null if it was no longer a hold. */
  endHold(manager: EntityManager, id: string, status: 'expired' | 'cancelled', reason: CancelReason | null) {
    return this.holds.endHold(manager, id, status, reason);
  }

  /** Adds to the person's tickets for the event, or LIMIT_EXCEEDED (a claim counts them itself). */
  async addTickets(manager: EntityManager, eventId: string, userId: string, quantity: number): Promise<void> {
    const limit = this.ticketLimit;
    if (!(await this.bookings.addTickets(manager, eventId, userId, quantity, limit)))
      throw limitExceeded(limit);
  }

  /** Locks a person's ticket count for the event, or every count of it (the first lock of every writer). */
  lockTickets(manager: EntityManager, eventId: string, userId?: string): Promise<void> {
    return this.bookings.lockTickets(manager, eventId, userId);
  }

  /** Tickets the user holds for the event, over all confirmed bookings. */
  ticketsHeld(manager: EntityManager, eventId: string, userId: string): Promise<number> {
    return this.bookings.ticketsOf(manager, eventId, userId);
  }

  /**
   * Cancels the selected confirmed bookings: their tickets and counters go down and a booking.cancelled fact
   * is written for each. Returns them (the caller gives their places back).
   */
  async cancelConfirmed(manager: EntityManager, selection: BookingSelection, reason: CancelReason) {
    const cancelled = await this.bookings.cancelConfirmed(manager, selection, reason);
    if (cancelled.length === 0) return [];
    await this.tickets.voidOf(
      manager,
      cancelled.map((b) => b.id),
    );
    await this.stats.add(manager, {
      eventId: cancelled[0].eventId,
      cancellations: cancelled.length,
      tickets: -cancelled.reduce((sum, b) => sum + b.quantity, 0),
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

  /** The event's holds awaiting payment, locked, in id order. */
  pendingHolds(manager: EntityManager, eventId: string) {
    return this.holds.pendingHolds(manager, eventId);
  }

  /** A booking whoever asks (a provider's webhook names it); null if there is none. */
  findById(bookingId: string): Promise<BookingEntity | null> {
    return this.bookings.findById(bookingId);
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
    if (!canOrganize(caller, event)) throw notEventOrganizer();
    return this.bookings.page({ eventId }, limit, cursor);
  }

  /** What a list shows of each booking's event (title, time, venue), by event id. */
  eventsOf(bookings: BookingEntity[]) {
    return this.inventory.findMany(bookings.map((b) => b.eventId));
  }

  /** The caller's own booking figures (analytics `/me`). */
  personalStats(caller: AuthUser) {
    return this.bookings.personalStats(caller.id);
  }
}

/** The booking.confirmed fact of booking `id` (as `draft`), with its tickets' ids and codes. */
const confirmedFact = (id: string, draft: BookingDraft, tickets: PreparedTicket[]): BookingConfirmedV1 => ({
  bookingId: id,
  eventId: draft.eventId,
  userId: draft.userId,
  quantity: draft.quantity,
  seats: draft.seats,
  tickets,
});
