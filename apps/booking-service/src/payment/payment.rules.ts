import { BookingStatus } from '../booking/booking.entity';

// Payments: references, and what a payment that arrives does to its booking. Pure rules, unit-tested beside.

/** The reference an attendee quotes with a bank transfer: short, unambiguous, derived from the booking. */
export const offlineReference = (bookingId: string): string =>
  `EV-${bookingId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

/**
 * What a payment of `amount` in `currency` does to a booking in `status` that costs `total`:
 * - `confirm`: the hold awaiting it becomes a booking (also after its deadline if its job has not run yet:
 *   the places are still held);
 * - `revive`: the hold had ended unpaid; the places are taken again if they are still free, else refunded;
 * - `refund`: the booking cannot take it (paid already, cancelled, its event cancelled, or the amount is not
 *   what it costs).
 */
export function settlementOf(
  booking: { status: BookingStatus; totalAmount: number; currency: string | null },
  payment: { amount: number; currency: string },
  eventCancelled = false,
): 'confirm' | 'revive' | 'refund' {
  const exact =
    payment.amount === booking.totalAmount &&
    payment.currency.toUpperCase() === booking.currency?.toUpperCase();
  if (!exact || eventCancelled) return 'refund';
  if (booking.status === BookingStatus.PendingPayment) return 'confirm';
  if (booking.status === BookingStatus.Expired) return 'revive';
  return 'refund';
}

/**
 * When a Stripe Checkout Session should lapse: at the hold's deadline, but Stripe wants at least 30 minutes
 * (a payment that completes after the hold lapsed is then settled by `settlementOf`: revive or refund).
 */
export const checkoutExpiry = (holdExpiresAt: Date, now: number): number =>
  Math.ceil(Math.max(holdExpiresAt.getTime(), now + 31 * 60_000) / 1000);
