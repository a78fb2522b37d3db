import { eventually } from '@evently/testing/eventually';
import { api, availabilityWhen, book, Caller, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { randomUUID } from 'node:crypto';

const today = () => new Date().toISOString().slice(0, 10);

describe('analytics (through the gateway)', () => {
  // A scripted mix on two events of one organizer, and one event of another organizer.
  const organizer = makeCaller('organizer');
  const other = makeCaller('organizer');
  const admin = makeCaller('admin');
  const buyers = Array.from({ length: 4 }, () => makeCaller('customer'));
  let concert: { id: string };
  let seated: { id: string };
  let foreign: { id: string };

  beforeAll(async () => {
    concert = await onSaleEvent(organizer, {
      title: 'Analytics concert',
      capacity: 10,
      venue: { name: 'Blue Hall', city: 'Braga' },
    });
    seated = await onSaleEvent(organizer, {
      title: 'Analytics recital',
      capacity: undefined,
      seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 4 }] },
      venue: { name: 'Blue Hall', city: 'Braga' },
    });
    foreign = await onSaleEvent(other, { capacity: 50 });
    const booked = async (caller: Caller, body: Record<string, unknown>) => {
      const res = await book(caller, body);
      if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text()}`);
      return res.json().id as string;
    };
    // concert: 3 + 4 + 2 places; the 4 cancelled; then 1 more (waiting list joins need it full).
    await booked(buyers[0], { eventId: concert.id, quantity: 3 });
    const cancelled = await booked(buyers[1], { eventId: concert.id, quantity: 4 });
    const freed = await booked(buyers[2], { eventId: concert.id, quantity: 2 });
    expect((await api('POST', `/bookings/${cancelled}/cancel`, { caller: buyers[1] })).status).toBe(200);
    // RSVP: one guest yes +1 (2 places), one no, one pending.
    const guests = [randomUUID(), randomUUID(), randomUUID()].map((id) => ({
      ...makeCaller('customer'),
      email: `analytics-${id}@example.test`,
    }));
    const invited = await api('POST', '/invitations', {
      caller: organizer,
      body: { eventId: concert.id, guests: guests.map((g) => ({ email: g.email })), plusOnesAllowed: 1 },
    });
    expect(invited.status).toBe(201);
    // Tokens signed for the guests' emails answer as them.
    const { signAccessToken } = await import('@evently/testing/tokens');
    const asGuest = (g: { id: string; email: string }) => ({
      id: g.id,
      role: 'customer' as const,
      token: signAccessToken({ sub: g.id, role: 'customer', email: g.email }),
    });
    const items = invited.json().items as { id: string; email: string }[];
    const idOf = (g: { email: string }) => items.find((i) => i.email === g.email)!.id;
    expect(
      (
        await api('POST', `/invitations/${idOf(guests[0])}/rsvp`, {
          caller: asGuest(guests[0]),
          body: { response: 'yes', plusOnes: 1 },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api('POST', `/invitations/${idOf(guests[1])}/rsvp`, {
          caller: asGuest(guests[1]),
          body: { response: 'no' },
        })
      ).status,
    ).toBe(200);
    // 3 + 2 + 2 (RSVP) = 7 of 10 sold; fill up with 3 and put one person on the waiting list.
    await booked(buyers[3], { eventId: concert.id, quantity: 3 });
    expect(
      (
        await api('POST', '/waitlist', {
          caller: makeCaller('customer'),
          body: { eventId: concert.id, quantity: 1 },
        })
      ).status,
    ).toBe(201);
    // 2 places freed: 1 offered to the waiting entry (held), 1 free.
    expect((await api('POST', `/bookings/${freed}/cancel`, { caller: buyers[2] })).status).toBe(200);
    // seated: 2 seats, one seat cancelled.
    await booked(buyers[0], { eventId: seated.id, seats: ['A-1-1'] });
    const seat = await booked(buyers[1], { eventId: seated.id, seats: ['A-1-2'] });
    expect((await api('POST', `/bookings/${seat}/cancel`, { caller: buyers[1] })).status).toBe(200);
    await booked(buyers[0], { eventId: foreign.id, quantity: 5 });
  }, 60_000);

  it('gives one event exact numbers, consistent with its availability', async () => {
    const res = await api('GET', `/analytics/events/${concert.id}`, { caller: organizer });
    expect(res.status).toBe(200);
    const availability = await availabilityWhen(concert.id);
    expect(res.json()).toEqual({
      eventId: concert.id,
      capacity: 10,
      booked: 8,
      held: 1,
      available: 1,
      utilization: 0.8,
      bookings: 4,
      cancellations: 2,
      waitlist: { waiting: 0, offered: 1, accepted: 0, expired: 0 },
      rsvp: { invited: 3, yes: 1, no: 1, maybe: 0, pending: 1 },
      salesByDay: [{ date: today(), tickets: 8, cancellations: 2 }],
      // A free event: no money either way.
      revenue: [],
      revenueByType: [],
      // Every place booked is a ticket; nobody has come yet.
      checkIn: {
        expected: 6,
        checkedIn: 0,
        rate: 0,
        noShows: null,
        byType: [expect.objectContaining({ name: 'General admission', expected: 6, checkedIn: 0 })],
      },
    });
    expect(availability.booked).toBe(res.json().booked);
  });

  it("sums the organizer's own events in the overview, and everything for an admin", async () => {
    const mine = await api('GET', '/analytics/overview', { caller: organizer });
    expect(mine.json()).toEqual({
      events: 2,
      ticketsSold: 9,
      bookings: 6,
      cancellations: 3,
      capacity: 14,
      utilization: 9 / 14,
      waitlisted: 0,
      rsvpYes: 1,
      revenue: [],
    });
    const all = await api('GET', '/analytics/overview', { caller: admin });
    expect(all.json().ticketsSold).toBeGreaterThanOrEqual(16);
    const ranged = await api('GET', `/analytics/overview?from=${today()}T00:00:00Z&to=${today()}T23:59:59Z`, {
      caller: organizer,
    });
    expect(ranged.json()).toMatchObject({
      bookings: 6,
      cancellations: 3,
      ticketsSold: 9,
      from: today(),
      to: today(),
    });
  });

  it('ranks popular events, groups venues and shows trends per day and week', async () => {
    const popular = await api('GET', '/analytics/popular?limit=1', { caller: organizer });
    expect(popular.json()).toEqual({
      items: [
        { eventId: concert.id, title: 'Analytics concert', ticketsSold: 8, capacity: 10, utilization: 0.8 },
      ],
    });
    const venues = await api('GET', '/analytics/venues', { caller: organizer });
    expect(venues.json().items).toEqual([
      { venue: 'Blue Hall', city: 'Braga', events: 2, capacity: 14, ticketsSold: 9, utilization: 9 / 14 },
    ]);
    const days = await api('GET', '/analytics/trends', { caller: organizer });
    expect(days.json().items).toEqual([{ period: today(), bookings: 6, tickets: 9, cancellations: 3 }]);
    const weeks = await api('GET', '/analytics/trends?interval=week', { caller: organizer });
    expect(weeks.json().items).toHaveLength(1);
    expect(weeks.json().items[0]).toMatchObject({ bookings: 6, tickets: 9, cancellations: 3 });
  });

  it('gives a person their own figures', async () => {
    const me = await api('GET', '/analytics/me', { caller: buyers[0] });
    expect(me.json()).toEqual({ bookings: 3, tickets: 9, cancellations: 0, upcoming: 3, attended: 0 });
    const cancelling = await api('GET', '/analytics/me', { caller: buyers[1] });
    expect(cancelling.json()).toMatchObject({ bookings: 2, tickets: 0, cancellations: 2 });
    const freeing = await api('GET', '/analytics/me', { caller: buyers[2] });
    expect(freeing.json()).toEqual({ bookings: 1, tickets: 0, cancellations: 1, upcoming: 0, attended: 0 });
  });

  it('scopes by role: customers 403 on organizer views, another organizer 403 on the event', async () => {
    for (const path of [
      '/analytics/overview',
      '/analytics/popular',
      '/analytics/trends',
      '/analytics/venues',
      `/analytics/events/${concert.id}`,
    ]) {
      const res = await api('GET', path, { caller: buyers[0] });
      expect([path, res.status]).toEqual([path, 403]);
    }
    const res = await api('GET', `/analytics/events/${concert.id}`, { caller: other });
    expect([res.status, res.json().code]).toEqual([403, 'NOT_EVENT_ORGANIZER']);
    const foreignView = await api('GET', '/analytics/overview', { caller: other });
    expect(foreignView.json()).toMatchObject({ events: 1, ticketsSold: 5 });
    expect((await api('GET', '/analytics/me')).status).toBe(401);
    const unknown = await api('GET', `/analytics/events/${randomUUID()}`, { caller: organizer });
    expect(unknown.status).toBe(404);
  });

  it('rejects bad parameters with 400', async () => {
    for (const query of [
      'trends?interval=month',
      'trends?from=yesterday',
      `trends?from=${today()}T00:00:00Z&to=2020-01-01T00:00:00Z`,
      'trends?from=2000-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
      'popular?limit=0',
      'popular?limit=101',
      'overview?to=not-a-date',
    ]) {
      const res = await api('GET', `/analytics/${query}`, { caller: organizer });
      expect([query, res.status, res.json().code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
  });

  it("counts a seated event's seats: capacity, booked, bookings and cancellations", async () => {
    await eventually(async () => {
      const res = await api('GET', `/analytics/events/${seated.id}`, { caller: admin });
      return res.json().booked === 1 ? true : undefined;
    });
    const res = await api('GET', `/analytics/events/${seated.id}`, { caller: admin });
    expect(res.json()).toMatchObject({ capacity: 4, booked: 1, bookings: 2, cancellations: 1 });
  });
});
