// Bookings through the gateway, continued: Idempotency-Key replays, keys in flight and taken over, and
// cancellation (by the holder, and of a whole cancelled event).
import type { BookingCancelledV1 } from '@evently/contracts';
import { api, availabilityWhen, book, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { useFactTap } from '@evently/testing/fact-tap';
import { queryServiceDb } from '@evently/testing/service-db';
import { createHash, randomUUID } from 'node:crypto';

describe('booking-service: Idempotency-Keys and cancellation through the gateway', () => {
  const facts = useFactTap(['booking.*']);
  const organizer = makeCaller('organizer');
  const admin = makeCaller('admin');

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
    const [fact] = await facts.tap.waitFor<BookingCancelledV1>(
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
    const cancelled = await facts.tap.waitFor<BookingCancelledV1>(
      'booking.cancelled',
      (p) => p.eventId === event.id,
      12,
    );
    expect(cancelled.map((f) => f.payload.bookingId).sort()).toEqual([...ids].sort());
    expect(cancelled.every((f) => f.payload.reason === 'EVENT_CANCELLED')).toBe(true);
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
      facts.tap.facts.filter(
        (f) => f.type === 'booking.cancelled' && (f.payload as BookingCancelledV1).eventId === event.id,
      ),
    ).toHaveLength(12);
  });
});
