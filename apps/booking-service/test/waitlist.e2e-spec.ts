import { eventually } from '@evently/testing/eventually';
import {
  api,
  availabilityWhen,
  book,
  Caller,
  EventBody,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { mailsTo } from '@evently/testing/mail-catcher';
import { openSse } from '@evently/testing/sse-client';

interface Entry {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: string;
  position: number | null;
  offerExpiresAt: string | null;
  offeredSeats: string[];
  bookingId: string | null;
}

const join = (caller: Caller, eventId: string, quantity = 1) =>
  api('POST', '/waitlist', { caller, body: { eventId, quantity } });

async function joined(caller: Caller, eventId: string, quantity = 1): Promise<Entry> {
  const res = await join(caller, eventId, quantity);
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${res.text()}`);
  return res.json() as Entry;
}

async function entryOf(caller: Caller, entryId: string): Promise<Entry> {
  const res = await api('GET', '/waitlist?limit=100', { caller });
  const entry = (res.json().items as Entry[]).find((e) => e.id === entryId);
  if (!entry) throw new Error(`entry ${entryId} not in the list of its owner`);
  return entry;
}

/** The entry once it reaches `status` (offers are made in the transaction that frees places). */
const entryWhen = (caller: Caller, entryId: string, status: string, timeoutMs = 10000) =>
  eventually(
    async () => {
      const entry = await entryOf(caller, entryId);
      return entry.status === status ? entry : undefined;
    },
    timeoutMs,
    `entry ${entryId} ${status}`,
  );

const cancelBooking = (caller: Caller, bookingId: string) =>
  api('POST', `/bookings/${bookingId}/cancel`, { caller });

/** A general-admission event with `capacity` places, all sold to one holder. */
async function soldOut(capacity: number, overrides: Record<string, unknown> = {}) {
  const organizer = makeCaller('organizer');
  const event = await onSaleEvent(organizer, { capacity, ...overrides });
  const holder = makeCaller('customer');
  const bookings: string[] = [];
  for (let left = capacity; left > 0; left -= Math.min(left, 10)) {
    const res = await book(holder, { eventId: event.id, quantity: Math.min(left, 10) });
    expect(res.status).toBe(201);
    bookings.push(res.json().id as string);
  }
  return { organizer, event, holder, bookings };
}

describe('waiting list (through the gateway)', () => {
  describe('general admission: join, offer on cancel, first fit, accept, decline, leave', () => {
    let event: EventBody;
    let organizer: Caller;
    let holder: Caller;
    let bookings: string[];
    const [single, group, another, stranger] = ['customer', 'customer', 'customer', 'customer'].map(() =>
      makeCaller('customer'),
    );
    let singleEntry: Entry;
    let groupEntry: Entry;
    let anotherEntry: Entry;

    beforeAll(async () => {
      ({ event, organizer, holder, bookings } = await soldOut(2));
      singleEntry = await joined(single, event.id, 1);
      groupEntry = await joined(group, event.id, 2);
      anotherEntry = await joined(another, event.id, 1);
    });

    it('gives positions in joining order, with the entry waiting', () => {
      expect([singleEntry, groupEntry, anotherEntry].map((e) => [e.status, e.position])).toEqual([
        ['waiting', 1],
        ['waiting', 2],
        ['waiting', 3],
      ]);
      expect(singleEntry).toMatchObject({
        eventId: event.id,
        quantity: 1,
        offerExpiresAt: null,
        bookingId: null,
      });
    });

    it('counts the waiting entries in availability', async () => {
      expect(await availabilityWhen(event.id)).toMatchObject({
        booked: 2,
        held: 0,
        available: 0,
        waiting: 3,
      });
    });

    it('refuses a second live entry with ALREADY_WAITLISTED', async () => {
      const res = await join(single, event.id, 1);
      expect([res.status, res.json().code]).toEqual([409, 'ALREADY_WAITLISTED']);
    });

    it('offers freed places first-fit: the group that does not fit keeps its place, the single behind it is served', async () => {
      // The holder's one booking of 2 is cancelled: 2 places free. single (1) fits, then 1 is left:
      // group (2) does not fit and keeps its place, another (1) behind it gets the last one.
      expect((await cancelBooking(holder, bookings[0])).status).toBe(200);
      const offered = await entryOf(single, singleEntry.id);
      expect(offered.status).toBe('offered');
      expect(offered.position).toBeNull();
      const deadline = Date.parse(offered.offerExpiresAt!);
      expect(deadline - Date.now()).toBeGreaterThan(29 * 60_000);
      expect(deadline - Date.now()).toBeLessThanOrEqual(30 * 60_000);
      expect((await entryOf(another, anotherEntry.id)).status).toBe('offered');
      expect(await entryOf(group, groupEntry.id)).toMatchObject({ status: 'waiting', position: 1 });
      expect(await availabilityWhen(event.id)).toMatchObject({
        booked: 0,
        held: 2,
        available: 0,
        waiting: 1,
      });
    });

    it('does not sell a held place to anyone else', async () => {
      const res = await book(stranger, { eventId: event.id, quantity: 1 });
      expect([res.status, res.json().code]).toEqual([409, 'SOLD_OUT']);
    });

    it("hides someone else's entry (404) and refuses accepting it", async () => {
      const res = await api('POST', `/waitlist/${singleEntry.id}/accept`, { caller: stranger });
      expect([res.status, res.json().code]).toEqual([404, 'WAITLIST_ENTRY_NOT_FOUND']);
      const leave = await api('DELETE', `/waitlist/${singleEntry.id}`, { caller: stranger });
      expect(leave.status).toBe(404);
    });

    it('refuses accepting an entry with nothing offered: NO_OFFER', async () => {
      const res = await api('POST', `/waitlist/${groupEntry.id}/accept`, { caller: group });
      expect([res.status, res.json().code]).toEqual([409, 'NO_OFFER']);
    });

    it('books the held place on accept, once per Idempotency-Key', async () => {
      const headers = { 'idempotency-key': `accept-${singleEntry.id}` };
      const first = await api('POST', `/waitlist/${singleEntry.id}/accept`, { caller: single, headers });
      expect(first.status).toBe(201);
      expect(first.json()).toMatchObject({ status: 'confirmed', eventId: event.id, quantity: 1, seats: [] });
      const again = await api('POST', `/waitlist/${singleEntry.id}/accept`, { caller: single, headers });
      expect([again.status, again.json().id]).toEqual([201, first.json().id]);
      expect(await entryOf(single, singleEntry.id)).toMatchObject({
        status: 'accepted',
        bookingId: first.json().id,
      });
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 1, held: 1, available: 0 });
      const mine = await api('GET', `/bookings/${first.json().id}`, { caller: single });
      expect(mine.json().status).toBe('confirmed');
    });

    it('refuses a second accept without the key: NO_OFFER', async () => {
      const res = await api('POST', `/waitlist/${singleEntry.id}/accept`, { caller: single });
      expect([res.status, res.json().code]).toEqual([409, 'NO_OFFER']);
    });

    it('refuses leaving an entry that is already closed: WAITLIST_ENTRY_CLOSED', async () => {
      const res = await api('DELETE', `/waitlist/${singleEntry.id}`, { caller: single });
      expect([res.status, res.json().code]).toEqual([409, 'WAITLIST_ENTRY_CLOSED']);
      expect(res.json().details).toEqual({ status: 'accepted' });
    });

    it('passes a declined offer on (the group still does not fit: the place becomes free)', async () => {
      const res = await api('POST', `/waitlist/${anotherEntry.id}/decline`, { caller: another });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ id: anotherEntry.id, status: 'declined', position: null });
      expect(await availabilityWhen(event.id)).toMatchObject({
        booked: 1,
        held: 0,
        available: 1,
        waiting: 1,
      });
    });

    it('offers the group its places once enough are free', async () => {
      // The holder cancels their second booking... they have none left: the organizer raises capacity.
      const res = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { capacity: 3 } });
      expect(res.status).toBe(200);
      const offered = await entryWhen(group, groupEntry.id, 'offered');
      expect(offered.quantity).toBe(2);
      expect(await availabilityWhen(event.id, (a) => a.capacity === 3)).toMatchObject({
        booked: 1,
        held: 2,
        available: 0,
        waiting: 0,
      });
    });

    it('passes the places on when an offered entry leaves, and leaving twice is fine', async () => {
      expect((await api('DELETE', `/waitlist/${groupEntry.id}`, { caller: group })).status).toBe(204);
      expect((await api('DELETE', `/waitlist/${groupEntry.id}`, { caller: group })).status).toBe(204);
      expect(await entryOf(group, groupEntry.id)).toMatchObject({ status: 'left', position: null });
      expect(await availabilityWhen(event.id)).toMatchObject({ booked: 1, held: 0, available: 2 });
    });

    it('refuses to decline what is not offered: NO_OFFER', async () => {
      const res = await api('POST', `/waitlist/${groupEntry.id}/decline`, { caller: group });
      expect([res.status, res.json().code]).toEqual([409, 'NO_OFFER']);
    });

    it("lists the event's entries in joining order for its organizer, and not for others", async () => {
      const res = await api('GET', `/waitlist/event/${event.id}`, { caller: organizer });
      expect(res.status).toBe(200);
      expect((res.json().items as Entry[]).map((e) => [e.id, e.status])).toEqual([
        [singleEntry.id, 'accepted'],
        [groupEntry.id, 'left'],
        [anotherEntry.id, 'declined'],
      ]);
      const other = await api('GET', `/waitlist/event/${event.id}`, { caller: single });
      expect([other.status, other.json().code]).toEqual([403, 'NOT_EVENT_ORGANIZER']);
    });
  });

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
      const offered = await entryOf(first, firstEntry.id);
      expect(offered.status).toBe('offered');

      const expired = await entryWhen(first, firstEntry.id, 'expired', 90_000);
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
    }, 120_000);
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
        expect(notice.body).toContain('UTC');
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
