import type { Money, TicketType } from '@evently/contracts';
import { ValidationFailedException } from '@evently/common';
import { BookingErrorCode, BookingException } from '../errors';
import type { OrderItem } from '../booking/booking.entity';
import { covers, discountPerPlace, PromoCode, promoInvalid } from '../promo/promo-code.rules';

// Orders of ticket types: what may be ordered now, and what it costs. Pure rules, unit-tested beside.

/** What a buyer asks for: places of each ticket type. */
export interface ItemRequest {
  ticketTypeId: string;
  quantity: number;
}

/** An order as priced: its lines (with the unit price now), its discount, its total and currency. */
export interface PricedOrder {
  items: OrderItem[];
  quantity: number;
  /** Minor units taken off by the promo code (0 without one); already out of `totalAmount`. */
  discountAmount: number;
  totalAmount: number;
  currency: string;
}

/**
 * Why a type is not on sale now ('hidden' types are sold only with a promo code that unlocks them and
 * covers the type).
 */
export function notOnSaleReason(
  type: TicketType,
  now: number,
  promo: PromoCode | null = null,
): 'not_started' | 'ended' | 'hidden' | null {
  if (type.hidden && !(promo?.unlocksHidden && covers(promo, type.id))) return 'hidden';
  if (type.salesStart && now < Date.parse(type.salesStart)) return 'not_started';
  if (type.salesEnd && now >= Date.parse(type.salesEnd)) return 'ended';
  return null;
}

/**
 * The order `items` make of the event's `types`, priced now (less what `promo` takes off the places it
 * covers; the caller has checked that the code is live); or the refusal: a type named twice (400), a type
 * the event does not sell (422 UNKNOWN_TICKET_TYPES), one not on sale (409 TICKET_TYPE_NOT_ON_SALE, with
 * why), more of a type than its maxPerOrder (409 LIMIT_EXCEEDED), a code covering none of the places (409
 * PROMO_CODE_INVALID, not_applicable).
 */
export function priceOrder(
  types: TicketType[],
  items: ItemRequest[],
  now = Date.now(),
  promo: PromoCode | null = null,
): PricedOrder {
  const ids = items.map((i) => i.ticketTypeId);
  if (new Set(ids).size !== ids.length) {
    throw new ValidationFailedException({ items: ['name each ticket type once'] });
  }
  const unknown = ids.filter((id) => !types.some((t) => t.id === id));
  if (unknown.length > 0) {
    throw new BookingException(BookingErrorCode.UnknownTicketTypes, 'This event sells no such ticket types', {
      ticketTypeIds: unknown,
    });
  }
  const lines = items.map((item) => {
    const type = types.find((t) => t.id === item.ticketTypeId)!;
    const reason = notOnSaleReason(type, now, promo);
    if (reason) {
      throw new BookingException(
        BookingErrorCode.TicketTypeNotOnSale,
        `${type.name} is not on sale (${reason})`,
        {
          ticketTypeId: type.id,
          reason,
          salesStart: type.salesStart,
          salesEnd: type.salesEnd,
        },
      );
    }
    if (type.maxPerOrder !== null && item.quantity > type.maxPerOrder) {
      throw new BookingException(
        BookingErrorCode.LimitExceeded,
        `At most ${type.maxPerOrder} ${type.name} per order`,
        {
          ticketTypeId: type.id,
          limit: type.maxPerOrder,
        },
      );
    }
    return { ticketTypeId: type.id, name: type.name, quantity: item.quantity, unitPrice: type.price.amount };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  let discountAmount = 0;
  if (promo) {
    const covered = lines.filter((l) => covers(promo, l.ticketTypeId));
    if (covered.length === 0) throw promoInvalid('not_applicable', promo);
    discountAmount = covered.reduce((sum, l) => sum + l.quantity * discountPerPlace(promo, l.unitPrice), 0);
  }
  return {
    items: lines,
    quantity: lines.reduce((sum, l) => sum + l.quantity, 0),
    discountAmount,
    totalAmount: subtotal - discountAmount,
    currency: types[0].price.currency,
  };
}

/**
 * The items seats make: one line per ticket type, each seat counted as its section's type (a seat whose type
 * was never named, as the event's first). The caller prices them like any order.
 */
export function seatItems(seats: { ticket_type_id: string | null }[], types: TicketType[]): ItemRequest[] {
  const counts = new Map<string, number>();
  for (const seat of seats) {
    const type = seat.ticket_type_id ?? types[0].id;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity }));
}

/** Free seats of each ticket type, from the seat map (a seat whose type was never named: the first type's). */
export function freeSeatsByType(
  seats: { ticketTypeId: string | null; status: string }[],
  types: TicketType[],
): Map<string, number> {
  const free = new Map<string, number>();
  if (types.length === 0) return free;
  for (const seat of seats.filter((s) => s.status === 'available')) {
    const type = seat.ticketTypeId ?? types[0].id;
    free.set(type, (free.get(type) ?? 0) + 1);
  }
  return free;
}

/** Ids of the types of `next` that have a quota they did not have in `before` (new types included). */
export const newlyCapped = (before: TicketType[], next: TicketType[]): string[] =>
  next
    .filter((t) => t.quota !== null && (before.find((b) => b.id === t.id)?.quota ?? null) === null)
    .map((t) => t.id);

/** When a hold of a priced order lapses unpaid. */
export const holdExpiry = (now: number, holdSeconds: number): Date => new Date(now + holdSeconds * 1000);

/** A ticket type as buyers see it now: what is left of it and whether it sells (and if not, why). */
export interface TypeAvailability {
  id: string;
  name: string;
  price: Money;
  available: number;
  onSale: boolean;
  reason: 'not_started' | 'ended' | 'sold_out' | 'event_not_on_sale' | null;
}

/**
 * Each visible type's availability: the event's places left (seated: the free seats of the type's sections,
 * `freeSeats`), capped by what is left of the type's quota (`sold`: its places in confirmed bookings and
 * holds). Hidden types are left out: they are sold with a code.
 */
export function typeAvailability(
  types: TicketType[],
  sold: Map<string, number>,
  placesLeft: number,
  bookable: boolean,
  now = Date.now(),
  freeSeats: Map<string, number> | null = null,
): TypeAvailability[] {
  return types
    .filter((t) => !t.hidden)
    .map((t) => {
      const left = freeSeats ? (freeSeats.get(t.id) ?? 0) : placesLeft;
      const available = Math.max(
        0,
        Math.min(left, t.quota === null ? left : t.quota - (sold.get(t.id) ?? 0)),
      );
      const reason = !bookable
        ? 'event_not_on_sale'
        : ((notOnSaleReason(t, now) as 'not_started' | 'ended' | null) ??
          (available === 0 ? 'sold_out' : null));
      return { id: t.id, name: t.name, price: t.price, available, onSale: reason === null, reason };
    });
}
