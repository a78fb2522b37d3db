import { AuthUser, Role } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingEntity, BookingStatus } from '../booking/booking.entity';
import {
  cancelReasonFor,
  cancellationRefusal,
  insideRefundWindow,
  tooLateToCancel,
} from '../booking/booking.rules';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryService } from '../inventory/inventory.service';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { PromoCodeService } from '../promo/promo-code.service';
import { EndHold } from './end-hold';
import { OfferFreedPlaces } from './offer-freed-places';
import { RefundBooking } from './refund-booking';

/**
 * POST /bookings/:id/cancel: its holder (before the event starts) or an admin cancels a booking; its places
 * or seats are free at once and offered to the waiting list, in the same transaction. A paid booking is
 * refunded in full; its holder may cancel it only inside the event's refund window.
 */
@Injectable()
export class CancelBooking {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly offers: OfferFreedPlaces,
    private readonly holds: EndHold,
    private readonly ticketSales: TicketSalesRepository,
    private readonly promos: PromoCodeService,
    private readonly refunds: RefundBooking,
  ) {}

  async execute(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const booking = await this.bookings.getBooking(caller, bookingId);
    const refusal = cancellationRefusal(caller, booking);
    if (refusal) throw refusal;
    return this.dataSource.transaction(async (manager) => {
      await this.bookings.lockTickets(manager, booking.eventId, booking.userId);
      const event = await this.inventory.lockEvent(manager, booking.eventId);
      if (tooLateToCancel(caller, event.startsAt)) {
        throw new BookingException(BookingErrorCode.BookingNotCancellable, 'The event has started');
      }
      const reason = cancelReasonFor(caller, booking);
      if (booking.status === BookingStatus.PendingPayment) {
        // Not paid yet: the hold ends and its places go back (unless it was paid meanwhile: then cancel that).
        const hold = { bookingId, eventId: booking.eventId, userId: booking.userId };
        const ended = await this.holds.execute(manager, hold, 'cancelled', reason);
        if (ended) return ended;
      }
      const paid = booking.totalAmount > 0;
      if (
        paid &&
        caller.role !== Role.Admin &&
        !insideRefundWindow(event.refundWindowHours, event.startsAt)
      ) {
        throw new BookingException(
          BookingErrorCode.BookingNotCancellable,
          event.refundWindowHours === null
            ? 'This event has no refund window: ask the organizer for a refund'
            : `Paid bookings can be cancelled with a refund until ${event.refundWindowHours} hours before the start`,
          { refundWindowHours: event.refundWindowHours },
        );
      }
      const [cancelled] = await this.bookings.cancelConfirmed(manager, { bookingId }, reason);
      if (!cancelled) {
        throw new BookingException(
          BookingErrorCode.BookingNotCancellable,
          'The booking is already cancelled',
        );
      }
      // A paid booking is refunded in full (what is left of it), in the cancellation's transaction.
      if (paid) await this.refunds.refundLeft(manager, cancelled, caller.id);
      await this.inventory.release(manager, {
        places:
          cancelled.seats.length === 0 ? [{ eventId: cancelled.eventId, quantity: cancelled.quantity }] : [],
        seatsOfBookings: cancelled.seats.length > 0 ? [cancelled.id] : [],
      });
      await this.ticketSales.giveBack(manager, cancelled.eventId, cancelled.items);
      if (cancelled.promoCodeId) await this.promos.giveBackUse(manager, cancelled.promoCodeId);
      await this.offers.execute(manager, cancelled.eventId, cancelled.seats);
      return cancelled;
    });
  }
}
