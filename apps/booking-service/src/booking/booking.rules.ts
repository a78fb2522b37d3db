import { AuthUser, Role } from '@evently/auth';
import { ValidationFailedException } from '@evently/common';
import { CancelReason } from '@evently/contracts';
import { BookingErrorCode, BookingException } from '../errors';
import type { ItemRequest } from '../order/order.rules';
import { BookingEntity } from './booking.entity';

/** What a buyer asks for: a quantity (general admission) or seats (reserved seating), never both. */
export interface BookingRequest {
  eventId: string;
  quantity?: number;
  seats?: string[];
  /** An order of ticket types (general admission); exclusive with quantity and seats. */
  items?: ItemRequest[];
  /** A promo code for the items, or for the seats. */
  promoCode?: string;
  /** The pass the on-sale queue gave the buyer (needed while the event sells through a queue). */
  queuePass?: string;
}

/** A request that passed `orderOf`: its ticket count, and its seats in label order (none for GA). */
export interface BookingOrder {
  eventId: string;
  quantity: number;
  seated: boolean;
  seats: string[];
  items?: ItemRequest[];
  promoCode?: string;
  queuePass?: string;
}

/**
 * The order a request makes, or VALIDATION_FAILED for a shape that breaks a rule (both or neither of quantity
 * and seats; more than `limit` tickets). Seats are sorted: they are locked in label order.
 */
export function orderOf(request: BookingRequest, limit: number): BookingOrder {
  if (request.items !== undefined) {
    if (request.quantity !== undefined || request.seats !== undefined) {
      const one = ['give items (ticket types), or quantity or seats, not both'];
      throw new ValidationFailedException({ items: one });
    }
    const count = request.items.reduce((sum, item) => sum + item.quantity, 0);
    if (count > limit)
      throw new ValidationFailedException({ items: [`at most ${limit} tickets per booking`] });
    return {
      eventId: request.eventId,
      quantity: count,
      seated: false,
      seats: [],
      items: request.items,
      promoCode: request.promoCode,
      ...(request.queuePass !== undefined && { queuePass: request.queuePass }),
    };
  }
  if (request.promoCode !== undefined && request.seats === undefined) {
    throw new ValidationFailedException({
      promoCode: ['a promo code goes with items (ticket types) or seats'],
    });
  }
  if ((request.quantity === undefined) === (request.seats === undefined)) {
    const one = ['give either quantity (general admission) or seats (reserved seating)'];
    throw new ValidationFailedException({ quantity: one, seats: one });
  }
  const count = request.quantity ?? request.seats!.length;
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
    ...(seated && request.promoCode !== undefined && { promoCode: request.promoCode }),
    ...(request.queuePass !== undefined && { queuePass: request.queuePass }),
  };
}

/** Its holder and admins may cancel a booking; anyone else is refused (who may not even see it: 404 first). */
export function cancellationRefusal(caller: AuthUser, booking: BookingEntity): BookingException | null {
  if (caller.role === Role.Admin || booking.userId === caller.id) return null;
  return new BookingException(
    BookingErrorCode.NotBookingHolder,
    'Only the holder or an admin may cancel a booking',
  );
}

/** The holder may cancel until the event starts; an admin at any time. */
export const tooLateToCancel = (caller: AuthUser, startsAt: Date, now = Date.now()): boolean =>
  caller.role !== Role.Admin && startsAt.getTime() <= now;

/**
 * Whether a holder may cancel a paid booking now (refunded in full): until `refundWindowHours` before the
 * start; never when the event has no refund window (null).
 */
export const insideRefundWindow = (
  refundWindowHours: number | null,
  startsAt: Date,
  now = Date.now(),
): boolean => refundWindowHours !== null && now <= startsAt.getTime() - refundWindowHours * 3_600_000;

/** Why the booking was cancelled, as its booking.cancelled fact says. */
export const cancelReasonFor = (caller: AuthUser, booking: BookingEntity): CancelReason =>
  caller.role === Role.Admin && booking.userId !== caller.id
    ? CancelReason.AdminCancelled
    : CancelReason.UserCancelled;
