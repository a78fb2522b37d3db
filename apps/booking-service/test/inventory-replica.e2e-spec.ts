import type { EventSnapshot } from '@evently/contracts';
import { availabilityWhen, book, makeCaller } from '@evently/testing/evently-api';
import { FactTap } from '@evently/testing/fact-tap';
import { makeEventSnapshot } from '@evently/testing/facts';
import { queryServiceDb } from '@evently/testing/service-db';

const HOUR = 3_600_000;

/** Facts as event-service would write them, published straight to the exchange. */
const snapshot = (overrides: Partial<EventSnapshot> = {}): EventSnapshot =>
  makeEventSnapshot({
    title: 'Replica test',
    startsAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    endsAt: new Date(Date.now() + 50 * HOUR).toISOString(),
    venue: { name: 'Hall', city: 'Porto', address: null },
    capacity: 5,
    ...overrides,
  });

describe('booking-service: inventory replica fed by event facts', () => {
  let tap: FactTap;
  beforeAll(async () => {
    tap = await FactTap.open([]);
  });
  afterAll(async () => {
    await tap.close();
  });

  it('follows publish, update and cancel; duplicates and stale versions change nothing', async () => {
    const published = snapshot();
    const fact = await tap.publish('event.published', published, { producer: 'event-service' });
    await tap.publish('event.published', published, { id: fact.id, producer: 'event-service' });
    await tap.publish('event.published', published, { producer: 'event-service' });
    expect(await availabilityWhen(published.eventId)).toMatchObject({
      capacity: 5,
      available: 5,
      bookable: true,
    });

    const buyer = makeCaller('customer');
    expect((await book(buyer, { eventId: published.eventId, quantity: 4 })).status).toBe(201);

    // Shrunk below what is sold: nothing is revoked, there is simply nothing left to sell.
    const shrunk = { ...published, version: 3, capacity: 2 };
    await tap.publish('event.updated', {
      eventId: published.eventId,
      changed: ['capacity'],
      snapshot: shrunk,
    });
    await availabilityWhen(published.eventId, (a) => a.capacity === 2);
    expect(await availabilityWhen(published.eventId)).toMatchObject({ capacity: 2, booked: 4, available: 0 });
    expect(
      (await book(makeCaller('customer'), { eventId: published.eventId, quantity: 1 })).json().code,
    ).toBe('SOLD_OUT');
    const [held] = await queryServiceDb<{ status: string }>(
      'booking-service',
      `SELECT status FROM bookings WHERE event_id = $1`,
      [published.eventId],
    );
    expect(held.status).toBe('confirmed');

    // An older fact arriving late (after a retry) does not roll the replica back.
    await tap.publish('event.updated', {
      eventId: published.eventId,
      changed: ['capacity'],
      snapshot: { ...published, capacity: 50 },
    });
    const grown = { ...published, version: 4, capacity: 10 };
    await tap.publish('event.updated', {
      eventId: published.eventId,
      changed: ['capacity'],
      snapshot: grown,
    });
    await availabilityWhen(published.eventId, (a) => a.capacity === 10);
    expect(await availabilityWhen(published.eventId)).toMatchObject({
      capacity: 10,
      booked: 4,
      available: 6,
    });

    const cancelled = {
      eventId: published.eventId,
      reason: 'Venue flooded',
      snapshot: { ...published, version: 5, status: 'cancelled' as const },
    };
    const cancelFact = await tap.publish('event.cancelled', cancelled, { producer: 'event-service' });
    await tap.publish('event.cancelled', cancelled, { id: cancelFact.id, producer: 'event-service' });
    await tap.publish('event.cancelled', cancelled, { producer: 'event-service' });
    await availabilityWhen(published.eventId, (a) => a.status === 'cancelled');
    const rows = await queryServiceDb<{ status: string; cancel_reason: string }>(
      'booking-service',
      `SELECT status, cancel_reason FROM bookings WHERE event_id = $1`,
      [published.eventId],
    );
    expect(rows).toEqual([{ status: 'cancelled', cancel_reason: 'EVENT_CANCELLED' }]);
    const [outbox] = await queryServiceDb<{ n: number }>(
      'booking-service',
      `SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'booking.cancelled' AND envelope->'payload'->>'eventId' = $1`,
      [published.eventId],
    );
    expect(outbox.n).toBe(1);
  });

  it('adds seats from an updated plan and never removes any', async () => {
    const seat = (label: string) => {
      const [section, row, number] = label.split('-');
      return { label, section, row: Number(row), number: Number(number) };
    };
    const published = snapshot({ capacity: null, seats: ['A-1-1', 'A-1-2'].map(seat) });
    await tap.publish('event.published', published);
    await availabilityWhen(published.eventId);
    await book(makeCaller('customer'), { eventId: published.eventId, seats: ['A-1-2'] });
    const grown = { ...published, version: 3, seats: ['A-1-1', 'A-1-2', 'A-1-3', 'B-1-1'].map(seat) };
    await tap.publish('event.updated', { eventId: published.eventId, changed: ['seating'], snapshot: grown });
    const availability = await availabilityWhen(published.eventId, (a) => a.capacity === 4);
    expect(availability.seats?.map((s) => [s.label, s.status])).toEqual([
      ['A-1-1', 'available'],
      ['A-1-2', 'booked'],
      ['A-1-3', 'available'],
      ['B-1-1', 'available'],
    ]);
  });
});
