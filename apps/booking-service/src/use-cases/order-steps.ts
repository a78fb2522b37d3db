import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryEntity } from '../inventory/inventory.entity';
import { holdExpiry, ItemRequest, PricedOrder, priceOrder } from '../order/order.rules';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { PromoCode } from '../promo/promo-code.rules';
import { PromoCodeService } from '../promo/promo-code.service';
import { EndHold } from './end-hold';

/** What an order records on its booking: its lines and money. */
export type OrderMoney = Pick<
  BookingEntity,
  'items' | 'totalAmount' | 'currency' | 'discountAmount' | 'promoCodeId'
>;

/**
 * The steps every order of ticket types shares, whatever sells its places (a claim, seats, a waiting-list
 * offer): pricing it (with its promo code), taking each type's quota and the code's use, and holding a
 * priced order's booking for payment. Each runs in the caller's transaction; a refusal throws.
 */
@Injectable()
export class OrderSteps {
  constructor(
    private readonly bookings: BookingService,
    private readonly ticketSales: TicketSalesRepository,
    private readonly holds: EndHold,
    private readonly promos: PromoCodeService,
  ) {}

  /** `items` of the event priced now, less `promoCode` (PROMO_CODE_INVALID when it is not live). */
  async price(
    manager: EntityManager,
    event: InventoryEntity,
    items: ItemRequest[],
    promoCode: string | undefined,
  ): Promise<{ priced: PricedOrder; promo: PromoCode | null }> {
    const promo = promoCode ? await this.promos.usable(event.eventId, promoCode, manager) : null;
    return { priced: priceOrder(event.ticketTypes, items, Date.now(), promo), promo };
  }

  /**
   * Takes what a priced order sells of each type's quota (SOLD_OUT naming the type when it would pass it),
   * then a use of its promo code (PROMO_CODE_INVALID when used up meanwhile); the order's money, to record.
   */
  async take(
    manager: EntityManager,
    event: InventoryEntity,
    priced: PricedOrder,
    promo: PromoCode | null,
  ): Promise<OrderMoney> {
    const short = await this.ticketSales.take(manager, event.eventId, priced.items, event.ticketTypes);
    if (short) {
      throw new BookingException(
        BookingErrorCode.SoldOut,
        short.available === 0 ? `${short.name} is sold out` : `Only ${short.available} ${short.name} left`,
        { ticketTypeId: short.ticketTypeId, available: short.available },
      );
    }
    if (promo) await this.promos.takeUse(manager, promo);
    return {
      items: priced.items,
      totalAmount: priced.totalAmount,
      currency: priced.currency,
      discountAmount: priced.discountAmount,
      promoCodeId: promo?.id ?? null,
    };
  }

  /**
   * A priced order's booking, holding its places for payment until BOOKING_HOLD_SECONDS from now
   * (pending_payment), its end planned and announced in the same transaction; null if its claim is gone.
   */
  async holdForPayment(
    manager: EntityManager,
    draft: Parameters<BookingService['hold']>[1],
    claimId: string | null,
  ): Promise<BookingEntity | null> {
    const hold = await this.bookings.hold(
      manager,
      draft,
      claimId,
      holdExpiry(Date.now(), this.bookings.holdSeconds),
    );
    if (!hold) return null;
    await this.holds.plan(manager, hold);
    await this.bookings.announceHold(manager, hold);
    return hold;
  }
}
