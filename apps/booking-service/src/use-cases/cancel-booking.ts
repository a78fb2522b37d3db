import { AuthUser, Role } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingEntity, BookingStatus } from '../booking/booking.entity';
import { cancelReasonFor, cancellationRefusal, tooLateToCancel } from '../booking/booking.rules';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryService } from '../inventory/inventory.service';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { PromoCodeService } from '../promo/promo-code.service';
import { EndHold } from './end-hold';
import { OfferFreedPlaces } from './offer-freed-places';

/**
 * POST /bookings/:id/cancel: its holder (before the event starts) or an admin cancels a booking; its places
 * or seats are free at once and offered to the waiting list, in the same transaction.
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
      if (booking.totalAmount > 0 && caller.role !== Role.Admin) {
        throw new BookingException(
          BookingErrorCode.BookingNotCancellable,
          'A paid booking is cancelled by the organizer, with its refund',
        );
      }
      const [cancelled] = await this.bookings.cancelConfirmed(manager, { bookingId }, reason);
      if (!cancelled) {
        throw new BookingException(
          BookingErrorCode.BookingNotCancellable,
          'The booking is already cancelled',
        );
      }
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
