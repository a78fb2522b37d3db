// The live door counter through the gateway (Server-Sent Events): the event's staff follow checked in and
// expected per ticket type, pushed as scans land on any booking-service instance; nobody else may.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { openSse } from '@evently/testing/sse-client';
import { ticketsOf } from './tickets.helpers';

interface Count {
  expected: number;
  checkedIn: number;
  byType: { name: string; expected: number; checkedIn: number }[];
}

describe('door counter', () => {
  it('pushes the count at once and again as each scan lands, to the event’s staff only', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await onSaleEvent(organizer, {
      capacity: 10,
      ticketTypes: [
        { name: 'Standing', price: { amount: 0, currency: 'EUR' } },
        { name: 'Crew', price: { amount: 0, currency: 'EUR' } },
      ],
    });
    const [standing, crew] = event.ticketTypes.map((t) => t.id);
    const buyer = await registeredCaller('customer');
    const booked = await book(buyer, {
      eventId: event.id,
      items: [
        { ticketTypeId: standing, quantity: 2 },
        { ticketTypeId: crew, quantity: 1 },
      ],
    });
    const tickets = await ticketsOf(buyer, (booked.json() as { id: string }).id);
    const door = await registeredCaller('customer');
    // booking-service hears of the account from user facts: the email may be unknown for a moment.
    const added = await eventually(
      async () => {
        const res = await api('POST', `/events/${event.id}/staff`, {
          caller: organizer,
          body: { email: door.email, role: 'door' },
        });
        return res.status === 404 ? undefined : res;
      },
      10_000,
      'the door person at booking-service',
    );
    expect(added.status).toBe(201);

    const stranger = openSse(`/api/v1/events/${event.id}/checkins/stream`, makeCaller('customer').token);
    expect(await stranger.status).toBe(403);
    stranger.close();

    const live = openSse(`/api/v1/events/${event.id}/checkins/stream`, door.token);
    expect(await live.status).toBe(200);
    const counts = () =>
      live.events.filter((e) => e.event === 'count').map((e) => JSON.parse(e.data) as Count);
    const first = await eventually(() => counts()[0], 10_000, 'the first count');
    expect(first).toMatchObject({
      expected: 3,
      checkedIn: 0,
      byType: [
        { name: 'Standing', expected: 2, checkedIn: 0 },
        { name: 'Crew', expected: 1, checkedIn: 0 },
      ],
    });

    // Scans (answered by whichever instance) land on the stream, in order.
    for (const [i, ticket] of [tickets[2], tickets[0]].entries()) {
      const scan = await api('POST', `/events/${event.id}/checkins`, {
        caller: door,
        body: { code: ticket.code },
      });
      expect(scan.json()).toMatchObject({ result: 'ok' });
      await eventually(() => counts().find((c) => c.checkedIn === i + 1), 10_000, `count ${i + 1}`);
    }
    expect(counts().at(-1)).toMatchObject({
      expected: 3,
      checkedIn: 2,
      byType: [
        { name: 'Standing', expected: 2, checkedIn: 1 },
        { name: 'Crew', expected: 1, checkedIn: 1 },
      ],
    });
    // A scan that changes nothing pushes nothing; a cancelled booking lowers what is expected.
    const pushed = counts().length;
    await api('POST', `/events/${event.id}/checkins`, { caller: door, body: { code: tickets[0].code } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(counts()).toHaveLength(pushed);
    live.close();
  });
});
