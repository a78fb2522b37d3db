import { EventFacts } from '../notification/templates';
import { upcomingEntries } from './calendar.rules';
import { calendarCancel, calendarFeed, calendarRequest, CalendarSender } from './ical';

const sender: CalendarSender = {
  organizer: 'Evently <no-reply@evently.test>',
  publicUrl: 'https://evently.test',
};
const event: EventFacts = {
  organizerId: null,
  eventId: '0b5f1c4e-8a51-4c47-9a57-4f3f0f6c2a11',
  version: 4,
  status: 'published',
  title: 'Jazz, late',
  startsAt: new Date('2027-01-15T00:30:00Z'),
  endsAt: new Date('2027-01-15T03:00:00Z'),
  timeZone: 'America/New_York',
  venueName: 'Blue Room',
  venueCity: 'New York',
  venueAddress: '1 Main St',
};
const booking = { bookingId: 'b-1', quantity: 2, seats: [] };
/** The iCalendar lines, unfolded (RFC 5545 folds long lines at 75 octets). */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('calendar files', () => {
  it('writes the times on the event zone clocks with its VTIMEZONE, the UID of the booking and its version', () => {
    const ics = lines(calendarRequest([{ booking, event }], sender));
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('UID:b-1@evently');
    expect(ics).toContain('SEQUENCE:4');
    // 00:30 UTC is 19:30 the evening before in New York (EST).
    expect(ics).toContain('DTSTART;TZID=America/New_York:20270114T193000');
    expect(ics).toContain('DTEND;TZID=America/New_York:20270114T220000');
    expect(ics).toContain('BEGIN:VTIMEZONE');
    expect(ics).toContain('TZID:America/New_York');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('LOCATION:Blue Room\\, 1 Main St\\, New York');
    expect(ics).toContain('ORGANIZER;CN="Evently":mailto:no-reply@evently.test');
    expect(ics).toContain(`URL;VALUE=URI:https://evently.test/events/${event.eventId}`);
    expect(ics.find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(ics.find((l) => l.startsWith('DESCRIPTION:'))).toBe(
      'DESCRIPTION:2 tickets for Jazz\\, late\\, booked on Evently.',
    );
  });

  it('cancels with the sequence given, and writes UTC events without a zone block', () => {
    const ics = lines(calendarCancel([{ booking, event: { ...event, timeZone: 'UTC' } }], sender, 5));
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('SEQUENCE:5');
    expect(ics).toContain('DTSTART:20270115T003000Z');
    expect(ics).not.toContain('BEGIN:VTIMEZONE');
  });

  it('publishes a feed of upcoming bookings only, soonest first, each zone once', () => {
    const later = {
      ...event,
      eventId: 'e-2',
      startsAt: new Date('2027-02-01T18:00:00Z'),
      endsAt: new Date('2027-02-01T20:00:00Z'),
      timeZone: 'Asia/Kolkata',
    };
    const past = { ...event, eventId: 'e-3', endsAt: new Date('2026-01-01T00:00:00Z') };
    const cancelled = { ...event, eventId: 'e-4', status: 'cancelled' };
    const entries = upcomingEntries(
      [
        { ...booking, bookingId: 'b-later', eventId: 'e-2' },
        { ...booking, bookingId: 'b-past', eventId: 'e-3' },
        { ...booking, bookingId: 'b-cancelled', eventId: 'e-4' },
        { ...booking, bookingId: 'b-unknown', eventId: 'e-5' },
        { ...booking, bookingId: 'b-1', eventId: event.eventId, seats: ['A-1-1'] },
      ],
      [event, later, past, cancelled],
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(entries.map((e) => e.booking.bookingId)).toEqual(['b-1', 'b-later']);
    const ics = lines(calendarFeed(entries, sender));
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(ics.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(2);
    expect(ics).toContain('DTSTART;TZID=Asia/Kolkata:20270201T233000');
    expect(ics).toContain('DESCRIPTION:Seat A-1-1 for Jazz\\, late\\, booked on Evently.');
  });
});
