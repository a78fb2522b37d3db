import type { BookingConfirmedV1 } from '@evently/contracts';
import {
  api,
  availabilityWhen,
  book,
  type EventBody,
  createEvent,
  makeCaller,
  onSaleEvent,
} from '@evently/testing/evently-api';
import { useFactTap } from '@evently/testing/fact-tap';
import { randomUUID } from 'node:crypto';

describe('booking-service: bookings through the gateway', () => {
  const facts = useFactTap(['booking.*']);
  const organizer = makeCaller('organizer');
  const admin = makeCaller('admin');

  describe('a general-admission booking', () => {
    const buyer = makeCaller('customer');
    let event: EventBody;
    let booking: Record<string, unknown> & { id: string };

    beforeAll(async () => {
      event = await onSaleEvent(organizer, { capacity: 10 });
      const res = await book(buyer, { eventId: event.id, quantity: 3 });
      expect(res.status).toBe(201);
      booking = res.json();
    });

    it('is confirmed for the buyer with the quantity and a creation time', () => {
      expect(booking).toMatchObject({
        eventId: event.id,
        status: 'confirmed',
        quantity: 3,
        seats: [],
        userId: buyer.id,
      });
      expect(Date.parse(booking.createdAt as string)).not.toBeNaN();
    });

    it('shows in availability', async () => {
      expect(await availabilityWhen(event.id)).toMatchObject({
        capacity: 10,
        booked: 3,
        available: 7,
        bookable: true,
      });
    });

    it('publishes booking.confirmed with the booking', async () => {
      const [fact] = await facts.tap.waitFor<BookingConfirmedV1>(
        'booking.confirmed',
        (p) => p.bookingId === booking.id,
      );
      expect(fact.payload).toEqual({
        bookingId: booking.id,
        eventId: event.id,
        userId: buyer.id,
        quantity: 3,
        seats: [],
        // Its tickets, one per place, with their signed codes (the confirmation email's QR codes).
        tickets: [1, 2, 3].map(() => ({
          ticketId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          code: expect.stringMatching(/^[A-Za-z0-9_-]{130}$/),
          seat: null,
        })),
      });
      const tickets = (await api('GET', `/bookings/${booking.id}/tickets`, { caller: buyer })).json() as {
        items: { id: string; code: string }[];
      };
      expect(tickets.items.map((t) => [t.id, t.code])).toEqual(
        fact.payload.tickets!.map((t) => [t.ticketId, t.code]),
      );
    });

    it('is readable by its holder, the organizer and an admin', async () => {
      expect((await api('GET', `/bookings/${booking.id}`, { caller: buyer })).json()).toEqual(booking);
      expect((await api('GET', `/bookings/${booking.id}`, { caller: organizer })).status).toBe(200);
      expect((await api('GET', `/bookings/${booking.id}`, { caller: admin })).status).toBe(200);
    });

    it('does not exist for anyone else, and needs a token', async () => {
      expect((await api('GET', `/bookings/${booking.id}`, { caller: makeCaller('customer') })).status).toBe(
        404,
      );
      expect((await api('GET', `/bookings/${booking.id}`, { caller: makeCaller('organizer') })).status).toBe(
        404,
      );
      expect((await api('GET', `/bookings/${booking.id}`)).status).toBe(401);
    });

    it("is in the buyer's list, with what the list shows of its event", async () => {
      const mine = await api('GET', '/bookings', { caller: buyer });
      expect(mine.json()).toEqual({
        items: [
          {
            ...booking,
            event: {
              title: event.title,
              startsAt: event.startsAt,
              endsAt: event.endsAt,
              timeZone: 'Europe/Lisbon',
              venue: { name: event.venue.name, city: event.venue.city },
              status: 'published',
            },
          },
        ],
        nextCursor: null,
      });
    });

    it("is in the event's list for its organizer and an admin", async () => {
      expect((await api('GET', `/bookings/event/${event.id}`, { caller: organizer })).json().items).toEqual([
        booking,
      ]);
      expect((await api('GET', `/bookings/event/${event.id}`, { caller: admin })).status).toBe(200);
    });

    it("keeps the event's list from other organizers and buyers (403)", async () => {
      const byOther = await api('GET', `/bookings/event/${event.id}`, { caller: makeCaller('organizer') });
      expect(byOther.json()).toMatchObject({ statusCode: 403, code: 'NOT_EVENT_ORGANIZER' });
      expect((await api('GET', `/bookings/event/${event.id}`, { caller: buyer })).status).toBe(403);
    });
  });

  it('pages my bookings newest first without duplicates', async () => {
    const event = await onSaleEvent(organizer, { capacity: 50 });
    const buyer = makeCaller('customer');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await book(buyer, { eventId: event.id, quantity: 1 })).json().id as string);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await api('GET', `/bookings?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { caller: buyer })
      ).json();
      seen.push(...(page.items as { id: string }[]).map((b) => b.id));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('books seats all or nothing and names the taken or unknown ones', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: undefined,
      seating: { sections: [{ name: 'A', rows: 2, seatsPerRow: 3 }] },
    });
    const first = await book(makeCaller('customer'), { eventId: event.id, seats: ['A-1-2', 'A-1-1'] });
    expect(first.status).toBe(201);
    expect(first.json()).toMatchObject({ quantity: 2, seats: ['A-1-1', 'A-1-2'] });

    const overlap = await book(makeCaller('customer'), { eventId: event.id, seats: ['A-1-2', 'A-1-3'] });
    expect(overlap.status).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'SEAT_UNAVAILABLE', details: { seats: ['A-1-2'] } });
    const unknown = await book(makeCaller('customer'), { eventId: event.id, seats: ['A-1-3', 'C-9-9'] });
    expect(unknown.json()).toMatchObject({
      statusCode: 422,
      code: 'UNKNOWN_SEATS',
      details: { seats: ['C-9-9'] },
    });
    const quantity = await book(makeCaller('customer'), { eventId: event.id, quantity: 1 });
    expect(quantity.json()).toMatchObject({ statusCode: 422, code: 'ADMISSION_MISMATCH' });

    const availability = await availabilityWhen(event.id);
    expect(availability).toMatchObject({ capacity: 6, booked: 2, available: 4 });
    expect(availability.seats?.filter((s) => s.status === 'booked').map((s) => s.label)).toEqual([
      'A-1-1',
      'A-1-2',
    ]);
    expect(availability.seats?.[0]).toEqual({
      label: 'A-1-1',
      section: 'A',
      row: 1,
      number: 1,
      // Sold as its section's ticket type: the event's one free type.
      ticketTypeId: event.ticketTypes[0].id,
      status: 'booked',
    });
  });

  it('rejects bad requests with 400 and unknown events with 404', async () => {
    const event = await onSaleEvent(organizer, { capacity: 10 });
    const buyer = makeCaller('customer');
    for (const body of [
      { eventId: event.id },
      { eventId: event.id, quantity: 1, seats: ['A-1-1'] },
      { eventId: event.id, quantity: 0 },
      { eventId: event.id, quantity: 11 },
      { eventId: event.id, seats: [] },
      { eventId: event.id, seats: ['A-1-1', 'A-1-1'] },
      { eventId: event.id, seats: ['seat one'] },
      { eventId: event.id, seats: Array.from({ length: 11 }, (_, i) => `A-1-${i + 1}`) },
      { eventId: 'nope', quantity: 1 },
      { eventId: event.id, quantity: 1, price: 0 },
    ]) {
      const res = await book(buyer, body);
      expect({ body, status: res.status, code: res.json().code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect((await book(buyer, { eventId: randomUUID(), quantity: 1 })).json()).toMatchObject({
      statusCode: 404,
      code: 'EVENT_NOT_FOUND',
    });
    // A draft is known only to event-service and its organizer: to booking-service it does not exist yet.
    const draft = await createEvent(organizer);
    expect((await book(buyer, { eventId: draft.id, quantity: 1 })).status).toBe(404);
    expect((await api('GET', `/availability/${draft.id}`)).status).toBe(404);
    expect((await book(buyer, { eventId: event.id, quantity: 1 }, 'bad key with spaces')).status).toBe(400);
  });

  it('refuses sold out, over the per-user limit, started and cancelled events', async () => {
    const small = await onSaleEvent(organizer, { capacity: 3 });
    const buyer = makeCaller('customer');
    expect((await book(buyer, { eventId: small.id, quantity: 2 })).status).toBe(201);
    const tooMany = await book(makeCaller('customer'), { eventId: small.id, quantity: 2 });
    expect(tooMany.json()).toMatchObject({
      statusCode: 409,
      code: 'SOLD_OUT',
      details: { available: 1, requested: 2 },
    });

    const big = await onSaleEvent(organizer, { capacity: 100 });
    expect((await book(buyer, { eventId: big.id, quantity: 10 })).status).toBe(201);
    const eleventh = await book(buyer, { eventId: big.id, quantity: 1 });
    expect(eleventh.json()).toMatchObject({
      statusCode: 409,
      code: 'LIMIT_EXCEEDED',
      details: { limit: 10 },
    });

    const soon = await onSaleEvent(organizer, {
      startsAt: new Date(Date.now() + 1500).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const started = await book(buyer, { eventId: soon.id, quantity: 1 });
    expect(started.json()).toMatchObject({ statusCode: 409, code: 'EVENT_NOT_BOOKABLE' });

    await api('POST', `/events/${big.id}/cancel`, { caller: organizer, body: {} });
    await availabilityWhen(big.id, (a) => a.status === 'cancelled');
    const cancelled = await book(makeCaller('customer'), { eventId: big.id, quantity: 1 });
    expect(cancelled.json()).toMatchObject({
      statusCode: 409,
      code: 'EVENT_NOT_BOOKABLE',
      details: { status: 'cancelled' },
    });
  });
});
