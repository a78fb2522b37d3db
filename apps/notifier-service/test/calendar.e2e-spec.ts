// Calendar entries as a person's calendar app receives them: each booking's .ics from the mail catcher (a
// request on booking, a higher SEQUENCE on every change of time or place, a cancel on cancellation), all on
// the event's own clocks; and the private calendar feed.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { followLog, followServiceLogs } from '@evently/testing/log-tail';
import { calendarMail, icsField as field, icsLines as lines } from '@evently/testing/mail-catcher';

const NEW_YORK = {
  timeZone: 'America/New_York',
  venue: { name: 'Blue Room', city: 'New York', address: null },
};

describe('calendar files and the calendar feed', () => {
  const organizer = makeCaller('organizer');

  it('sends a request, then a higher SEQUENCE on a new time and place, then a cancel, all with one UID', async () => {
    // 19:30 in New York on 15 January is 00:30 UTC on the 16th.
    const event = await onSaleEvent(organizer, {
      ...NEW_YORK,
      startsAt: '2027-01-16T00:30:00Z',
      endsAt: '2027-01-16T03:00:00Z',
    });
    const buyer = await registeredCaller('customer', 'Nia Calendar');
    const booked = await book(buyer, { eventId: event.id, quantity: 2 });
    expect(booked.status).toBe(201);
    const bookingId = (booked.json() as { id: string }).id;

    const confirmed = await calendarMail(buyer.email, 'Booking confirmed');
    expect(confirmed.text).toContain('Fri 15 Jan, 19:30 EST');
    expect(field(confirmed.ics, 'METHOD')).toBe('REQUEST');
    expect(field(confirmed.ics, 'UID')).toBe(`${bookingId}@evently`);
    expect(lines(confirmed.ics)).toContain('DTSTART;TZID=America/New_York:20270115T193000');
    expect(lines(confirmed.ics)).toContain('TZID:America/New_York');
    const first = Number(field(confirmed.ics, 'SEQUENCE'));

    const current = await api('GET', `/events/${event.id}`, { caller: organizer });
    const moved = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      headers: { 'if-match': current.headers.etag as string },
      // An hour later, in July (EDT), and in another hall.
      body: {
        startsAt: '2027-07-10T23:30:00Z',
        endsAt: '2027-07-11T02:00:00Z',
        venue: { name: 'Green Room', city: 'New York' },
      },
    });
    expect(moved.status).toBe(200);
    const updated = await calendarMail(buyer.email, `${event.title} has changed`);
    expect(updated.text).toContain('Sat 10 Jul, 19:30 EDT');
    expect(field(updated.ics, 'METHOD')).toBe('REQUEST');
    expect(field(updated.ics, 'UID')).toBe(`${bookingId}@evently`);
    expect(lines(updated.ics)).toContain('DTSTART;TZID=America/New_York:20270710T193000');
    expect(field(updated.ics, 'LOCATION')).toBe('Green Room\\, New York');
    const second = Number(field(updated.ics, 'SEQUENCE'));
    expect(second).toBeGreaterThan(first);

    expect((await api('POST', `/bookings/${bookingId}/cancel`, { caller: buyer })).status).toBe(200);
    const cancelled = await calendarMail(buyer.email, 'Booking cancelled');
    expect(field(cancelled.ics, 'METHOD')).toBe('CANCEL');
    expect(field(cancelled.ics, 'STATUS')).toBe('CANCELLED');
    expect(field(cancelled.ics, 'UID')).toBe(`${bookingId}@evently`);
    expect(Number(field(cancelled.ics, 'SEQUENCE'))).toBeGreaterThan(second);
  }, 60_000);

  it('cancels the entry of every booking when the event is cancelled', async () => {
    const event = await onSaleEvent(organizer, { ...NEW_YORK, timeZone: 'Asia/Kolkata' });
    const buyer = await registeredCaller('customer', 'Ravi Calendar');
    const bookingId = ((await book(buyer, { eventId: event.id, quantity: 1 })).json() as { id: string }).id;
    const confirmed = await calendarMail(buyer.email, 'Booking confirmed');
    expect(confirmed.ics).toContain('TZID=Asia/Kolkata');
    expect((await api('POST', `/events/${event.id}/cancel`, { caller: organizer, body: {} })).status).toBe(
      200,
    );
    const cancelled = await calendarMail(buyer.email, `${event.title} is cancelled`);
    expect(field(cancelled.ics, 'METHOD')).toBe('CANCEL');
    expect(field(cancelled.ics, 'UID')).toBe(`${bookingId}@evently`);
    expect(Number(field(cancelled.ics, 'SEQUENCE'))).toBeGreaterThan(
      Number(field(confirmed.ics, 'SEQUENCE')),
    );
  }, 60_000);

  it('serves a private feed of upcoming bookings at a secret address, which a new one replaces', async () => {
    const gatewayLog = followLog('gateway-access.log');
    const notifierLog = followServiceLogs('notifier-service');
    const event = await onSaleEvent(organizer, NEW_YORK);
    const person = await registeredCaller('customer', 'Feed Reader');
    expect((await api('GET', '/calendar/feed', { caller: person })).json()).toEqual({
      active: false,
      createdAt: null,
    });
    const bookingId = ((await book(person, { eventId: event.id, quantity: 1 })).json() as { id: string }).id;
    const made = await api('POST', '/calendar/feed', { caller: person });
    expect(made.status).toBe(201);
    const { url } = made.json() as { url: string };
    expect(url).toMatch(/\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(url).pathname.replace('/api/v1', '');

    // The booking reaches the notifier through its fact: wait until the feed lists it.
    const feed = await eventually(
      async () => {
        const res = await api('GET', path);
        return res.status === 200 && res.text().includes(`UID:${bookingId}@evently`) ? res : undefined;
      },
      20_000,
      'the booking in the feed',
    );
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(field(feed.text(), 'METHOD')).toBe('PUBLISH');
    expect(feed.text()).toContain('TZID=America/New_York');
    expect((await api('GET', '/calendar/feed', { caller: person })).json()).toMatchObject({ active: true });

    const renewed = (await api('POST', '/calendar/feed', { caller: person })).json() as { url: string };
    expect(renewed.url).not.toBe(url);
    const old = await api('GET', path);
    expect(old.status).toBe(404);
    expect(old.json()).toMatchObject({ code: 'CALENDAR_FEED_NOT_FOUND' });
    const newPath = new URL(renewed.url).pathname.replace('/api/v1', '');
    expect((await api('GET', newPath)).status).toBe(200);

    expect((await api('DELETE', '/calendar/feed', { caller: person })).status).toBe(204);
    expect((await api('GET', newPath)).status).toBe(404);
    expect((await api('GET', '/calendar/not-a-secret.ics')).status).toBe(404);
    expect((await api('POST', '/calendar/feed')).status).toBe(401);

    // The secret is in no log: the gateway and the service write the address without it.
    const secret = /\/calendar\/([^/]+)\.ics$/.exec(path)![1];
    await eventually(
      () => (gatewayLog().some((l) => String(l.uri).includes('/calendar/[secret].ics')) ? true : undefined),
      5_000,
      'the gateway access log lines of the feed',
    );
    const logged = JSON.stringify([...gatewayLog(), ...notifierLog()]);
    expect(logged).toContain('/api/v1/calendar/[secret].ics');
    expect(logged).not.toContain(secret);
  }, 60_000);
});
