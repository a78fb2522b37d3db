import { BookingCancelledV1, BookingConfirmedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * `event_bookings`, event-service's replica of what booking-service sold.
 * Filled by: booking.confirmed, booking.cancelled.
 */
@Injectable()
export class BookedPlacesRepository {
  /** Idempotent, and order-insensitive: a cancellation that arrived first is not undone. */
  async recordConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    await manager.query(
      `INSERT INTO event_bookings (booking_id, event_id, quantity, status) VALUES ($1, $2, $3, 'confirmed')
       ON CONFLICT (booking_id) DO NOTHING`,
      [fact.bookingId, fact.eventId, fact.quantity],
    );
  }

  async recordCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    await manager.query(
      `INSERT INTO event_bookings (booking_id, event_id, quantity, status) VALUES ($1, $2, $3, 'cancelled')
       ON CONFLICT (booking_id) DO UPDATE SET status = 'cancelled', updated_at = clock_timestamp()`,
      [fact.bookingId, fact.eventId, fact.quantity],
    );
  }

  /** Places booked for the event, as far as the facts received so far tell. */
  async bookedCount(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = await manager.query<{ booked: number }[]>(
      `SELECT coalesce(sum(quantity), 0)::int AS booked FROM event_bookings
       WHERE event_id = $1 AND status = 'confirmed'`,
      [eventId],
    );
    return row.booked;
  }
}
