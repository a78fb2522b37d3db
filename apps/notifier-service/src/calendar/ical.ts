import ical, { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { EventFacts, holdingText } from '../notification/templates';

// iCalendar files of bookings (RFC 5545, sent as iTIP messages per RFC 5546): one VEVENT per booking, its UID
// stable (`<bookingId>@evently`), times on the event's own zone with its VTIMEZONE, and SEQUENCE the event's
// version, so every change of time or place outranks what a calendar holds.

/** A booking as its calendar entry shows it. */
export interface CalendarBooking {
  bookingId: string;
  quantity: number;
  seats: string[];
}

export interface CalendarEntry {
  booking: CalendarBooking;
  event: EventFacts;
}

/** Who sends the entries (ORGANIZER: iTIP requires one), and where the event's page is. */
export interface CalendarSender {
  organizer: string;
  publicUrl: string;
}

export const bookingUid = (bookingId: string): string => `${bookingId}@evently`;

/** The VTIMEZONE of a zone, from the IANA data the zone was validated against; null for UTC. */
const vtimezone = (zone: string): string | null => {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
};

function calendarOf(method: ICalCalendarMethod, name?: string): ICalCalendar {
  const calendar = ical({
    prodId: { company: 'evently', product: 'notifier' },
    method,
    ...(name && { name }),
  });
  // No calendar-wide zone (DTSTAMP stays UTC); each event's zone gets its VTIMEZONE from the generator.
  calendar.timezone({ name: '', generator: vtimezone });
  return calendar;
}

function addEntry(
  calendar: ICalCalendar,
  { booking, event }: CalendarEntry,
  sender: CalendarSender,
  sequence: number,
  status: ICalEventStatus,
): void {
  calendar.createEvent({
    id: bookingUid(booking.bookingId),
    sequence,
    start: DateTime.fromJSDate(event.startsAt),
    end: DateTime.fromJSDate(event.endsAt),
    timezone: event.timeZone,
    stamp: DateTime.utc(),
    summary: event.title,
    location: [event.venueName, event.venueAddress, event.venueCity].filter(Boolean).join(', '),
    description: `${capitalised(holdingText(booking))} for ${event.title}, booked on Evently.`,
    url: `${sender.publicUrl}/events/${event.eventId}`,
    organizer: sender.organizer,
    status,
  });
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** METHOD:REQUEST: adds the bookings' entries to a calendar, or updates them (a higher SEQUENCE). */
export function calendarRequest(entries: CalendarEntry[], sender: CalendarSender): string {
  const calendar = calendarOf(ICalCalendarMethod.REQUEST);
  for (const entry of entries) {
    addEntry(calendar, entry, sender, entry.event.version, ICalEventStatus.CONFIRMED);
  }
  return calendar.toString();
}

/**
 * METHOD:CANCEL: takes the bookings' entries out of a calendar. `sequence` must outrank every request sent
 * for them: the cancelled event's version (an event's cancellation raises it), or one more than the event's
 * version when only the booking was cancelled.
 */
export function calendarCancel(entries: CalendarEntry[], sender: CalendarSender, sequence: number): string {
  const calendar = calendarOf(ICalCalendarMethod.CANCEL);
  for (const entry of entries) addEntry(calendar, entry, sender, sequence, ICalEventStatus.CANCELLED);
  return calendar.toString();
}

/** METHOD:PUBLISH: a subscribed calendar (the private feed) holding the person's upcoming bookings. */
export function calendarFeed(entries: CalendarEntry[], sender: CalendarSender): string {
  const calendar = calendarOf(ICalCalendarMethod.PUBLISH, 'Evently bookings');
  for (const entry of entries) {
    addEntry(calendar, entry, sender, entry.event.version, ICalEventStatus.CONFIRMED);
  }
  return calendar.toString();
}
