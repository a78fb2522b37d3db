import { BookingStatus } from '../booking/booking.entity';
import { checkoutExpiry, offlineReference, settlementOf } from './payment.rules';

describe('offlineReference', () => {
  it('is short, upper case and the same for the same booking', () => {
    const id = '3f2a9c1e-7b4d-4e1a-9c3b-2d5e6f7a8b9c';
    expect(offlineReference(id)).toBe('EV-3F2A9C1E7B');
    expect(offlineReference(id)).toBe(offlineReference(id));
  });
});

describe('settlementOf', () => {
  const booking = (status: BookingStatus) => ({ status, totalAmount: 5000, currency: 'EUR' });
  const paid = { amount: 5000, currency: 'eur' };

  it('confirms a hold awaiting the payment, and revives one that lapsed', () => {
    expect(settlementOf(booking(BookingStatus.PendingPayment), paid)).toBe('confirm');
    expect(settlementOf(booking(BookingStatus.Expired), paid)).toBe('revive');
  });

  it('refunds a second payment, one for a cancelled booking, and any amount that is not the total', () => {
    expect(settlementOf(booking(BookingStatus.Confirmed), paid)).toBe('refund');
    expect(settlementOf(booking(BookingStatus.Cancelled), paid)).toBe('refund');
    expect(settlementOf(booking(BookingStatus.PendingPayment), paid, true)).toBe('refund');
    expect(settlementOf(booking(BookingStatus.PendingPayment), { amount: 4999, currency: 'EUR' })).toBe(
      'refund',
    );
    expect(settlementOf(booking(BookingStatus.PendingPayment), { amount: 5000, currency: 'USD' })).toBe(
      'refund',
    );
  });
});

describe('checkoutExpiry', () => {
  const now = Date.parse('2027-01-10T12:00:00Z');
  it('is the hold’s deadline, but never under the 30 minutes Stripe requires', () => {
    expect(checkoutExpiry(new Date(now + 15 * 60_000), now)).toBe((now + 31 * 60_000) / 1000);
    expect(checkoutExpiry(new Date(now + 2 * 3600_000), now)).toBe((now + 2 * 3600_000) / 1000);
  });
});
