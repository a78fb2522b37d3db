// General-admission places are claimed in a statement of their own before the booking's transaction
// (place_claims): the claim must never outlive a booking that was not written.
import { api, availabilityWhen, book, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { queryServiceDb } from '@evently/testing/service-db';

const claimsOf = async (eventId: string) =>
  (
    await queryServiceDb<{ n: number }>(
      'booking-service',
      'SELECT count(*)::int AS n FROM place_claims WHERE event_id = $1',
      [eventId],
    )
  )[0].n;

describe('claimed places (through the gateway, two instances)', () => {
  const organizer = makeCaller('organizer');

  it('leaves no claim behind a rush: every place is a booking or free again', async () => {
    const event = await onSaleEvent(organizer, { capacity: 30 });
    const buyers = Array.from({ length: 8 }, () => makeCaller('customer'));
    // 8 buyers x 12 requests of 1: sold out at 30, and each buyer's 11th and 12th are over the limit of 10.
    const results = await Promise.all(
      Array.from({ length: 96 }, (_, i) => book(buyers[i % 8], { eventId: event.id, quantity: 1 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(30);
    const codes = new Set(results.filter((r) => r.status !== 201).map((r) => r.json().code as string));
    expect([...codes].every((c) => c === 'SOLD_OUT' || c === 'LIMIT_EXCEEDED')).toBe(true);
    expect(await availabilityWhen(event.id)).toMatchObject({ booked: 30, available: 0 });
    expect(await claimsOf(event.id)).toBe(0);
  });

  it('gives back the places of a booking refused after its claim (over the per-person limit)', async () => {
    const event = await onSaleEvent(organizer, { capacity: 20 });
    const buyer = makeCaller('customer');
    expect((await book(buyer, { eventId: event.id, quantity: 8 })).status).toBe(201);
    const refused = await book(buyer, { eventId: event.id, quantity: 3 });
    expect(refused.status).toBe(409);
    expect(refused.json().code).toBe('LIMIT_EXCEEDED');
    expect(await availabilityWhen(event.id)).toMatchObject({ booked: 8, available: 12 });
    expect(await claimsOf(event.id)).toBe(0);
  });

  it("gives back a dead process's claim after the TTL and offers the places to the waiting list", async () => {
    const event = await onSaleEvent(organizer, { capacity: 3 });
    expect((await book(makeCaller('customer'), { eventId: event.id, quantity: 2 })).status).toBe(201);
    // What a process that died between claiming and committing leaves: a claim (of an hour ago) and no booking.
    const dead = makeCaller('customer');
    const [claimed] = await queryServiceDb<{ claim_id: string }>(
      'booking-service',
      'SELECT claim_id FROM claim_places($1, $2, 1, 10)',
      [event.id, dead.id],
    );
    expect(claimed.claim_id).toEqual(expect.any(String));
    await queryServiceDb(
      'booking-service',
      `UPDATE place_claims SET created_at = now() - interval '1 hour' WHERE id = $1`,
      [claimed.claim_id],
    );
    const waiting = makeCaller('customer');
    const joined = await api('POST', '/waitlist', {
      caller: waiting,
      body: { eventId: event.id, quantity: 1 },
    });
    // Sold out (the dead claim counts) until the sweeper runs; or already swept, then the place is free.
    if (joined.status === 201) {
      const entry = await eventually(async () => {
        const mine = await api('GET', '/waitlist', { caller: waiting });
        const [first] = (mine.json() as { items: { status: string }[] }).items;
        return first?.status === 'offered' ? first : undefined;
      }, 30_000);
      expect(entry.status).toBe('offered');
    } else {
      expect(joined.json().code).toBe('TICKETS_AVAILABLE');
    }
    await eventually(async () => ((await claimsOf(event.id)) === 0 ? true : undefined), 30_000);
    expect(await availabilityWhen(event.id)).toMatchObject({ booked: 2 });
    const [tickets] = await queryServiceDb<{ tickets: number }>(
      'booking-service',
      'SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2',
      [event.id, dead.id],
    );
    expect(tickets.tickets).toBe(0);
  });
});
