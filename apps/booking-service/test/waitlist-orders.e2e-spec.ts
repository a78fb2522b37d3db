// Waiting lists of events sold by ticket type, through the gateway: an entry names the type it waits for; an
// offer accepted becomes an order of it (priced, a promo code taken off, held for payment), and a hold that
// lapses unpaid goes to the next in line.
import {
  api,
  availabilityWhen,
  book,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { expectError } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';
import { Entry, entryWhen } from './waitlist.helpers';

interface OrderBody {
  id: string;
  status: string;
  quantity: number;
  seats: string[];
  items: { ticketTypeId: string; name: string; quantity: number; unitPrice: number }[];
  total: { amount: number; currency: string } | null;
  discount: { amount: number; currency: string } | null;
}

const accept = (caller: ReturnType<typeof makeCaller>, entryId: string, body?: Record<string, unknown>) =>
  api('POST', `/waitlist/${entryId}/accept`, { caller, ...(body && { body }) });

describe('waiting lists of events sold by ticket type', () => {
  const organizer = makeCaller('organizer');

  it('offers a freed place as an order of the type waited for; a lapsed hold goes to the next in line', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: 1,
      ticketTypes: [
        { name: 'Standard', price: { amount: 2500, currency: 'EUR' } },
        { name: 'VIP', price: { amount: 6000, currency: 'EUR' } },
      ],
    });
    const [standard, vip] = event.ticketTypes.map((t) => t.id);
    const code = await api('POST', `/events/${event.id}/promo-codes`, {
      caller: organizer,
      body: { code: 'WAITED', percentOff: 10 },
    });
    expect(code.status).toBe(201);
    const holder = await registeredCaller('customer');
    // Registered before the hold is taken: a registration can take seconds in a loaded run, and the hold
    // lapses after 20 s on the test stack.
    const [vipFan, fan] = [await registeredCaller('customer'), await registeredCaller('customer')];
    const first = (
      await book(holder, { eventId: event.id, items: [{ ticketTypeId: standard, quantity: 1 }] })
    ).json() as OrderBody;
    expect(first.status).toBe('pending_payment');

    expectError(
      await api('POST', '/waitlist', { caller: vipFan, body: { eventId: event.id, quantity: 1 } }),
      400,
      'VALIDATION_FAILED',
    );
    const unknown = await api('POST', '/waitlist', {
      caller: vipFan,
      body: { eventId: event.id, quantity: 1, ticketTypeId: organizer.id },
    });
    expectError(unknown, 422, 'UNKNOWN_TICKET_TYPES');
    const vipEntry = (
      await api('POST', '/waitlist', {
        caller: vipFan,
        body: { eventId: event.id, quantity: 1, ticketTypeId: vip },
      })
    ).json() as Entry & { ticketTypeId: string };
    expect(vipEntry).toMatchObject({ status: 'waiting', position: 1, ticketTypeId: vip });
    const fanEntry = (
      await api('POST', '/waitlist', {
        caller: fan,
        body: { eventId: event.id, quantity: 1, ticketTypeId: standard },
      })
    ).json() as Entry;

    // The holder lets the hold go: the place is offered to the first in line at once.
    expect((await api('POST', `/bookings/${first.id}/cancel`, { caller: holder })).status).toBe(200);
    await entryWhen(vipFan, vipEntry.id, 'offered');
    const vipOrder = await accept(vipFan, vipEntry.id, { promoCode: 'waited' });
    expect(vipOrder.status).toBe(201);
    expect(vipOrder.json()).toMatchObject({
      status: 'pending_payment',
      quantity: 1,
      items: [{ ticketTypeId: vip, name: 'VIP', quantity: 1, unitPrice: 6000 }],
      total: { amount: 5400, currency: 'EUR' },
      discount: { amount: 600, currency: 'EUR' },
    });
    await entryWhen(vipFan, vipEntry.id, 'accepted');
    expect(await availabilityWhen(event.id)).toMatchObject({ booked: 1, held: 0, available: 0 });

    // Unpaid, the VIP hold lapses (BOOKING_HOLD_SECONDS is 20 on the test stack): the next in line is offered.
    await entryWhen(fan, fanEntry.id, 'offered', 40_000);
    const fanOrder = (await accept(fan, fanEntry.id)).json() as OrderBody;
    expect(fanOrder).toMatchObject({ status: 'pending_payment', total: { amount: 2500, currency: 'EUR' } });
    const paid = await api('POST', `/bookings/${fanOrder.id}/mark-paid`, { caller: organizer });
    expect(paid.json()).toMatchObject({ status: 'confirmed' });

    const lapsed = (
      await api('GET', `/bookings/${(vipOrder.json() as OrderBody).id}`, { caller: vipFan })
    ).json() as OrderBody;
    expect(lapsed.status).toBe('expired');
    // Never oversold: the one place is in one confirmed booking; the code's use came back with the lapse.
    const [counts] = await queryServiceDb<{ sold: number; live: number; uses: number }>(
      'booking-service',
      `SELECT i.sold,
              (SELECT coalesce(sum(quantity), 0)::int FROM bookings
                WHERE event_id = i.event_id AND status IN ('confirmed', 'pending_payment')) AS live,
              (SELECT uses FROM promo_codes WHERE event_id = i.event_id) AS uses
       FROM inventory i WHERE i.event_id = $1`,
      [event.id],
    );
    expect(counts).toEqual({ sold: 1, live: 1, uses: 0 });
  }, 120_000);

  it('prices a seated offer by its seats’ sections', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: undefined,
      ticketTypes: [{ name: 'Box', price: { amount: 9000, currency: 'EUR' } }],
      seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 1 }] },
    });
    const holder = await registeredCaller('customer');
    const fan = await registeredCaller('customer');
    const held = (await book(holder, { eventId: event.id, seats: ['A-1-1'] })).json() as OrderBody;
    expectError(
      await api('POST', '/waitlist', {
        caller: fan,
        body: { eventId: event.id, quantity: 1, ticketTypeId: event.ticketTypes[0].id },
      }),
      400,
      'VALIDATION_FAILED',
    );
    const entry = (
      await api('POST', '/waitlist', { caller: fan, body: { eventId: event.id, quantity: 1 } })
    ).json() as Entry;
    expect((await api('POST', `/bookings/${held.id}/cancel`, { caller: holder })).status).toBe(200);
    await entryWhen(fan, entry.id, 'offered');
    const order = await accept(fan, entry.id);
    expect(order.json()).toMatchObject({
      status: 'pending_payment',
      seats: ['A-1-1'],
      items: [{ name: 'Box', quantity: 1, unitPrice: 9000 }],
      total: { amount: 9000, currency: 'EUR' },
    });
  });
});
