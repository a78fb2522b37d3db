// booking-service's rules against its real database (medium tier): what one transaction writes, what a
// refusal leaves, concurrency, cancellation. No HTTP, no gateway, no other service.
import { randomUUID } from 'node:crypto';
import { codeOf } from '@evently/testing/medium';
import { BookingRepository } from '../../src/booking/booking.repository';
import { ApplyEventFacts } from '../../src/use-cases/apply-event-facts';
import { CancelBooking } from '../../src/use-cases/cancel-booking';
import { customer, seatsOf, useBookingMedium } from './booking-medium';

describe('booking-service, medium tier', () => {
  const m = useBookingMedium();

  it('sells places, counts the buyer’s tickets and writes booking.confirmed in one transaction', async () => {
    const event = await m.publish();
    const buyer = customer();
    const booking = await m.book(buyer, { eventId: event.eventId, quantity: 2 });
    expect(await m.soldOf(event.eventId)).toBe(2);
    const [tickets] = await m.svc.query<{ tickets: number }>(
      `SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2`,
      [event.eventId, buyer.id],
    );
    expect(tickets.tickets).toBe(2);
    expect((await m.outboxOf(event.eventId)).map((r) => r.routing_key)).toEqual(['booking.confirmed']);
    expect(booking).toMatchObject({ quantity: 2, status: 'confirmed', seats: [] });
  });

  it('leaves nothing written when it refuses (sold out)', async () => {
    const event = await m.publish({ capacity: 1 });
    await m.book(customer(), { eventId: event.eventId, quantity: 1 });
    const late = customer();
    expect(await codeOf(m.book(late, { eventId: event.eventId, quantity: 1 }))).toBe('SOLD_OUT');
    expect(await m.soldOf(event.eventId)).toBe(1);
    const rows = await m.svc.query<{ n: number }>(
      `SELECT (SELECT count(*)::int FROM bookings WHERE user_id = $1)
            + (SELECT count(*)::int FROM user_event_tickets WHERE user_id = $1) AS n`,
      [late.id],
    );
    expect(rows[0].n).toBe(0);
    expect(await m.outboxOf(event.eventId)).toHaveLength(1);
  });

  it('never oversells: 40 buyers at once for 7 places get exactly 7 bookings', async () => {
    const event = await m.publish({ capacity: 7 });
    const codes = await Promise.all(
      Array.from({ length: 40 }, () => codeOf(m.book(customer(), { eventId: event.eventId, quantity: 1 }))),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(7);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'SOLD_OUT')).toBe(true);
    expect(await m.soldOf(event.eventId)).toBe(7);
  });

  it('never sells one seat twice: 20 buyers at once for two overlapping seats', async () => {
    const event = await m.publish({ capacity: null, seats: seatsOf(['A-1-1', 'A-1-2', 'A-1-3']) });
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(
          m.book(customer(), {
            eventId: event.eventId,
            seats: i % 2 ? ['A-1-1', 'A-1-2'] : ['A-1-2', 'A-1-3'],
          }),
        ),
      ),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    const taken = await m.svc.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM seats WHERE event_id = $1 AND booking_id IS NOT NULL`,
      [event.eventId],
    );
    expect(taken[0].n).toBe(2);
  });

  it('refuses a seat already sold, or unknown, before the booking writes anything', async () => {
    const event = await m.publish({ capacity: null, seats: seatsOf(['C-1-1', 'C-1-2']) });
    await m.book(customer(), { eventId: event.eventId, seats: ['C-1-1'] });
    const repository = m.svc.get(BookingRepository);
    const writes = jest.spyOn(repository, 'addTickets');
    try {
      expect(await codeOf(m.book(customer(), { eventId: event.eventId, seats: ['C-1-2', 'C-1-1'] }))).toBe(
        'SEAT_UNAVAILABLE',
      );
      expect(await codeOf(m.book(customer(), { eventId: event.eventId, seats: ['C-1-9'] }))).toBe(
        'UNKNOWN_SEATS',
      );
      expect(writes).not.toHaveBeenCalled();
    } finally {
      writes.mockRestore();
    }
    expect(await codeOf(m.book(customer(), { eventId: event.eventId, seats: ['C-1-2'] }))).toBe('OK');
  });

  it('gives back places, seats and tickets when a booking is cancelled, with booking.cancelled', async () => {
    const event = await m.publish({ capacity: null, seats: seatsOf(['B-1-1', 'B-1-2']) });
    const buyer = customer();
    const booking = await m.book(buyer, { eventId: event.eventId, seats: ['B-1-2', 'B-1-1'] });
    const cancelled = await m.svc.get(CancelBooking).execute(buyer, booking.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'USER_CANCELLED' });
    const [state] = await m.svc.query<{ seats: number; tickets: number }>(
      `SELECT (SELECT count(*)::int FROM seats WHERE event_id = $1 AND booking_id IS NOT NULL) AS seats,
              (SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2) AS tickets`,
      [event.eventId, buyer.id],
    );
    expect(state).toEqual({ seats: 0, tickets: 0 });
    expect((await m.outboxOf(event.eventId)).map((r) => r.routing_key)).toEqual([
      'booking.confirmed',
      'booking.cancelled',
    ]);
  });

  it('cancels every booking of a cancelled event once, and sells nothing more', async () => {
    const event = await m.publish({ capacity: 10 });
    for (let i = 0; i < 3; i++) await m.book(customer(), { eventId: event.eventId, quantity: 1 });
    const fact = {
      eventId: event.eventId,
      reason: 'Flood',
      snapshot: { ...event, version: 3, status: 'cancelled' as const },
    };
    await m.svc.dataSource.transaction((manager) => m.svc.get(ApplyEventFacts).cancelled(manager, fact));
    await m.svc.dataSource.transaction((manager) => m.svc.get(ApplyEventFacts).cancelled(manager, fact));
    const keys = (await m.outboxOf(event.eventId)).map((r) => r.routing_key);
    expect(keys.filter((k) => k === 'booking.cancelled')).toHaveLength(3);
    expect(await m.soldOf(event.eventId)).toBe(0);
    expect(await codeOf(m.book(customer(), { eventId: event.eventId, quantity: 1 }))).toBe(
      'EVENT_NOT_BOOKABLE',
    );
  });

  it('reads the replica of an event as the snapshot stored it, with what it has sold', async () => {
    const event = await m.publish({ capacity: 9, venue: { name: 'Quay', city: 'Porto', address: 'Rua 1' } });
    await m.book(customer(), { eventId: event.eventId, quantity: 2 });
    expect({ ...(await m.inventory.find(event.eventId)) }).toEqual({
      eventId: event.eventId,
      eventVersion: event.version,
      organizerId: event.organizerId,
      title: event.title,
      status: 'published',
      visibility: event.visibility,
      venueName: 'Quay',
      venueCity: 'Porto',
      venueAddress: 'Rua 1',
      startsAt: new Date(event.startsAt),
      endsAt: new Date(event.endsAt),
      timeZone: 'Europe/Lisbon',
      capacity: 9,
      seatCount: 0,
      sold: 2,
      held: 0,
      waiting: 0,
      waitlistEnabled: event.waitlist.enabled,
      waitlistOfferMinutes: event.waitlist.offerMinutes,
      ticketTypes: event.ticketTypes,
      refundWindowHours: null,
      onSale: null,
    });
    expect(await m.inventory.find(randomUUID())).toBeNull();
  });

  it('ignores a snapshot older than the one held', async () => {
    const event = await m.publish({ capacity: 5, version: 4 });
    const applied = await m.svc.dataSource.transaction((manager) =>
      m.inventory.applySnapshot(manager, { ...event, version: 3, capacity: 1 }),
    );
    expect(applied).toBe(false);
    expect((await m.inventory.availability(event.eventId, undefined)).availability.capacity).toBe(5);
  });
});
