// Ticket types through the gateway: what an event sells, priced in integer minor units in one currency, kept
// by id across changes, in the facts booking-service reads; and what the booking path does with them until
// checkout exists.
import {
  api,
  book,
  createEvent,
  hoursFromNow,
  makeCaller,
  makeEvent,
  onSaleEvent,
  publishedEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';

const EARLY = { name: 'Early bird', price: { amount: 1500, currency: 'EUR' }, quota: 50 };
const STANDARD = { name: 'Standard', price: { amount: 2500, currency: 'EUR' } };
const fieldsOf = (res: { json(): unknown }) =>
  Object.keys((res.json() as { details: { fields: Record<string, string[]> } }).details.fields).sort();

describe('ticket types', () => {
  const organizer = makeCaller('organizer');

  it('creates an event with its types, quotes the lowest price and keeps ids across a change', async () => {
    const event = await createEvent(organizer, { capacity: 500, ticketTypes: [EARLY, STANDARD] });
    expect(event.ticketTypes).toEqual([
      expect.objectContaining({ ...EARLY, id: expect.stringMatching(/^[0-9a-f-]{36}$/), hidden: false }),
      expect.objectContaining({ ...STANDARD, quota: null, salesStart: null, maxPerOrder: null }),
    ]);
    expect(event.priceFrom).toEqual({ amount: 1500, currency: 'EUR' });

    const [early, standard] = event.ticketTypes;
    const changed = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: {
        ticketTypes: [
          { id: early.id, ...EARLY, salesEnd: hoursFromNow(24 * 20) },
          { id: standard.id, ...STANDARD, price: { amount: 3000, currency: 'EUR' } },
          { name: 'Friends', price: { amount: 1000, currency: 'EUR' }, hidden: true },
        ],
      },
    });
    expect(changed.status).toBe(200);
    const types = (changed.json() as { ticketTypes: { id: string; price: { amount: number } }[] })
      .ticketTypes;
    expect(types.map((t) => t.id).slice(0, 2)).toEqual([early.id, standard.id]);
    expect(types[1].price.amount).toBe(3000);
    // The hidden type is the organizer's secret; the public never sees it, nor its price.
    const published = await api('POST', `/events/${event.id}/publish`, { caller: organizer });
    expect(published.status).toBe(200);
    const seen = (await api('GET', `/events/${event.id}`)).json() as {
      ticketTypes: unknown[];
      priceFrom: unknown;
    };
    expect(seen.ticketTypes).toHaveLength(2);
    expect(seen.priceFrom).toEqual({ amount: 1500, currency: 'EUR' });
    expect(
      ((await api('GET', `/events/${event.id}`, { caller: organizer })).json() as { ticketTypes: unknown[] })
        .ticketTypes,
    ).toHaveLength(3);

    // Published: a type may have sold, so none goes, and the currency stays.
    const removing = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { ticketTypes: [{ id: early.id, ...EARLY }] },
    });
    expectError(removing, 409, 'TICKET_TYPES_FIXED');
    const dollars = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { ticketTypes: types.map((t) => ({ ...t, price: { amount: 100, currency: 'USD' } })) },
    });
    expectError(dollars, 409, 'TICKET_TYPES_FIXED');
  });

  it('refuses broken types field by field', async () => {
    const cases: [unknown, string[]][] = [
      [[], ['ticketTypes']],
      [[{ name: 'A', price: { amount: 10.5, currency: 'EUR' } }], ['ticketTypes.0.price.amount']],
      [[{ name: 'A', price: { amount: -1, currency: 'EUR' } }], ['ticketTypes.0.price.amount']],
      [[{ name: 'A', price: { amount: 100, currency: 'EURO' } }], ['ticketTypes.0.price.currency']],
      [[{ name: 'A', price: { amount: 100, currency: 'XYZ' } }], ['ticketTypes.0.price.currency']],
      [[STANDARD, { ...STANDARD, name: 'standard' }], ['ticketTypes.1.name']],
      [
        [STANDARD, { name: 'VIP', price: { amount: 100, currency: 'USD' } }],
        ['ticketTypes.1.price.currency'],
      ],
      [[{ ...STANDARD, quota: 101 }], ['ticketTypes.0.quota']],
      [[{ ...STANDARD, salesStart: hoursFromNow(5), salesEnd: hoursFromNow(4) }], ['ticketTypes.0.salesEnd']],
      [[{ ...STANDARD, hidden: true }], ['ticketTypes']],
      [[{ ...STANDARD, id: '6f1c2b8e-1111-4a4a-9b9b-000000000000' }], ['ticketTypes.0.id']],
    ];
    for (const [ticketTypes, fields] of cases) {
      const res = await api('POST', '/events', {
        caller: organizer,
        body: { ...makeEvent({ capacity: 100 }), ticketTypes },
      });
      expect([JSON.stringify(ticketTypes), res.status]).toEqual([JSON.stringify(ticketTypes), 400]);
      expect(fieldsOf(res)).toEqual(fields);
    }
  });

  it('sells each seated section as the type it names', async () => {
    const event = await createEvent(organizer, {
      capacity: undefined,
      ticketTypes: [STANDARD, { name: 'Balcony', price: { amount: 4000, currency: 'EUR' } }],
      seating: {
        sections: [
          { name: 'A', rows: 1, seatsPerRow: 2 },
          { name: 'B', rows: 1, seatsPerRow: 2, ticketType: 'Balcony' },
        ],
      },
    });
    const [standard, balcony] = event.ticketTypes;
    expect(event.seating?.sections.map((s) => (s as { ticketTypeId?: string }).ticketTypeId)).toEqual([
      standard.id,
      balcony.id,
    ]);
    const unknown = await api('POST', '/events', {
      caller: organizer,
      body: {
        ...makeEvent({ capacity: undefined }),
        seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 1, ticketType: 'Pit' }] },
      },
    });
    expectError(unknown, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(unknown)).toEqual(['seating.sections.0.ticketType']);
  });

  it('books the one free type as before, holds its sales window, and leaves priced types to checkout', async () => {
    const buyer = await registeredCaller('customer');
    const free = await onSaleEvent(organizer, { capacity: 10 });
    expect((await book(buyer, { eventId: free.id, quantity: 1 })).status).toBe(201);

    const later = await publishedEvent(organizer, {
      capacity: 10,
      ticketTypes: [
        { name: 'General admission', price: { amount: 0, currency: 'EUR' }, salesStart: hoursFromNow(48) },
      ],
    });
    const notYet = await eventually(
      async () => {
        const res = await book(buyer, { eventId: later.id, quantity: 1 });
        return res.status === 404 ? undefined : res;
      },
      10_000,
      'the event at booking-service',
    );
    expectError(notYet, 409, 'TICKET_TYPE_NOT_ON_SALE');

    const paid = await publishedEvent(organizer, { capacity: 10, ticketTypes: [STANDARD] });
    const refused = await eventually(
      async () => {
        const res = await book(buyer, { eventId: paid.id, quantity: 1 });
        return res.status === 404 ? undefined : res;
      },
      10_000,
      'the paid event at booking-service',
    );
    expectError(refused, 409, 'CHECKOUT_REQUIRED');
  });
});
