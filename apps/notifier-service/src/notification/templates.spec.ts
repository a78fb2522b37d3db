import {
  bookingConfirmedMessage,
  emailOf,
  eventCancelledMessage,
  eventUpdatedMessage,
  EventFacts,
  waitlistOfferMessage,
} from './templates';

const event: EventFacts = {
  organizerId: null,
  eventId: '0b5f1c4e-8a51-4c47-9a57-4f3f0f6c2a11',
  version: 3,
  status: 'published',
  timeZone: 'Europe/Lisbon',
  title: 'Fado <night> & more',
  startsAt: new Date('2027-05-01T20:00:00Z'),
  endsAt: new Date('2027-05-01T22:30:00Z'),
  venueName: 'Casa do Fado',
  venueCity: 'Lisbon',
  venueAddress: null,
};

describe('notification texts', () => {
  it('names the event, the time on the event clocks, the venue and the seats or quantity', () => {
    expect(bookingConfirmedMessage(event, 2, ['A-1-5', 'A-1-6']).body).toBe(
      'You have seats A-1-5, A-1-6 for Fado <night> & more, Sat 1 May, 21:00 WEST, at Casa do Fado, Lisbon. ' +
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

  it('states every time in the event zone, with its abbreviation', () => {
    const inKolkata = { ...event, timeZone: 'Asia/Kolkata' };
    expect(eventUpdatedMessage(inKolkata, ['startsAt']).body).toBe(
      'It now takes place Sun 2 May, 01:30 IST (until Sun 2 May, 04:00 IST). Your booking stays valid.',
    );
    const inNewYork = { ...event, timeZone: 'America/New_York' };
    expect(waitlistOfferMessage(inNewYork, 1, [], new Date('2027-04-30T12:00:00Z')).body).toContain(
      '(Sat 1 May, 16:00 EDT, Casa do Fado, Lisbon) is held for you until Fri 30 Apr, 08:00 EDT.',
    );
  });
});
