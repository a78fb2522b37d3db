// The door through the gateway: a ticket's code checks it in once (two scanners at once: exactly one ok), any
// other scan says why not; offline scans synced later decide by when they were made, and a batch synced
// again changes nothing.
import { api, book, Caller, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';
import { TicketBody, ticketsOf } from './tickets.helpers';

interface Outcome {
  result: string;
  ticket: {
    id: string;
    attendeeName: string | null;
    ticketTypeName: string | null;
    checkedInAt: string | null;
  } | null;
  checkedInAt: string | null;
  checkedInBy: string | null;
  scannedAt: string;
  replayed: boolean;
}

/** `count` tickets of a free event, bought 10 at a time. */
async function ticketsFor(organizer: Caller, count: number) {
  const event = await onSaleEvent(organizer, {
    capacity: count,
    ticketTypes: [{ name: 'Entry', price: { amount: 0, currency: 'EUR' } }],
  });
  const tickets: TicketBody[] = [];
  for (let left = count; left > 0; left -= 10) {
    const buyer = await registeredCaller('customer');
    const res = await book(buyer, {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0].id, quantity: Math.min(10, left) }],
    });
    tickets.push(...(await ticketsOf(buyer, (res.json() as { id: string }).id)));
  }
  return { event, tickets };
}

const scan = (caller: Caller, eventId: string, code: string) =>
  api('POST', `/events/${eventId}/checkins`, { caller, body: { code } });

