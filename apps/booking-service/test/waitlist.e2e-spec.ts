import { api, availabilityWhen, book, Caller, EventBody, makeCaller } from '@evently/testing/evently-api';
import { Entry, join, joined, entryOf, entryWhen, cancelBooking, soldOut } from './waitlist.helpers';

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
});
