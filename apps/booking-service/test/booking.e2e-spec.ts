import type { BookingCancelledV1, BookingConfirmedV1 } from '@evently/contracts';
import {
  api,
  availabilityWhen,
  book,
  createEvent,
  makeCaller,
  onSaleEvent,
} from '@evently/testing/evently-api';
import { FactTap } from '@evently/testing/fact-tap';
import { queryServiceDb } from '@evently/testing/service-db';
import { createHash, randomUUID } from 'node:crypto';

describe('booking-service: bookings through the gateway', () => {
  let tap: FactTap;
  const organizer = makeCaller('organizer');
  const admin = makeCaller('admin');

  beforeAll(async () => {
    tap = await FactTap.open(['booking.*']);
  });
  afterAll(async () => {
    await tap.close();
  });

  describe('a general-admission booking', () => {
    const buyer = makeCaller('customer');
    let event: { id: string };
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
      const [fact] = await tap.waitFor<BookingConfirmedV1>(
        'booking.confirmed',
        (p) => p.bookingId === booking.id,
      );
      expect(fact.payload).toEqual({
        bookingId: booking.id,
        eventId: event.id,
        userId: buyer.id,
        quantity: 3,
        seats: [],
      });
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

    it("is in the buyer's list", async () => {
      const mine = await api('GET', '/bookings', { caller: buyer });
      expect(mine.json()).toEqual({ items: [booking], nextCursor: null });
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

  it('replays the same Idempotency-Key with the identical answer and refuses it for another request', async () => {
    const event = await onSaleEvent(organizer, { capacity: 10 });
    const buyer = makeCaller('customer');
    const key = randomUUID();
    const first = await book(buyer, { eventId: event.id, quantity: 2 }, key);
    const again = await book(buyer, { quantity: 2, eventId: event.id }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text()).toBe(first.text());
    expect((await availabilityWhen(event.id)).booked).toBe(2);

    const other = await book(buyer, { eventId: event.id, quantity: 3 }, key);
    expect(other.json()).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    // Scoped to the user: another user's identical key is a different request.
    const stranger = await book(makeCaller('customer'), { eventId: event.id, quantity: 2 }, key);
    expect(stranger.status).toBe(201);
    expect(stranger.json().id).not.toBe(first.json().id);

    // A refusal is replayed too: the same key gives the same 409 even after places were freed.
    const full = await onSaleEvent(organizer, { capacity: 1 });
    await book(makeCaller('customer'), { eventId: full.id, quantity: 1 });
    const refusalKey = randomUUID();
    const refused = await book(buyer, { eventId: full.id, quantity: 1 }, refusalKey);
    expect(refused.status).toBe(409);
    expect((await book(buyer, { eventId: full.id, quantity: 1 }, refusalKey)).text()).toBe(refused.text());
  });

  it('answers IDEMPOTENCY_IN_PROGRESS while the same key is in flight, and one booking for concurrent repeats', async () => {
    const event = await onSaleEvent(organizer, { capacity: 50 });
    const buyer = makeCaller('customer');
    const key = randomUUID();
    const body = { eventId: event.id, quantity: 1 };
    const results = await Promise.all(Array.from({ length: 10 }, () => book(buyer, body, key)));
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.text())).size).toBe(1);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.json()).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
    }
    expect((await availabilityWhen(event.id)).booked).toBe(1);

    // A request still running holds its key: a claim made a moment ago, with this request's hash, by an
    // instance that is alive.
    const heldKey = randomUUID();
    const hash = createHash('sha256')
      .update(JSON.stringify({ eventId: event.id, quantity: 1 }))
      .digest('hex');
    const claimedBy = async (key: string, instance: string) =>
      queryServiceDb(
        'booking-service',
        `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at, claim_token, claimed_by)
         VALUES ($1, $2, $3, 'in_flight', now() + interval '1 hour', gen_random_uuid(), ${instance})`,
        [buyer.id, key, hash],
      );
    await claimedBy(heldKey, `(SELECT id FROM booking_instances ORDER BY seen_at DESC LIMIT 1)`);
    const inFlight = await book(buyer, body, heldKey);
    expect(inFlight.json()).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('takes over at once a key held in flight by an instance that died (no heartbeat)', async () => {
    const event = await onSaleEvent(organizer, { capacity: 5 });
    const buyer = makeCaller('customer');
    const body = { eventId: event.id, quantity: 1 };
    const key = randomUUID();
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    await queryServiceDb(
      'booking-service',
      `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at, claim_token, claimed_by)
       VALUES ($1, $2, $3, 'in_flight', now() + interval '1 hour', gen_random_uuid(), gen_random_uuid())`,
      [buyer.id, key, hash],
    );
    const retry = await book(buyer, body, key);
    expect(retry.status).toBe(201);
    expect((await availabilityWhen(event.id, (a) => a.booked === 1)).booked).toBe(1);
  });

  it('cancels: places come back at once, others can book them, and booking.cancelled goes out', async () => {
    const event = await onSaleEvent(organizer, { capacity: 1 });
    const holder = makeCaller('customer');
    const booking = (await book(holder, { eventId: event.id, quantity: 1 })).json();
    const other = makeCaller('customer');
    expect((await book(other, { eventId: event.id, quantity: 1 })).json().code).toBe('SOLD_OUT');

    expect((await api('POST', `/bookings/${booking.id}/cancel`, { caller: other })).status).toBe(404);
    expect((await api('POST', `/bookings/${booking.id}/cancel`, { caller: organizer })).json().code).toBe(
      'NOT_BOOKING_HOLDER',
    );
    const cancel = await api('POST', `/bookings/${booking.id}/cancel`, { caller: holder });
    expect(cancel.status).toBe(200);
    expect(cancel.json()).toMatchObject({
      id: booking.id,
      status: 'cancelled',
      cancelReason: 'USER_CANCELLED',
    });
    const twice = await api('POST', `/bookings/${booking.id}/cancel`, { caller: holder });
    expect(twice.json()).toMatchObject({ statusCode: 409, code: 'BOOKING_NOT_CANCELLABLE' });

    expect((await book(other, { eventId: event.id, quantity: 1 })).status).toBe(201);
    const [fact] = await tap.waitFor<BookingCancelledV1>(
      'booking.cancelled',
      (p) => p.bookingId === booking.id,
    );
    expect(fact.payload).toMatchObject({
      eventId: event.id,
      userId: holder.id,
      quantity: 1,
      reason: 'USER_CANCELLED',
    });

    // Seats too; and an admin may cancel anyone's booking.
    const seated = await onSaleEvent(organizer, {
      capacity: undefined,
      seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 2 }] },
    });
    const seatBooking = (await book(holder, { eventId: seated.id, seats: ['A-1-1'] })).json();
    const byAdmin = await api('POST', `/bookings/${seatBooking.id}/cancel`, { caller: admin });
    expect(byAdmin.json()).toMatchObject({ status: 'cancelled', cancelReason: 'ADMIN_CANCELLED' });
    expect((await book(other, { eventId: seated.id, seats: ['A-1-1'] })).status).toBe(201);
  });

  it('cancels every booking of a cancelled event with EVENT_CANCELLED, one fact each', async () => {
    const event = await onSaleEvent(organizer, { capacity: 100 });
    const buyers = Array.from({ length: 12 }, () => makeCaller('customer'));
    const ids = await Promise.all(
      buyers.map(async (b) => (await book(b, { eventId: event.id, quantity: 2 })).json().id as string),
    );
    const cancel = await api('POST', `/events/${event.id}/cancel`, {
      caller: organizer,
      body: { reason: 'Storm' },
    });
    expect(cancel.status).toBe(200);
    const facts = await tap.waitFor<BookingCancelledV1>(
      'booking.cancelled',
      (p) => p.eventId === event.id,
      12,
    );
    expect(facts.map((f) => f.payload.bookingId).sort()).toEqual([...ids].sort());
    expect(facts.every((f) => f.payload.reason === 'EVENT_CANCELLED')).toBe(true);
    for (const buyer of buyers.slice(0, 3)) {
      const [mine] = (await api('GET', '/bookings', { caller: buyer })).json().items;
      expect(mine).toMatchObject({ status: 'cancelled', cancelReason: 'EVENT_CANCELLED' });
    }
    expect(await availabilityWhen(event.id)).toMatchObject({
      status: 'cancelled',
      bookable: false,
      booked: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      tap.facts.filter(
        (f) => f.type === 'booking.cancelled' && (f.payload as BookingCancelledV1).eventId === event.id,
      ),
    ).toHaveLength(12);
  });
});
