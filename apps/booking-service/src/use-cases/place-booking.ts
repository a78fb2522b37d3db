import { AuthUser } from '@evently/auth';
import { RetryLaterException } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingOrder, BookingRequest } from '../booking/booking.rules';
import { BookingDraft, BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException } from '../errors';
import { IdempotencyService, RecordedResponse, ResponseRenderer } from '../idempotency/idempotency.service';
import { UndoWhenBack } from '../idempotency/undo-when-back';
import { InventoryEntity } from '../inventory/inventory.entity';
import { soldByType } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { PlaceClaim, PlaceClaims } from '../inventory/place-claims.service';
import { priceOrder, seatItems } from '../order/order.rules';
import { PromoCodeService } from '../promo/promo-code.service';
import { QueueService } from '../queue/queue.service';
import { OrderSteps } from './order-steps';
import { ReleaseClaim } from './release-claim';

/**
 * POST /bookings: books places (general admission) or seats, at most once per Idempotency-Key. No global
 * lock: general-admission places are claimed first, in a statement of their own (a rush waits on the event's
 * row one statement at a time), and the booking then consumes the claim (one statement on its own when nothing
 * else is written with it: no Idempotency-Key, no order; else in the booking's transaction); seats are locked in
 * label order (overlapping requests cannot deadlock) and must all be free. Lock order everywhere: ticket
 * counts, then the inventory row, then seats and bookings. Every refusal throws, so nothing is half-written;
 * a claim whose booking did not commit is given back.
 */
