import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingEntity, BookingStatus } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException, notEventOrganizer } from '../errors';
import { canOrganize, isBookable } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { PaymentRepository } from '../order/payment.repository';

/**
 * POST /bookings/:id/mark-paid: the event's organizer (or an admin) says an offline payment (a bank transfer)
 * of the order's total arrived. The hold becomes a confirmed booking, the payment goes in the ledger, and
 * booking.confirmed goes out, all in one transaction; a second call changes nothing (409).
 */
@Injectable()
export class MarkPaid {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly payments: PaymentRepository,
  ) {}

  async execute(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const found = await this.bookings.getBooking(caller, bookingId);
    const event = await this.inventory.find(found.eventId);
    if (!event || !canOrganize(caller, event)) throw notEventOrganizer();
    return this.dataSource.transaction(async (manager) => {
      const booking = (await this.bookings.lock(manager, bookingId))!;
      const payable =
        booking.status === BookingStatus.PendingPayment &&
        booking.expiresAt!.getTime() > Date.now() &&
        isBookable(event);
      if (!payable) {
        throw new BookingException(
          BookingErrorCode.BookingNotPayable,
          booking.status === BookingStatus.PendingPayment
            ? 'The hold has lapsed or the event is no longer on sale: nothing to pay for'
            : `This booking is ${booking.status}: nothing to pay for`,
          { status: booking.status },
        );
      }
      await this.payments.record(manager, {
        bookingId,
        kind: 'payment',
        provider: 'offline',
        amount: booking.totalAmount,
        currency: booking.currency!,
        reference: `offline:${bookingId}`,
        recordedBy: caller.id,
      });
      return (await this.bookings.confirmPaid(manager, booking))!;
    });
  }
}
