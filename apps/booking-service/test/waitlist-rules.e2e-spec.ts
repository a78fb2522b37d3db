// The waiting list through the gateway: its refusals, seated events, offers that expire, and the notices.
import { formatWhen } from '@evently/time';
import { eventually } from '@evently/testing/eventually';
import {
  api,
  availabilityWhen,
  book,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { mailsTo } from '@evently/testing/mail-catcher';
import { openSse } from '@evently/testing/sse-client';
import {
  Entry,
  join,
  joined,
  entryOf,
  entryWhen,
  cancelBooking,
  offerDeadlinesIn,
  soldOut,
} from './waitlist.helpers';

describe('waiting list: refusals, seats, expiry and notices (through the gateway)', () => {
  describe('refusals', () => {
    it('refuses joining while the quantity can be booked: TICKETS_AVAILABLE', async () => {
      const event = await onSaleEvent(makeCaller('organizer'), { capacity: 5 });
      const res = await join(makeCaller('customer'), event.id, 2);
      expect([res.status, res.json().code]).toEqual([409, 'TICKETS_AVAILABLE']);
      expect(res.json().details).toEqual({ available: 5 });
    });

    it('lets a group join when fewer places are left than it asks for', async () => {
      const event = await onSaleEvent(makeCaller('organizer'), { capacity: 3 });
      expect((await book(makeCaller('customer'), { eventId: event.id, quantity: 2 })).status).toBe(201);
      const entry = await joined(makeCaller('customer'), event.id, 2);
      expect([entry.status, entry.position]).toEqual(['waiting', 1]);
    });

    it('refuses an event whose waiting list is off: WAITLIST_DISABLED', async () => {
      const { event } = await soldOut(1, { waitlist: { enabled: false } });
      expect(event).toMatchObject({ waitlist: { enabled: false, offerMinutes: 30 } });
      const res = await join(makeCaller('customer'), event.id, 1);
      expect([res.status, res.json().code]).toEqual([409, 'WAITLIST_DISABLED']);
    });

    it('refuses a cancelled event: EVENT_NOT_BOOKABLE', async () => {
      const { event, organizer } = await soldOut(1);
      expect((await api('POST', `/events/${event.id}/cancel`, { caller: organizer, body: {} })).status).toBe(
        200,
      );
      await availabilityWhen(event.id, (a) => a.status === 'cancelled');
      const res = await join(makeCaller('customer'), event.id, 1);
      expect([res.status, res.json().code]).toEqual([409, 'EVENT_NOT_BOOKABLE']);
    });

    it('counts tickets already held against the per-person limit: LIMIT_EXCEEDED', async () => {
      const { event, holder } = await soldOut(10);
      const res = await join(holder, event.id, 1);
      expect([res.status, res.json().code]).toEqual([409, 'LIMIT_EXCEEDED']);
    });

    it('never oversells through an offer: a capacity cut below sold + held makes accepting SOLD_OUT', async () => {
      const organizer = makeCaller('organizer');
      const event = await onSaleEvent(organizer, { capacity: 2 });
      const holder = makeCaller('customer');
      const first = await book(holder, { eventId: event.id, quantity: 1 });
      expect((await book(holder, { eventId: event.id, quantity: 1 })).status).toBe(201);
      const waiter = makeCaller('customer');
      const entry = await joined(waiter, event.id, 1);
      expect((await cancelBooking(holder, first.json().id as string)).status).toBe(200);
      expect((await entryOf(waiter, entry.id)).status).toBe('offered');
      // event-service allows cutting to what it counts booked (1) once it has heard of the cancellation.
      await eventually(
        async () => {
          const res = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { capacity: 1 } });
          return res.status === 200 ? res : undefined;
        },
        10000,
        'the capacity cut',
      );
      await availabilityWhen(event.id, (a) => a.capacity === 1);
      const res = await api('POST', `/waitlist/${entry.id}/accept`, { caller: waiter });
      expect([res.status, res.json().code]).toEqual([409, 'SOLD_OUT']);
      expect(await availabilityWhen(event.id)).toMatchObject({ capacity: 1, booked: 1 });
    });

    it('answers an unknown event 404 and bad input 400', async () => {
      const caller = makeCaller('customer');
      const unknown = await join(caller, '00000000-0000-4000-8000-000000000000', 1);
      expect([unknown.status, unknown.json().code]).toEqual([404, 'EVENT_NOT_FOUND']);
      const zero = await join(caller, '00000000-0000-4000-8000-000000000000', 0);
      expect([zero.status, zero.json().code]).toEqual([400, 'VALIDATION_FAILED']);
      const anonymous = await api('POST', '/waitlist', { body: { eventId: unknown, quantity: 1 } });
      expect(anonymous.status).toBe(401);
    });

    it('rejects offerMinutes outside 1..10080 when an event is created', async () => {
      const res = await api('POST', '/events', {
        caller: makeCaller('organizer'),
        body: {
          title: 'Bad list',
          venue: { name: 'Hall', city: 'Porto' },
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          timeZone: 'Europe/Lisbon',
          capacity: 1,
          waitlist: { offerMinutes: 0 },
        },
      });
      expect([res.status, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(Object.keys(res.json().details.fields)).toEqual(['waitlist.offerMinutes']);
    });
  });

  describe('seated events', () => {
    it('holds the very seats that were freed, shows them held, and books exactly those on accept', async () => {
      const organizer = makeCaller('organizer');
      const event = await onSaleEvent(organizer, {
        capacity: undefined,
        seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 3 }] },
      });
      const holder = makeCaller('customer');
      const first = await book(holder, { eventId: event.id, seats: ['A-1-1', 'A-1-2'] });
      expect((await book(holder, { eventId: event.id, seats: ['A-1-3'] })).status).toBe(201);
      const waiter = makeCaller('customer');
      const entry = await joined(waiter, event.id, 1);

      expect((await cancelBooking(holder, first.json().id as string)).status).toBe(200);
      const offered = await entryOf(waiter, entry.id);
      expect(offered.status).toBe('offered');
      expect(offered.offeredSeats).toHaveLength(1);
      expect(['A-1-1', 'A-1-2']).toContain(offered.offeredSeats[0]);
      const seats = (await availabilityWhen(event.id)).seats!;
      expect(seats.find((s) => s.label === offered.offeredSeats[0])!.status).toBe('held');
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 1, held: 1, available: 1 });

      const taken = await book(makeCaller('customer'), { eventId: event.id, seats: offered.offeredSeats });
      expect([taken.status, taken.json().code]).toEqual([409, 'SEAT_UNAVAILABLE']);

      const accepted = await api('POST', `/waitlist/${entry.id}/accept`, { caller: waiter });
      expect(accepted.status).toBe(201);
      expect(accepted.json()).toMatchObject({
        status: 'confirmed',
        seats: offered.offeredSeats,
        quantity: 1,
      });
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 2, held: 0, available: 1 });
    });
  });

  describe('expiry', () => {
    it('expires an unanswered offer at its deadline, refuses a late accept with OFFER_EXPIRED, and passes the place on', async () => {
      const { event, holder, bookings } = await soldOut(1, { waitlist: { offerMinutes: 1 } });
      const [first, second] = [makeCaller('customer'), makeCaller('customer')];
      const firstEntry = await joined(first, event.id);
      const secondEntry = await joined(second, event.id);
      expect((await cancelBooking(holder, bookings[0])).status).toBe(200);
      expect((await entryOf(first, firstEntry.id)).status).toBe('offered');
      // The minute's deadline brought to 2 s from now (the entry's and its expiry job's).
      expect(await offerDeadlinesIn(event.id, 2)).toBe(1);
      const offered = await entryOf(first, firstEntry.id);
      expect(new Date(offered.offerExpiresAt!).getTime()).toBeLessThan(Date.now() + 30_000);

      const expired = await entryWhen(first, firstEntry.id, 'expired', 30_000);
      expect(expired.offerExpiresAt).toBe(offered.offerExpiresAt);
      const next = await entryWhen(second, secondEntry.id, 'offered');
      expect(next.offeredSeats).toEqual([]);
      const late = await api('POST', `/waitlist/${firstEntry.id}/accept`, { caller: first });
      expect([late.status, late.json().code]).toEqual([409, 'OFFER_EXPIRED']);
      expect(await availabilityWhen(event.id)).toMatchObject({
        booked: 0,
        held: 1,
        available: 0,
        waiting: 0,
      });
    }, 60_000);
  });

  describe('notices', () => {
    it('tells the person offered places: one waitlist_offer, live on SSE and by email, naming the deadline', async () => {
      const { event, holder, bookings } = await soldOut(1, { title: 'Waiting game' });
      const waiter = await registeredCaller('customer');
      const entry = await joined(waiter, event.id);
      const live = openSse('/api/v1/notifications/stream', waiter.token);
      try {
        expect(await live.status).toBe(200);
        expect((await cancelBooking(holder, bookings[0])).status).toBe(200);
        const pushed = await eventually(
          () => live.events.find((e) => e.event === 'notification' && e.data.includes(entry.id)),
          15000,
          'the live waitlist_offer',
        );
        const notice = JSON.parse(pushed.data) as { type: string; title: string; body: string; data: Entry };
        const { offerExpiresAt } = await entryOf(waiter, entry.id);
        expect(notice).toMatchObject({
          type: 'waitlist_offer',
          title: 'Places for you: Waiting game',
          data: { entryId: entry.id, eventId: event.id, quantity: 1, offerExpiresAt },
        });
        // The deadline on the event's clocks (Europe/Lisbon), with the zone's abbreviation.
        expect(notice.body).toContain(`until ${formatWhen(offerExpiresAt!, 'Europe/Lisbon')}.`);
        const mails = await eventually(
          async () => {
            const found = (await mailsTo(waiter.email)).filter((m) => m.subject.includes('Places for you'));
            return found.length > 0 ? found : undefined;
          },
          15000,
          'the offer email',
        );
        expect(mails).toHaveLength(1);
      } finally {
        live.close();
      }
    });

    it('cancels every entry with the event, and the people waiting get the cancellation notice', async () => {
      const { event, organizer } = await soldOut(1, { title: 'Called off' });
      const waiter = await registeredCaller('customer');
      const entry = await joined(waiter, event.id);
      const cancel = await api('POST', `/events/${event.id}/cancel`, {
        caller: organizer,
        body: { reason: 'storm' },
      });
      expect(cancel.status).toBe(200);
      await entryWhen(waiter, entry.id, 'cancelled');
      const notices = await eventually(
        async () => {
          const res = await api('GET', '/notifications', { caller: waiter });
          const found = (res.json().items as { type: string; data: { eventId: string } }[]).filter(
            (n) => n.type === 'event_cancelled' && n.data.eventId === event.id,
          );
          return found.length > 0 ? found : undefined;
        },
        15000,
        'the cancellation notice',
      );
      expect(notices).toHaveLength(1);
      expect(await availabilityWhen(event.id)).toMatchObject({ waiting: 0, held: 0 });
    });
  });
});
