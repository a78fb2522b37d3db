// Orders at the scale: 500 buyers race for a type with a quota of 50 inside an event of 500, and holds
// awaiting payment lapse while the sale goes on. Nothing is oversold and nothing is lost: at the end, every
// place counted as taken belongs to a confirmed booking or a live hold, per type and for the event.
import { api, availabilityWhen, book, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { queryServiceDb } from '@evently/testing/service-db';

/** Places taken of each type (confirmed or held) by the bookings, beside what ticket_type_sales counts. */
async function ledgerOfPlaces(eventId: string) {
  const rows = await queryServiceDb<{ ticket_type_id: string; booked: number; counted: number }>(
    'booking-service',
    `SELECT s.ticket_type_id, coalesce(b.booked, 0)::int AS booked, s.sold AS counted
     FROM ticket_type_sales s
     LEFT JOIN (SELECT line->>'ticketTypeId' AS ticket_type_id, sum((line->>'quantity')::int) AS booked
                FROM bookings, jsonb_array_elements(items) AS line
                WHERE event_id = $1 AND status IN ('confirmed', 'pending_payment') GROUP BY 1) b
       ON b.ticket_type_id = s.ticket_type_id::text
     WHERE s.event_id = $1 ORDER BY 1`,
    [eventId],
  );
  const [inventory] = await queryServiceDb<{ sold: number; taken: number; capacity: number }>(
    'booking-service',
    `SELECT i.sold, i.capacity,
            (SELECT coalesce(sum(quantity), 0)::int FROM bookings
             WHERE event_id = $1 AND status IN ('confirmed', 'pending_payment')) AS taken
     FROM inventory i WHERE i.event_id = $1`,
    [eventId],
  );
  return { types: rows, inventory };
}

/** One buyer's order of one `typeId`, made again (after a pause) while the service answers 503 busy. */
async function orderRetryingBusy(eventId: string, typeId: string, quantity = 1) {
  const buyer = makeCaller('customer');
  for (let attempt = 1; ; attempt++) {
    const res = await book(buyer, { eventId, items: [{ ticketTypeId: typeId, quantity }] });
    if (res.status !== 503 || attempt === 10) return res;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

describe('orders under a rush', () => {
  const organizer = makeCaller('organizer');

  it('sells exactly 50 of a type capped at 50 when 500 buyers race for it in an event of 500', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: 500,
      ticketTypes: [
        { name: 'Early bird', price: { amount: 0, currency: 'EUR' }, quota: 50 },
        { name: 'Standard', price: { amount: 0, currency: 'EUR' } },
      ],
    });
    const early = event.ticketTypes[0].id;
    // A 503 (busy: nothing written, Retry-After) is asked again, as a buyer's app would.
    const answers = await Promise.all(Array.from({ length: 500 }, () => orderRetryingBusy(event.id, early)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(
      new Set(answers.filter((a) => a.status !== 201).map((a) => (a.json() as { code: string }).code)),
    ).toEqual(new Set(['SOLD_OUT']));
    const { types, inventory } = await ledgerOfPlaces(event.id);
    expect(types).toEqual([{ ticket_type_id: early, booked: 50, counted: 50 }]);
    expect(inventory).toMatchObject({ sold: 50, taken: 50 });
    await availabilityWhen(event.id, (a) => a.available === 450);
  }, 120_000);

  it('loses and oversells nothing when holds lapse while buyers keep ordering', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: 60,
      ticketTypes: [
        { name: 'Standard', price: { amount: 2000, currency: 'EUR' }, quota: 40 },
        { name: 'Crew', price: { amount: 0, currency: 'EUR' } },
      ],
    });
    const [standard, crew] = event.ticketTypes.map((t) => t.id);
    const order = (ticketTypeId: string, quantity: number) =>
      orderRetryingBusy(event.id, ticketTypeId, quantity);
    // 40 holds of Standard that will lapse unpaid (BOOKING_HOLD_SECONDS is 20 on the test stack), and 20 free
    // places of Crew: the event is full.
    const first = await Promise.all([
      ...Array.from({ length: 20 }, () => order(standard, 2)),
      ...Array.from({ length: 20 }, () => order(crew, 1)),
    ]);
    expect(first.filter((a) => a.status === 201)).toHaveLength(40);
    await availabilityWhen(event.id, (a) => a.available === 0);
    // Waves of buyers keep coming while the holds lapse: refused while full, served as places come back.
    const served: string[] = [];
    const started = Date.now();
    while (Date.now() - started < 35_000 && served.length < 40) {
      const wave = await Promise.all(Array.from({ length: 20 }, () => order(standard, 1)));
      for (const answer of wave) {
        if (answer.status === 201) served.push((answer.json() as { id: string }).id);
        else expect([409]).toContain(answer.status);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(served).toHaveLength(40);
    const lapsed = await queryServiceDb<{ count: number }>(
      'booking-service',
      `SELECT count(*)::int AS count FROM bookings WHERE event_id = $1 AND status = 'expired'`,
      [event.id],
    );
    expect(lapsed[0].count).toBe(20);
    await eventually(
      async () => {
        const { types, inventory } = await ledgerOfPlaces(event.id);
        const consistent =
          inventory.sold === inventory.taken &&
          inventory.sold <= inventory.capacity &&
          types.every((t) => t.booked === t.counted);
        return consistent ? { types, inventory } : undefined;
      },
      10_000,
      'the counts to agree with the bookings',
    ).then(({ types, inventory }) => {
      expect(inventory).toMatchObject({ sold: 60, taken: 60, capacity: 60 });
      expect(types.find((t) => t.ticket_type_id === standard)).toMatchObject({ booked: 40, counted: 40 });
    });
    expect((await api('GET', `/availability/${event.id}`)).status).toBe(200);
  }, 120_000);
  it('counts a type from its bookings when it gets a quota in the middle of a sale', async () => {
    const standard = { name: 'Standard', price: { amount: 2000, currency: 'EUR' } };
    const event = await onSaleEvent(organizer, { capacity: 100, ticketTypes: [standard] });
    const typeId = event.ticketTypes[0].id;
    const order = () => orderRetryingBusy(event.id, typeId);
    // Without a quota, orders of the type are not counted as they sell; the quota arrives mid-wave.
    const [first, changed] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, order)),
      api('PATCH', `/events/${event.id}`, {
        caller: organizer,
        body: { ticketTypes: [{ id: typeId, ...standard, quota: 40 }] },
      }),
    ]);
    expect(changed.status).toBe(200);
    expect(first.filter((a) => a.status === 201)).toHaveLength(30);
    await eventually(
      async () => {
        const res = await api('GET', `/availability/${event.id}`, { caller: makeCaller('admin') });
        const types = (res.json() as { ticketTypes: { available: number }[] }).ticketTypes;
        return types[0].available === 10 ? true : undefined;
      },
      10_000,
      'the quota at booking-service',
    );
    const second = await Promise.all(Array.from({ length: 30 }, order));
    expect(second.filter((a) => a.status === 201)).toHaveLength(10);
    const { types } = await ledgerOfPlaces(event.id);
    expect(types).toEqual([{ ticket_type_id: typeId, booked: 40, counted: 40 }]);
  }, 60_000);
});
