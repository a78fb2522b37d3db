import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { cancelReasonFor, cancellationRefusal, tooLateToCancel } from '../booking/booking.rules';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryService } from '../inventory/inventory.service';
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
      await this.offers.execute(manager, cancelled.eventId, cancelled.seats);
      return cancelled;
    });
  }
}