@Injectable()
export class PlaceBooking {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly claims: PlaceClaims,
    private readonly release: ReleaseClaim,
    private readonly idempotency: IdempotencyService,
    private readonly undo: UndoWhenBack,
    private readonly orders: OrderSteps,
    private readonly promos: PromoCodeService,
    private readonly queue: QueueService,
  ) {}

  /** The answer to send: the booking (as `render` shows it), a refusal under a key, or a replay. */
  async execute(
    caller: AuthUser,
    request: BookingRequest,
    key: string | undefined,
    render: ResponseRenderer<BookingEntity>,
  ): Promise<RecordedResponse> {
    const order = this.bookings.orderOf(request);
    const call = await this.idempotency.begin(
      key === undefined ? undefined : { userId: caller.id, key, request },
    );
    if (call.replay) return call.replay;
    try {
      const claim = await this.claim(caller, order);
      try {
        if (claim && key === undefined && !order.items) {
          // Nothing to write beside the booking: one statement, committing on its own.
          return render.done(
            await this.confirmClaim(this.dataSource.manager, draftOf(caller, order), claim, true),
          );
        }
        return await this.dataSource.transaction(async (manager) => {
          await call.hold(manager);
          return call.record(manager, render.done(await this.book(manager, caller, order, claim)));
        });
      } catch (error) {
        // The claimed places go back; if the database is away, as soon as it answers again.
        if (claim) await this.undo.now('claimed places given back', () => this.release.execute(claim));
        throw error;
      }
    } catch (error) {
      return call.settle(error, render);
    }
  }

  /** The booking, in the caller's transaction (its places claimed already, for general admission). */
  async book(
    manager: EntityManager,
    caller: AuthUser,
    order: BookingOrder,
    claim: PlaceClaim | undefined,
  ): Promise<BookingEntity> {
    const draft = draftOf(caller, order);
    if (order.items) return this.placeOrder(manager, caller, order, claim!);
    if (claim) return this.confirmClaim(manager, draft, claim, false);
    const event = await this.inventory.visibleEvent(caller, order.eventId, manager);
    if (event.onSale) await this.queue.admit(caller, event, order.queuePass, manager);
    // Seats of an event sold by ticket type (or with a code) are an order; else the one free type's seats.
    if (soldByType(event.ticketTypes) || order.promoCode !== undefined) {
      return this.placeSeatedOrder(manager, caller, order, event);
    }
    this.inventory.assertCanSell(event, undefined);
    await this.inventory.assertSeatsFree(manager, event.eventId, order.seats);
    await this.bookings.addTickets(manager, event.eventId, caller.id, order.quantity);
    await this.inventory.lockSeatsForSale(manager, event.eventId, order.seats);
    const booking = (await this.bookings.confirm(manager, draft))!;
    await this.inventory.assignSeats(manager, event.eventId, order.seats, booking.id);
    return booking;
  }

  /**
   * General-admission places claimed: visibility, the sale and the person's limit were settled by the claim,
   * one call is left (`alone`: outside any transaction, as one statement).
   */
  private async confirmClaim(
    manager: EntityManager,
    draft: BookingDraft,
    claim: PlaceClaim,
    alone: boolean,
  ): Promise<BookingEntity> {
    const booking = alone
      ? await this.bookings.confirmAlone(manager, draft, claim.id)
      : await this.bookings.confirm(manager, draft, claim.id);
    return booking ?? this.claimLost(manager, draft.eventId);
  }

  /**
   * Before a general-admission booking's transaction: claims its places, or refuses. Seated orders lock their
   * seats in the transaction: nothing to claim.
   */
  async claim(caller: AuthUser, order: BookingOrder): Promise<PlaceClaim | undefined> {
    if (order.seated) return undefined;
    const event = await this.inventory.visibleEvent(caller, order.eventId);
    // A sale not open yet, or open through a queue to pass holders only, refuses before anything is claimed.
    if (event.onSale) await this.queue.admit(caller, event, order.queuePass);
    // An order is priced first: an unknown type, one off sale or a bad code is refused before any place
    // is claimed.
    if (order.items) {
      const promo = order.promoCode ? await this.promos.usable(event.eventId, order.promoCode) : null;
      priceOrder(event.ticketTypes, order.items, Date.now(), promo);
    }
    try {
      this.inventory.assertCanSell(event, order.quantity, false, order.items !== undefined);
    } catch (refusal) {
      // Sold out, perhaps by what a request of this buyer left when its instance died (this is its retry):
      // claim_places gives those back first, and decides.
      const soldOut =
        refusal instanceof BookingException && refusal.code === String(BookingErrorCode.SoldOut);
      if (!soldOut || !(await this.claims.hasClaims(event.eventId, caller.id))) throw refusal;
    }
    return this.claims.claim(event.eventId, caller.id, order.quantity, this.bookings.ticketLimit);
  }

  /**
   * An order of ticket types, its places claimed: each type's quota and the code's use are taken
   * (`takeTypes`); a free order is confirmed at once, a priced one holds its places for payment.
   */
  private async placeOrder(
    manager: EntityManager,
    caller: AuthUser,
    request: BookingOrder,
    claim: PlaceClaim,
  ): Promise<BookingEntity> {
    // The types as they stay until this order commits (a change of them waits for it).
    const event = (await this.inventory.findForOrder(manager, claim.eventId))!;
    const { priced, promo } = await this.orders.price(manager, event, request.items!, request.promoCode);
    const order = await this.orders.take(manager, event, priced, promo);
    const draft = { eventId: event.eventId, userId: caller.id, quantity: priced.quantity, seats: [] };
    if (priced.totalAmount === 0) {
      const booking =
        (await this.bookings.confirm(manager, draft, claim.id)) ??
        (await this.claimLost(manager, event.eventId));
      await this.bookings.setOrder(manager, booking, order);
      return Object.assign(booking, order);
    }
    return (
      (await this.orders.holdForPayment(manager, { ...draft, ...order }, claim.id)) ??
      this.claimLost(manager, event.eventId)
    );
  }

  /**
   * Seats of an event sold by ticket type: each seat is priced as its section's type (less any promo code),
   * under the same rules as an order of items; the person's limit, then the seats (locked in label order),
   * then each type's quota and the code's use are taken. Free: booked at once; priced: the seats are the
   * hold's until paid or lapsed.
   */
  private async placeSeatedOrder(
    manager: EntityManager,
    caller: AuthUser,
    request: BookingOrder,
    seen: InventoryEntity,
  ): Promise<BookingEntity> {
    this.inventory.assertCanSell(seen, undefined, false, true);
    await this.inventory.assertSeatsFree(manager, seen.eventId, request.seats);
    await this.bookings.addTickets(manager, seen.eventId, caller.id, request.quantity);
    // The types as they stay until this order commits (a change of them waits for it).
    const event = (await this.inventory.findForOrder(manager, seen.eventId))!;
    const seats = await this.inventory.lockSeatsForSale(manager, event.eventId, request.seats);
    const items = seatItems(seats, event.ticketTypes);
    const { priced, promo } = await this.orders.price(manager, event, items, request.promoCode);
    const order = await this.orders.take(manager, event, priced, promo);
    const draft = {
      eventId: event.eventId,
      userId: caller.id,
      quantity: priced.quantity,
      seats: request.seats,
    };
    if (priced.totalAmount > 0) {
      const hold = (await this.orders.holdForPayment(manager, { ...draft, ...order }, null))!;
      await this.inventory.assignSeats(manager, event.eventId, request.seats, hold.id);
      return hold;
    }
    const booking = (await this.bookings.confirm(manager, draft))!;
    await this.inventory.assignSeats(manager, event.eventId, request.seats, booking.id);
    await this.bookings.setOrder(manager, booking, order);
    return Object.assign(booking, order);
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
}

/** The booking an order of places (or seats) makes for the caller. */
const draftOf = (caller: AuthUser, order: BookingOrder): BookingDraft => ({
  eventId: order.eventId,
  userId: caller.id,
  quantity: order.quantity,
  seats: order.seats,
});
