import { OutboxService } from '@evently/messaging';
import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { BookingEntity, BookingStatus } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException, notEventOrganizer } from '../errors';
import { canOrganize } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { offlineReference } from '../payment/payment.rules';
import { SettlePayment } from './settle-payment';

/**
 * POST /bookings/:id/mark-paid: the event's organizer (or an admin) says an offline payment (a bank transfer)
 * of the order's total arrived. It is settled like any payment: the hold is confirmed (a lapsed one too, if
 * its places are still free; if they are gone, the payment is recorded as owed back and the booking stays
 * expired). A booking that is not awaiting payment is 409 BOOKING_NOT_PAYABLE, and nothing is recorded.
 */
@Injectable()
export class MarkPaid {
  constructor(
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly settle: SettlePayment,
    private readonly outbox: OutboxService,
  ) {}

  async execute(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const booking = await this.bookings.getBooking(caller, bookingId);
    const event = await this.inventory.find(booking.eventId);
    if (!event || !canOrganize(caller, event)) throw notEventOrganizer();
    const payable =
      booking.status === BookingStatus.PendingPayment || booking.status === BookingStatus.Expired;
    if (!payable || booking.totalAmount === 0) {
      throw new BookingException(
        BookingErrorCode.BookingNotPayable,
        `This booking is ${booking.status}: nothing to pay for`,
        {
          status: booking.status,
        },
      );
    }
    // The audit line commits with the payment (and not for a payment recorded already).
    const settled = await this.settle.execute(
      {
        bookingId,
        provider: 'offline',
        amount: booking.totalAmount,
        currency: booking.currency!,
        reference: offlineReference(bookingId),
        recordedBy: caller.id,
      },
      (manager) =>
        this.outbox.audit(manager, caller, {
          action: 'booking.marked_paid',
          targetType: 'booking',
          targetId: bookingId,
          eventId: event.eventId,
          organizerId: event.organizerId,
          details: { amount: booking.totalAmount, currency: booking.currency },
        }),
    );
    if (!settled || settled.settlement === 'duplicate') {
      throw new BookingException(BookingErrorCode.BookingNotPayable, 'This booking was marked paid already', {
        status: settled?.booking.status ?? booking.status,
      });
    }
    return settled.booking;
  }
}
