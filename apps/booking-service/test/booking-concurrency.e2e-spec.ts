import { api, book, makeCaller, onSaleEvent, availabilityWhen } from '@evently/testing/evently-api';
import { queryServiceDb } from '@evently/testing/service-db';

/** Fires every request at once (each from its own client address) and waits for all answers. */
const race = <T>(n: number, request: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => request(i)));

describe('booking-service under concurrency (through the gateway, two instances, real PostgreSQL)', () => {
  const organizer = makeCaller('organizer');

  it('sells exactly 50 of 50 places to 200 concurrent buyers, and refuses the rest with SOLD_OUT', async () => {
    const event = await onSaleEvent(organizer, { capacity: 50 });
    const results = await race(200, () => book(makeCaller('customer'), { eventId: event.id, quantity: 1 }));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.json().code as string))).toEqual(
      new Set(['SOLD_OUT']),
    );

    expect(await availabilityWhen(event.id)).toMatchObject({ capacity: 50, booked: 50, available: 0 });
    const [row] = await queryServiceDb<{ confirmed: number; places: number }>(
      'booking-service',
      `SELECT count(*)::int AS confirmed, coalesce(sum(quantity), 0)::int AS places FROM bookings
       WHERE event_id = $1 AND status = 'confirmed'`,
      [event.id],
    );
    expect(row).toEqual({ confirmed: 50, places: 50 });
  });

  it('gives each of 3 seats to exactly one of 100 concurrent buyers', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: undefined,
      seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 3 }] },
    });
    const labels = ['A-1-1', 'A-1-2', 'A-1-3'];
    const results = await race(100, (i) =>
      book(makeCaller('customer'), { eventId: event.id, seats: [labels[i % 3]] }),
    );
    const winners = results.filter((r) => r.status === 201).map((r) => r.json().seats as string[]);
    expect(winners.flat().sort()).toEqual(labels);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers).toHaveLength(97);
    for (const loser of losers)
      expect(loser.json()).toMatchObject({ statusCode: 409, code: 'SEAT_UNAVAILABLE' });
    expect(await availabilityWhen(event.id)).toMatchObject({ capacity: 3, booked: 3, available: 0 });
  });

  it('never half-books overlapping multi-seat requests', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: undefined,
      seating: { sections: [{ name: 'B', rows: 2, seatsPerRow: 5 }] },
    });
    const seat = (n: number) => `B-${1 + Math.floor(n / 5)}-${1 + (n % 5)}`;
    // Each asks for 3 consecutive seats of 10, overlapping its neighbours, from both ends (deadlock bait).
    const results = await race(60, (i) => {
      const start = i % 8;
      const wanted = [seat(start), seat(start + 1), seat(start + 2)];
      return book(makeCaller('customer'), { eventId: event.id, seats: i % 2 ? wanted.reverse() : wanted });
    });
    expect(results.every((r) => r.status === 201 || r.json().code === 'SEAT_UNAVAILABLE')).toBe(true);
    const won = results.filter((r) => r.status === 201).map((r) => r.json().seats as string[]);
    expect(won.length).toBeGreaterThan(0);
    expect(won.every((seats) => seats.length === 3)).toBe(true);
    const taken = won.flat();
    expect(new Set(taken).size).toBe(taken.length);

    const seats = await queryServiceDb<{
      label: string;
      booking_id: string | null;
      booking_seats: string[] | null;
    }>(
      'booking-service',
      `SELECT s.label, s.booking_id, b.seats AS booking_seats FROM seats s LEFT JOIN bookings b ON b.id = s.booking_id
       WHERE s.event_id = $1`,
      [event.id],
    );
    const held = seats.filter((s) => s.booking_id !== null);
    expect(held.map((s) => s.label).sort()).toEqual([...taken].sort());
    expect(held.every((s) => s.booking_seats?.includes(s.label))).toBe(true);
  });

  it('keeps the per-user limit under concurrent requests of one user', async () => {
    const event = await onSaleEvent(organizer, { capacity: 100 });
    const buyer = makeCaller('customer');
    const results = await race(8, () => book(buyer, { eventId: event.id, quantity: 3 }));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).map((r) => r.json().code as string)).toEqual(
      Array(5).fill('LIMIT_EXCEEDED'),
    );
    const mine = await api('GET', '/bookings?limit=100', { caller: buyer });
    expect(mine.json().items).toHaveLength(3);
  });

  it.each(['general admission', 'reserved seating'])(
    'leaves no confirmed booking when an event is cancelled in the middle of a rush (%s)',
    async (mode) => {
      const event = await onSaleEvent(
        organizer,
        mode === 'general admission'
          ? { capacity: 500 }
          : { capacity: undefined, seating: { sections: [{ name: 'A', rows: 10, seatsPerRow: 50 }] } },
      );
      const body = (i: number) =>
        mode === 'general admission'
          ? { eventId: event.id, quantity: 1 }
          : { eventId: event.id, seats: [`A-${1 + Math.floor(i / 50)}-${1 + (i % 50)}`] };
      const rush = race(150, (i) => book(makeCaller('customer'), body(i)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const cancel = await api('POST', `/events/${event.id}/cancel`, { caller: organizer, body: {} });
      expect(cancel.status).toBe(200);
      const results = await rush;
      const unexpected = results.filter((r) => r.status !== 201 && r.json().code !== 'EVENT_NOT_BOOKABLE');
      expect(unexpected.map((r) => `${r.status} ${r.text()}`)).toEqual([]);

      await availabilityWhen(event.id, (a) => a.status === 'cancelled' && a.booked === 0);
      const rows = await queryServiceDb<{ status: string; n: number }>(
        'booking-service',
        `SELECT status, count(*)::int AS n FROM bookings WHERE event_id = $1 GROUP BY status`,
        [event.id],
      );
      expect(rows.filter((r) => r.status === 'confirmed')).toEqual([]);
      const [tickets] = await queryServiceDb<{ held: number }>(
        'booking-service',
        `SELECT coalesce(sum(tickets), 0)::int AS held FROM user_event_tickets WHERE event_id = $1`,
        [event.id],
      );
      expect(tickets.held).toBe(0);
    },
  );
});
