import { calendarInvite } from './calendar';
import {
  bookingConfirmedMessage,
  emailOf,
  eventCancelledMessage,
  eventUpdatedMessage,
  EventFacts,
} from './templates';

const event: EventFacts = {
  title: 'Fado <night> & more',
  startsAt: new Date('2027-05-01T20:00:00Z'),
  endsAt: new Date('2027-05-01T22:30:00Z'),
  venueName: 'Casa do Fado',
  venueCity: 'Lisbon',
  venueAddress: null,
};

describe('notification texts', () => {
  it('names the event, the time in UTC, the venue and the seats or quantity', () => {
    expect(bookingConfirmedMessage(event, 2, ['A-1-5', 'A-1-6']).body).toBe(
      'You have seats A-1-5, A-1-6 for Fado <night> & more, Saturday, 1 May 2027 at 20:00 UTC, at Casa do Fado, Lisbon. ' +
        'The calendar invitation is attached to the email.',
    );
    expect(bookingConfirmedMessage(event, 3, []).body).toContain('You have 3 tickets for');
    expect(eventUpdatedMessage(event, ['venue']).body).toBe(
      'The venue is now Casa do Fado, Lisbon. Your booking stays valid.',
    );
    expect(eventCancelledMessage(event, null).title).toBe('Fado <night> & more is cancelled');
  });

  it('escapes HTML in the email body and keeps the plain text as written', () => {
    const email = emailOf({ title: 'Fado <night> & more', body: 'x < y' });
    expect(email.html).toContain('<h2>Fado &lt;night&gt; &amp; more</h2>');
    expect(email.html).not.toContain('<night>');
    expect(email.text.startsWith('Fado <night> & more\n\nx < y')).toBe(true);
  });

  it('builds an iCalendar event with a stable UID and UTC times', () => {
    const ics = calendarInvite('b1', event, 'Seats A-1-5');
    expect(ics).toContain('UID:b1@evently');
    expect(ics).toContain('DTSTART:20270501T200000Z');
    expect(ics).toContain('DTEND:20270501T223000Z');
    expect(ics).toContain('LOCATION:Casa do Fado\\, Lisbon');
  });
});
