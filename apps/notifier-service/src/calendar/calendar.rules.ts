import { AttendedBooking } from '../attendance/attendance.repository';
import { EventFacts } from '../notification/templates';
import { CalendarEntry } from './ical';

/**
 * What a person's feed lists: each booking whose event has not ended and is not cancelled, soonest first
 * (bookings of events not heard of yet wait for their event).
 */
export function upcomingEntries(
  bookings: AttendedBooking[],
  events: EventFacts[],
  now: Date,
): CalendarEntry[] {
  const byId = new Map(events.map((event) => [event.eventId, event]));
  return bookings
    .flatMap((booking) => {
      const event = byId.get(booking.eventId);
      return event && event.status !== 'cancelled' && event.endsAt.getTime() > now.getTime()
        ? [{ booking, event }]
        : [];
    })
    .sort(
      (a, b) =>
        a.event.startsAt.getTime() - b.event.startsAt.getTime() ||
        a.booking.bookingId.localeCompare(b.booking.bookingId),
    );
}
