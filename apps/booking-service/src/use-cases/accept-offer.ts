import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { IdempotencyService, RecordedResponse, ResponseRenderer } from '../idempotency/idempotency.service';
import { InventoryService } from '../inventory/inventory.service';
import { canAccess, eventNotFound, soldByType } from '../inventory/inventory.rules';
import { InventoryEntity } from '../inventory/inventory.entity';
import { Hold } from '../inventory/inventory.service';
import { seatItems } from '../order/order.rules';
import { WaitlistEntryEntity } from '../waitlist/waitlist.entity';
import { OrderMoney, OrderSteps } from './order-steps';
import { ValidationFailedException } from '@evently/common';
import { WaitlistService } from '../waitlist/waitlist.service';

/**
 * POST /waitlist/:id/accept: books exactly the places held for a waiting-list offer (the per-person limit
 * still applies) and closes the entry, at most once per Idempotency-Key. On an event sold by ticket type the
 * offer becomes an order (priced, with an optional promo code; held for payment when not free). OFFER_EXPIRED once its deadline
 * has passed, even if the expiry job has not run yet; the job then finds it handled or expires it, never both.
 */
@Injectable()
export class AcceptOffer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waitlist: WaitlistService,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly idempotency: IdempotencyService,
    private readonly orders: OrderSteps,
  ) {}

  async execute(
    caller: AuthUser,
    entryId: string,
    key: string | undefined,
    render: ResponseRenderer<BookingEntity>,
    promoCode?: string,
  ): Promise<RecordedResponse> {
    const request = { acceptOffer: entryId, promoCode };
    const call = await this.idempotency.begin(
      key === undefined ? undefined : { userId: caller.id, key, request },
    );
    if (call.replay) return call.replay;
    try {
      return await this.dataSource.transaction(async (manager) => {
        await call.hold(manager);
        return call.record(manager, render.done(await this.accept(manager, caller, entryId, promoCode)));
      });
    } catch (error) {
      return call.settle(error, render);
    }
  }

  /** In the caller's transaction: the booking made of the offer's places. */
  async accept(
    manager: EntityManager,
    caller: AuthUser,
    entryId: string,
    promoCode?: string,
  ): Promise<BookingEntity> {
    const owned = await this.waitlist.findOwn(manager, caller.id, entryId);
    // The lock order: the person's ticket count, the event's row, then the entry.
    await this.bookings.lockTickets(manager, owned.eventId, caller.id);
    const event = await this.inventory.lockEvent(manager, owned.eventId);
    const entry = await this.waitlist.lock(manager, entryId);
    const hold = await this.waitlist.openOffer(manager, entry);
    if (!canAccess(event, caller)) throw eventNotFound();
    const typed = soldByType(event.ticketTypes);
    this.inventory.assertCanSell(event, hold.seats.length > 0 ? undefined : hold.quantity, true, typed);
    if (promoCode !== undefined && !typed) {
      throw new ValidationFailedException({
        promoCode: ['this event sells no ticket types to take a code off'],
      });
    }
    await this.bookings.addTickets(manager, entry.eventId, caller.id, hold.quantity);
    const order = typed ? await this.order(manager, event, entry, hold, promoCode) : null;
    await this.inventory.sellHeldPlaces(manager, hold);
    const draft = { eventId: entry.eventId, userId: caller.id, quantity: hold.quantity, seats: hold.seats };
    let booking: BookingEntity;
    if (order && order.totalAmount > 0) {
      booking = (await this.orders.holdForPayment(manager, { ...draft, ...order }, null))!;
    } else {
      booking = (await this.bookings.confirm(manager, draft))!;
      if (order) {
        await this.bookings.setOrder(manager, booking, order);
        Object.assign(booking, order);
      }
    }
    await this.inventory.bookHeldSeats(manager, hold, booking.id);
    await this.waitlist.markAccepted(manager, entry, booking.id);
    return booking;
  }

  /**
   * The order an offer of an event sold by ticket type makes: its places as the type the entry waits for
   * (seats: as their sections' types), priced now less `promoCode`, each type's quota and the code's use
   * taken. A priced order is then held for payment like any other (its places stay the buyer's until paid or
   * lapsed, and a lapse offers them to the next in line).
   */
  private async order(
    manager: EntityManager,
    event: InventoryEntity,
    entry: WaitlistEntryEntity,
    hold: Hold,
    promoCode: string | undefined,
  ): Promise<OrderMoney> {
    const shown = event.ticketTypes.filter((t) => !t.hidden);
    const items =
      hold.seats.length > 0
        ? seatItems(await this.inventory.seatsOf(manager, event.eventId, hold.seats), event.ticketTypes)
        : [
            {
              ticketTypeId: entry.ticketTypeId ?? (shown[0] ?? event.ticketTypes[0]).id,
              quantity: hold.quantity,
            },
          ];
    const { priced, promo } = await this.orders.price(manager, event, items, promoCode);
    return this.orders.take(manager, event, priced, promo);
  }
}
