// Seated orders through the gateway: each seat is priced as its section's ticket type (less a promo code);
// a priced order holds its very seats for payment, a lapsed or cancelled hold frees them at once, and a late
// payment takes them again while they are free (else it is refunded).
import {
  api,
  availabilityWhen,
  AvailabilityBody,
  book,
  makeCaller,
  onSaleEvent,
  registeredCaller,
  TicketTypeBody,
} from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';

interface OrderBody {
  id: string;
  status: string;
  quantity: number;
  seats: string[];
  items: { ticketTypeId: string; name: string; quantity: number; unitPrice: number }[];
  total: { amount: number; currency: string } | null;
  discount: { amount: number; currency: string } | null;
  expiresAt: string | null;
}

type TypedAvailability = Omit<AvailabilityBody, 'seats'> & {
  seats: { label: string; status: string; ticketTypeId: string | null }[];
  ticketTypes: { id: string; available: number; reason: string | null }[];
};

const seatStatus = (a: { seats?: { label: string; status: string }[] }, label: string) =>
  a.seats!.find((s) => s.label === label)!.status;

describe('seated orders priced per section', () => {
  const organizer = makeCaller('organizer');
  let event: { id: string; ticketTypes: TicketTypeBody[] };
  const typeId = (name: string) => event.ticketTypes.find((t) => t.name === name)!.id;
  const statusOf = async (bookingId: string, caller: ReturnType<typeof makeCaller>) =>
    ((await api('GET', `/bookings/${bookingId}`, { caller })).json() as OrderBody).status;

  beforeAll(async () => {
    event = await onSaleEvent(organizer, {
      capacity: undefined,
      ticketTypes: [
        { name: 'Stalls', price: { amount: 2500, currency: 'EUR' } },
        { name: 'Box', price: { amount: 9000, currency: 'EUR' }, quota: 2 },
      ],
      seating: {
        sections: [
          { name: 'A', rows: 1, seatsPerRow: 4, ticketType: 'Box' },
          { name: 'B', rows: 2, seatsPerRow: 5, ticketType: 'Stalls' },
        ],
      },
    });
  });

  it('prices each seat as its section’s type and holds the very seats until the order is paid', async () => {
    const buyer = await registeredCaller('customer');
    const res = await book(buyer, { eventId: event.id, seats: ['B-1-2', 'A-1-1', 'B-1-1'] });
    expect(res.status).toBe(201);
    const order = res.json() as OrderBody;
    expect(order).toMatchObject({
      status: 'pending_payment',
      quantity: 3,
      seats: ['A-1-1', 'B-1-1', 'B-1-2'],
      total: { amount: 9000 + 2 * 2500, currency: 'EUR' },
    });
    expect(order.items.map((i) => [i.name, i.quantity, i.unitPrice]).sort()).toEqual([
      ['Box', 1, 9000],
      ['Stalls', 2, 2500],
    ]);
    // Held seats are taken: on the map, per type, and for anyone else.
    const held = (await availabilityWhen(event.id)) as unknown as TypedAvailability;
    expect(['A-1-1', 'B-1-1', 'B-1-2'].map((s) => seatStatus(held, s))).toEqual([
      'booked',
      'booked',
      'booked',
    ]);
    expect(held.seats.find((s) => s.label === 'A-1-2')!.ticketTypeId).toBe(typeId('Box'));
    const left = Object.fromEntries(held.ticketTypes.map((t) => [t.id, t.available]));
    expect(left).toEqual({ [typeId('Box')]: 1, [typeId('Stalls')]: 8 });
    expectError(
      await book(makeCaller('customer'), { eventId: event.id, seats: ['B-1-2'] }),
      409,
      'SEAT_UNAVAILABLE',
    );

    const paid = await api('POST', `/bookings/${order.id}/mark-paid`, { caller: organizer });
    expect(paid.json()).toMatchObject({ status: 'confirmed', seats: ['A-1-1', 'B-1-1', 'B-1-2'] });
  });

  it('caps a section’s type by its quota, and takes a promo code off the seats it covers', async () => {
    const buyer = await registeredCaller('customer');
    const second = await book(buyer, { eventId: event.id, seats: ['A-1-2'] });
    expect(second.json()).toMatchObject({ status: 'pending_payment' });
    // Box has a quota of 2 (1 sold above, 1 held now): seats of section A are left, the type is not.
    const third = await book(makeCaller('customer'), { eventId: event.id, seats: ['A-1-3'] });
    expectError(third, 409, 'SOLD_OUT');
    expect((third.json() as { details: { ticketTypeId: string } }).details.ticketTypeId).toBe(typeId('Box'));

    const code = await api('POST', `/events/${event.id}/promo-codes`, {
      caller: organizer,
      body: { code: 'STALLS50', percentOff: 50, ticketTypeIds: [typeId('Stalls')] },
    });
    expect(code.status).toBe(201);
    const discounted = await book(buyer, {
      eventId: event.id,
      seats: ['B-2-1', 'B-2-2'],
      promoCode: 'stalls50',
    });
    expect(discounted.json()).toMatchObject({
      status: 'pending_payment',
      total: { amount: 2500, currency: 'EUR' },
      discount: { amount: 2500, currency: 'EUR' },
    });
    const notApplicable = await book(buyer, { eventId: event.id, seats: ['A-1-4'], promoCode: 'STALLS50' });
    expectError(notApplicable, 409, 'PROMO_CODE_INVALID');
    expectError(
      await book(buyer, { eventId: event.id, quantity: 1, promoCode: 'STALLS50' }),
      400,
      'VALIDATION_FAILED',
    );
    // Refusals wrote nothing: A-1-3 and A-1-4 are free, and the code was used once.
    const after = await availabilityWhen(event.id);
    expect([seatStatus(after, 'A-1-3'), seatStatus(after, 'A-1-4')]).toEqual(['available', 'available']);
    const [row] = await queryServiceDb<{ uses: number }>(
      'booking-service',
      `SELECT count(*)::int AS uses FROM bookings WHERE event_id = $1 AND promo_code_id IS NOT NULL`,
      [event.id],
    );
    expect(row.uses).toBe(1);
  });

  it('frees the seats of a hold cancelled or lapsed at once; a late payment takes them again, or is refunded', async () => {
    const small = await onSaleEvent(organizer, {
      capacity: undefined,
      ticketTypes: [{ name: 'Seat', price: { amount: 4000, currency: 'EUR' } }],
      seating: { sections: [{ name: 'C', rows: 1, seatsPerRow: 3 }] },
    });
    const buyer = await registeredCaller('customer');
    const cancelled = (await book(buyer, { eventId: small.id, seats: ['C-1-1'] })).json() as OrderBody;
    const late = (await book(buyer, { eventId: small.id, seats: ['C-1-2'] })).json() as OrderBody;
    const gone = (await book(buyer, { eventId: small.id, seats: ['C-1-3'] })).json() as OrderBody;
    expect((await availabilityWhen(small.id)).available).toBe(0);

    const ended = await api('POST', `/bookings/${cancelled.id}/cancel`, { caller: buyer });
    expect(ended.json()).toMatchObject({ status: 'cancelled' });
    await availabilityWhen(small.id, (a) => seatStatus(a, 'C-1-1') === 'available');

    // BOOKING_HOLD_SECONDS is 20 on the test stack.
    await eventually(
      async () =>
        (await statusOf(late.id, buyer)) === 'expired' && (await statusOf(gone.id, buyer)) === 'expired'
          ? true
          : undefined,
      40_000,
      'both holds to lapse',
    );
    await availabilityWhen(small.id, (a) => a.available === 3);
    const other = await registeredCaller('customer');
    expect((await book(other, { eventId: small.id, seats: ['C-1-3'] })).status).toBe(201);

    const revived = await api('POST', `/bookings/${late.id}/mark-paid`, { caller: organizer });
    expect(revived.json()).toMatchObject({ status: 'confirmed', seats: ['C-1-2'] });
    await availabilityWhen(small.id, (a) => seatStatus(a, 'C-1-2') === 'booked');

    const refunded = await api('POST', `/bookings/${gone.id}/mark-paid`, { caller: organizer });
    expect(refunded.json()).toMatchObject({ status: 'expired' });
    const ledger = await queryServiceDb<{ kind: string; amount: number }>(
      'booking-service',
      `SELECT kind, amount FROM payments WHERE booking_id = $1 ORDER BY created_at, kind`,
      [gone.id],
    );
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([
      ['payment', 4000],
      ['refund', 4000],
    ]);
    const [seat] = await queryServiceDb<{ booking_id: string }>(
      'booking-service',
      `SELECT booking_id FROM seats WHERE event_id = $1 AND label = 'C-1-3'`,
      [small.id],
    );
    expect(seat.booking_id).not.toBe(gone.id);
  }, 60_000);
});
