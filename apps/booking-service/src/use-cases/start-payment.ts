import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { BookingStatus } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryService } from '../inventory/inventory.service';
import { PaymentStart, ProviderName } from '../payment/payment-provider';
import { PaymentProviders } from '../payment/payment-providers';

/**
 * POST /bookings/:id/pay: the holder of an order awaiting payment chooses how to pay; the provider answers
 * with instructions (offline: a reference to quote) or a page to go to (stripe). Starting changes nothing:
 * only the payment itself (mark-paid, the signed webhook) confirms the booking.
 */
@Injectable()
export class StartPayment {
  constructor(
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly providers: PaymentProviders,
  ) {}

  async execute(
    caller: AuthUser,
    bookingId: string,
    providerName: ProviderName,
  ): Promise<PaymentStart & { amount: number; currency: string; dueAt: Date }> {
    const booking = await this.bookings.getBooking(caller, bookingId);
    if (booking.userId !== caller.id) {
      throw new BookingException(BookingErrorCode.NotBookingHolder, 'Only the holder pays for a booking');
    }
    if (booking.status !== BookingStatus.PendingPayment || booking.expiresAt!.getTime() <= Date.now()) {
      throw new BookingException(
        BookingErrorCode.BookingNotPayable,
        booking.status === BookingStatus.PendingPayment
          ? 'The hold has lapsed: nothing to pay for'
          : `This booking is ${booking.status}: nothing to pay for`,
        { status: booking.status },
      );
    }
    const provider = this.providers.forOrder(providerName, booking);
    const event = await this.inventory.find(booking.eventId);
    const started = await provider.start({
      bookingId,
      eventTitle: event?.title ?? 'Evently booking',
      items: booking.items,
      totalAmount: booking.totalAmount,
      discountAmount: booking.discountAmount,
      currency: booking.currency!,
      expiresAt: booking.expiresAt!,
    });
    return {
      ...started,
      amount: booking.totalAmount,
      currency: booking.currency!,
      dueAt: booking.expiresAt!,
    };
  }
}
