// Attendee lists through the gateway: the organizer (and managers, not door staff) list an event's tickets
// with their attendees and holders, filtered by type and check-in, and export them as CSV that a spreadsheet
// cannot be tricked into running.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';
import { ticketsOf } from './tickets.helpers';

interface AttendeeBody {
  ticketId: string;
  attendeeName: string | null;
  holderName: string | null;
  holderEmail: string | null;
  ticketTypeName: string | null;
  checkedInAt: string | null;
}

describe('attendees', () => {
  it('lists and exports the attendees of an event, by type and check-in', async () => {
    const organizer = makeCaller('organizer');
    const event = await onSaleEvent(organizer, {
      capacity: 10,
      ticketTypes: [
        { name: 'Crew', price: { amount: 0, currency: 'EUR' } },
        { name: 'Guest', price: { amount: 0, currency: 'EUR' } },
      ],
    });
    const [crew, guest] = event.ticketTypes.map((t) => t.id);
    const buyer = await registeredCaller('customer', 'Bea Buyer');
    const booking = (
      await book(buyer, {
        eventId: event.id,
        items: [
          { ticketTypeId: crew, quantity: 1 },
          { ticketTypeId: guest, quantity: 2 },
        ],
      })
    ).json() as { id: string };
    const tickets = await ticketsOf(buyer, booking.id);
    await api('PATCH', `/tickets/${tickets[1].id}`, {
      caller: buyer,
      body: { attendeeName: '=HYPERLINK("http://evil.example","click")' },
    });
    await api('POST', `/events/${event.id}/checkins`, { caller: organizer, body: { code: tickets[0].code } });

    const list = async (query = '') =>
      (
        (await api('GET', `/events/${event.id}/attendees${query}`, { caller: organizer })).json() as {
          items: AttendeeBody[];
          nextCursor: string | null;
        }
      ).items;
    // The holder's name comes from user facts: booking-service hears of the account shortly after sign-up.
    const all = await eventually(
      async () => {
        const items = await list();
        return items.every((a) => a.holderName === 'Bea Buyer') ? items : undefined;
      },
      10_000,
      'the holder at booking-service',
    );
    expect(all).toHaveLength(3);
    expect(all.every((a) => a.holderEmail === buyer.email)).toBe(true);
    expect((await list('?checkedIn=true')).map((a) => [a.ticketId, a.ticketTypeName])).toEqual([
      [tickets[0].id, 'Crew'],
    ]);
    expect(await list('?checkedIn=false')).toHaveLength(2);
    expect((await list(`?ticketTypeId=${guest}`)).map((a) => a.ticketTypeName)).toEqual(['Guest', 'Guest']);
    // Pages follow the cursor.
    const first = (
      await api('GET', `/events/${event.id}/attendees?limit=2`, { caller: organizer })
    ).json() as {
      items: AttendeeBody[];
      nextCursor: string;
    };
    const second = (
      await api('GET', `/events/${event.id}/attendees?limit=2&cursor=${first.nextCursor}`, {
        caller: organizer,
      })
    ).json() as { items: AttendeeBody[]; nextCursor: string | null };
    expect([...first.items, ...second.items].map((a) => a.ticketId)).toEqual(all.map((a) => a.ticketId));
    expect(second.nextCursor).toBeNull();

    const csv = await api('GET', `/events/${event.id}/attendees.csv`, { caller: organizer });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text().trimEnd().split('\r\n');
    expect(lines[0]).toBe('ticket_id,attendee,holder,holder_email,ticket_type,seat,status,checked_in_at');
    expect(lines).toHaveLength(4);
    const evil = lines.find((l) => l.startsWith(tickets[1].id))!;
    expect(evil).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",Bea Buyer`);

    // Managers see the list; door staff and strangers do not.
    const manager = await registeredCaller('customer');
    const door = await registeredCaller('customer');
    for (const [who, role] of [
      [manager, 'manager'],
      [door, 'door'],
    ] as const) {
      await eventually(
        async () => {
          const res = await api('POST', `/events/${event.id}/staff`, {
            caller: organizer,
            body: { email: who.email, role },
          });
          return res.status === 201 ? res : undefined;
        },
        10_000,
        `${role} added`,
      );
    }
    expect((await api('GET', `/events/${event.id}/attendees`, { caller: manager })).status).toBe(200);
    expectError(await api('GET', `/events/${event.id}/attendees`, { caller: door }), 403, 'NOT_EVENT_STAFF');
    expectError(
      await api('GET', `/events/${event.id}/attendees.csv`, { caller: makeCaller('customer') }),
      403,
      'NOT_EVENT_STAFF',
    );
  });
});
