// Tickets through the gateway: one per place of a confirmed booking, with its type and seat and a signed
// code; named by the holder until the event starts; voided when the booking is cancelled or refunded in full.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { expectError } from '@evently/testing/gateway-client';
import { createPublicKey, verify } from 'node:crypto';
import { TicketBody, ticketsOf } from './tickets.helpers';

describe('tickets', () => {
  const organizer = makeCaller('organizer');

  it('are one per place of a confirmed order, in line order, each with a code signed by the event', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: 20,
      ticketTypes: [
        { name: 'Crew', price: { amount: 0, currency: 'EUR' } },
        { name: 'Guest', price: { amount: 0, currency: 'EUR' } },
      ],
    });
    const [crew, guest] = event.ticketTypes.map((t) => t.id);
    const buyer = await registeredCaller('customer');
    const order = await book(buyer, {
      eventId: event.id,
      items: [
        { ticketTypeId: guest, quantity: 1 },
        { ticketTypeId: crew, quantity: 2 },
      ],
    });
    expect(order.json()).toMatchObject({ status: 'confirmed', quantity: 3 });
    const bookingId = (order.json() as { id: string }).id;
    const tickets = await ticketsOf(buyer, bookingId);
    expect(tickets.map((t) => [t.ticketTypeId, t.seat, t.status])).toEqual([
      [guest, null, 'valid'],
      [crew, null, 'valid'],
      [crew, null, 'valid'],
    ]);
    // Each code is the event's and the ticket's ids, signed with the event's key (the bundle's public key).
    const bundle = (await api('GET', `/events/${event.id}/checkin-bundle`, { caller: organizer })).json() as {
      publicKey: string;
    };
    const key = createPublicKey({
      key: Buffer.from(bundle.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    for (const ticket of tickets) {
      const bytes = Buffer.from(ticket.code, 'base64url');
      expect(bytes.subarray(17, 33).toString('hex')).toBe(ticket.id.replace(/-/g, ''));
      expect(verify(null, bytes.subarray(0, 33), key, bytes.subarray(33))).toBe(true);
    }
    // The holder's list has them too; someone else sees none of the booking.
    const mine = (await api('GET', '/tickets', { caller: buyer })).json() as { items: TicketBody[] };
    expect(mine.items.map((t) => t.id).sort()).toEqual(tickets.map((t) => t.id).sort());
    expectError(
      await api('GET', `/bookings/${bookingId}/tickets`, { caller: makeCaller('customer') }),
      404,
      'BOOKING_NOT_FOUND',
    );

    // Named by the holder; nobody else may.
    const named = await api('PATCH', `/tickets/${tickets[0].id}`, {
      caller: buyer,
      body: { attendeeName: 'Ada Lovelace' },
    });
    expect(named.json()).toMatchObject({ attendeeName: 'Ada Lovelace', status: 'valid' });
    expectError(
      await api('PATCH', `/tickets/${tickets[0].id}`, {
        caller: makeCaller('customer'),
        body: { attendeeName: 'X' },
      }),
      404,
      'TICKET_NOT_FOUND',
    );
    expectError(
      await api('PATCH', `/tickets/${tickets[0].id}`, { caller: buyer, body: { attendeeName: '' } }),
      400,
      'VALIDATION_FAILED',
    );

    // Cancelled: every ticket is voided, and can no longer be named.
    expect((await api('POST', `/bookings/${bookingId}/cancel`, { caller: buyer })).status).toBe(200);
    expect((await ticketsOf(buyer, bookingId)).map((t) => t.status)).toEqual(['voided', 'voided', 'voided']);
    expectError(
      await api('PATCH', `/tickets/${tickets[1].id}`, { caller: buyer, body: { attendeeName: 'Bob' } }),
      409,
      'TICKET_VOIDED',
    );
  });

  it('come with payment, take their seats’ section types, and are voided by a full refund', async () => {
    const event = await onSaleEvent(organizer, {
      capacity: undefined,
      ticketTypes: [
        { name: 'Stalls', price: { amount: 2000, currency: 'EUR' } },
        { name: 'Box', price: { amount: 5000, currency: 'EUR' } },
      ],
      seating: {
        sections: [
          { name: 'A', rows: 1, seatsPerRow: 2, ticketType: 'Box' },
          { name: 'B', rows: 1, seatsPerRow: 2, ticketType: 'Stalls' },
        ],
      },
    });
    const [stalls, box] = event.ticketTypes.map((t) => t.id);
    const buyer = await registeredCaller('customer');
    const held = (await book(buyer, { eventId: event.id, seats: ['B-1-1', 'A-1-1'] })).json() as {
      id: string;
    };
    // Not paid yet: no tickets.
    expect(await ticketsOf(buyer, held.id)).toEqual([]);
    expect((await api('POST', `/bookings/${held.id}/mark-paid`, { caller: organizer })).status).toBe(200);
    const tickets = await ticketsOf(buyer, held.id);
    expect(tickets.map((t) => [t.seat, t.ticketTypeId])).toEqual([
      ['A-1-1', box],
      ['B-1-1', stalls],
    ]);
    // A partial refund keeps them; the rest of the money back voids them.
    expect(
      (await api('POST', `/bookings/${held.id}/refunds`, { caller: organizer, body: { amount: 1000 } }))
        .status,
    ).toBe(201);
    expect((await ticketsOf(buyer, held.id)).map((t) => t.status)).toEqual(['valid', 'valid']);
    expect((await api('POST', `/bookings/${held.id}/refunds`, { caller: organizer, body: {} })).status).toBe(
      201,
    );
    expect((await ticketsOf(buyer, held.id)).map((t) => t.status)).toEqual(['voided', 'voided']);
  });
});