describe('check-in at the door', () => {
  const organizer = makeCaller('organizer');

  it('checks a ticket in once, and says why any other scan does not', async () => {
    const { event, tickets } = await ticketsFor(organizer, 3);
    const other = await ticketsFor(organizer, 1);
    const first = await scan(organizer, event.id, tickets[0].code);
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({
      result: 'ok',
      ticket: { id: tickets[0].id, ticketTypeName: 'Entry' },
      checkedInBy: organizer.id,
      replayed: false,
    });
    const again = (await scan(organizer, event.id, tickets[0].code)).json() as Outcome;
    expect(again).toMatchObject({ result: 'already_checked_in', checkedInBy: organizer.id });
    expect(again.checkedInAt).toBe((first.json() as Outcome).checkedInAt);

    expect(((await scan(organizer, event.id, other.tickets[0].code)).json() as Outcome).result).toBe(
      'other_event',
    );
    expect(((await scan(organizer, event.id, 'not-a-ticket')).json() as Outcome).result).toBe('unknown');
    // The same ids under a signature that is not the event's: forged.
    const forged = Buffer.from(tickets[1].code, 'base64url');
    forged[forged.length - 1] ^= 1;
    expect(((await scan(organizer, event.id, forged.toString('base64url'))).json() as Outcome).result).toBe(
      'unknown',
    );
    await queryServiceDb('booking-service', `UPDATE tickets SET status = 'voided' WHERE id = $1`, [
      tickets[2].id,
    ]);
    expect(((await scan(organizer, event.id, tickets[2].code)).json() as Outcome).result).toBe('voided');

    // Only the event's organizer (and its staff, and admins) work its door.
    expectError(await scan(makeCaller('customer'), event.id, tickets[1].code), 403, 'NOT_EVENT_STAFF');
    expectError(await scan(makeCaller('organizer'), event.id, tickets[1].code), 403, 'NOT_EVENT_STAFF');
    expectError(
      await api('POST', `/events/${event.id}/checkins`, { caller: organizer, body: {} }),
      400,
      'VALIDATION_FAILED',
    );

    // Undone, the ticket checks in again.
    const undone = await api('DELETE', `/events/${event.id}/checkins/${tickets[0].id}`, {
      caller: organizer,
    });
    expect(undone.json()).toMatchObject({ id: tickets[0].id, checkedInAt: null });
    expect(((await scan(organizer, event.id, tickets[0].code)).json() as Outcome).result).toBe('ok');

    // Analytics: 2 valid tickets (one voided), 1 in; no-shows once the event has ended.
    const checkInOf = async () =>
      (
        (await api('GET', `/analytics/events/${event.id}`, { caller: organizer })).json() as {
          checkIn: unknown;
        }
      ).checkIn;
    expect(await checkInOf()).toEqual({
      expected: 2,
      checkedIn: 1,
      rate: 0.5,
      noShows: null,
      byType: [
        { ticketTypeId: event.ticketTypes[0].id, name: 'Entry', expected: 2, checkedIn: 1, rate: 0.5 },
      ],
    });
    await queryServiceDb(
      'booking-service',
      `UPDATE inventory SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour'
       WHERE event_id = $1`,
      [event.id],
    );
    expect(await checkInOf()).toMatchObject({ noShows: 1 });
  });

  it('lets exactly one of two scanners at once check each of 100 tickets in', async () => {
    const { event, tickets } = await ticketsFor(organizer, 100);
    // Two scanners per ticket at the same instant, 25 tickets at a time (50 requests in flight); a scanner
    // told the service is busy (503, load shedding) scans again, as a door device does.
    const scanning = async (code: string) => {
      for (let attempt = 0; ; attempt++) {
        const res = await scan(organizer, event.id, code);
        if (res.status !== 503 || attempt === 10) return res;
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      }
    };
    const outcomes = [];
    for (let i = 0; i < tickets.length; i += 25) {
      const wave = tickets.slice(i, i + 25);
      outcomes.push(...(await Promise.all(wave.flatMap((t) => [scanning(t.code), scanning(t.code)]))));
    }
    const results = outcomes.map((o) => (o.json() as Outcome).result);
    expect(results.filter((r) => r === 'ok')).toHaveLength(100);
    expect(results.filter((r) => r === 'already_checked_in')).toHaveLength(100);
    const [row] = await queryServiceDb<{ checked: number }>(
      'booking-service',
      `SELECT count(*)::int AS checked FROM tickets WHERE event_id = $1 AND checked_in_at IS NOT NULL`,
      [event.id],
    );
    expect(row.checked).toBe(100);
  }, 120_000);

  it('syncs offline scans: the earliest scan of a ticket wins, and a batch synced twice changes nothing', async () => {
    const { event, tickets } = await ticketsFor(organizer, 3);
    // The device keeps the bundle: every valid ticket, and the key that signs their codes.
    const bundle = (await api('GET', `/events/${event.id}/checkin-bundle`, { caller: organizer })).json() as {
      tickets: { id: string }[];
      voidedIds: string[];
      publicKey: string;
    };
    expect(bundle.tickets.map((t) => t.id).sort()).toEqual(tickets.map((t) => t.id).sort());
    expect(bundle.voidedIds).toEqual([]);

    // Online, ticket 2 was checked in now; offline, two devices scanned earlier.
    expect(((await scan(organizer, event.id, tickets[2].code)).json() as Outcome).result).toBe('ok');
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const scans = [
      { code: tickets[0].code, scannedAt: at(5), deviceId: 'door-a' },
      { code: tickets[0].code, scannedAt: at(9), deviceId: 'door-b' },
      { code: tickets[1].code, scannedAt: at(3), deviceId: 'door-a' },
      { code: tickets[2].code, scannedAt: at(7), deviceId: 'door-b' },
    ];
    const sync = async () =>
      (
        (
          await api('POST', `/events/${event.id}/checkins/batch`, { caller: organizer, body: { scans } })
        ).json() as {
          items: Outcome[];
        }
      ).items;
    const first = await sync();
    expect(first.map((o) => [o.result, o.replayed])).toEqual([
      ['already_checked_in', false], // door-b scanned it 4 minutes earlier
      ['ok', false],
      ['ok', false],
      ['ok', false], // earlier than the online check-in: the offline scan's time stands
    ]);
    expect(first[0].checkedInAt).toBe(scans[1].scannedAt);
    expect(first[0].scannedAt).toBe(scans[0].scannedAt);
    expect(first[3].checkedInAt).toBe(scans[3].scannedAt);

    const before = await queryServiceDb<{ id: string; checked_in_at: Date }>(
      'booking-service',
      `SELECT id, checked_in_at FROM tickets WHERE event_id = $1 ORDER BY id`,
      [event.id],
    );
    const again = await sync();
    expect(again.map((o) => [o.result, o.replayed])).toEqual(first.map((o) => [o.result, true]));
    const after = await queryServiceDb<{ id: string; checked_in_at: Date }>(
      'booking-service',
      `SELECT id, checked_in_at FROM tickets WHERE event_id = $1 ORDER BY id`,
      [event.id],
    );
    expect(after).toEqual(before);
    const [scansRecorded] = await queryServiceDb<{ count: number }>(
      'booking-service',
      `SELECT count(*)::int AS count FROM checkin_scans WHERE event_id = $1`,
      [event.id],
    );
    expect(scansRecorded.count).toBe(5); // one online, four offline: the replay recorded nothing
  });
  it('lets door staff check in, managers also undo, and nobody once removed', async () => {
    const { event, tickets } = await ticketsFor(organizer, 2);
    const door = await registeredCaller('customer', 'Dora Door');
    const manager = await registeredCaller('customer', 'Max Manager');
    // Staff are added by the email of their account (booking-service hears of accounts from user facts).
    const add = (email: string, role: string) =>
      eventually(
        async () => {
          const res = await api('POST', `/events/${event.id}/staff`, {
            caller: organizer,
            body: { email, role },
          });
          return res.status === 404 && (res.json() as { code: string }).code === 'USER_NOT_FOUND'
            ? undefined
            : res;
        },
        10_000,
        `${email} at booking-service`,
      );
    expect((await add(door.email, 'door')).json()).toMatchObject({
      userId: door.id,
      role: 'door',
      fullName: 'Dora Door',
    });
    expect((await add(manager.email, 'manager')).status).toBe(201);
    expectError(
      await api('POST', `/events/${event.id}/staff`, {
        caller: organizer,
        body: { email: 'nobody-here@example.com', role: 'door' },
      }),
      404,
      'USER_NOT_FOUND',
    );
    expectError(
      await api('POST', `/events/${event.id}/staff`, {
        caller: door,
        body: { email: door.email, role: 'manager' },
      }),
      403,
      'NOT_EVENT_ORGANIZER',
    );
    const listed = (await api('GET', `/events/${event.id}/staff`, { caller: organizer })).json() as {
      items: { email: string; role: string }[];
    };
    expect(listed.items.map((m) => [m.email, m.role])).toEqual([
      [door.email, 'door'],
      [manager.email, 'manager'],
    ]);

    expect(((await scan(door, event.id, tickets[0].code)).json() as Outcome).result).toBe('ok');
    expectError(
      await api('DELETE', `/events/${event.id}/checkins/${tickets[0].id}`, { caller: door }),
      403,
      'NOT_EVENT_STAFF',
    );
    expect(
      (await api('DELETE', `/events/${event.id}/checkins/${tickets[0].id}`, { caller: manager })).status,
    ).toBe(200);
    expect((await api('DELETE', `/events/${event.id}/staff/${door.id}`, { caller: organizer })).status).toBe(
      204,
    );
    expectError(await scan(door, event.id, tickets[1].code), 403, 'NOT_EVENT_STAFF');
  });
});
