// Changes to an event through the gateway: If-Match, the facts each change publishes, what a published seating
// plan and capacity may still become.
import type { EventSnapshot, EventUpdated } from '@evently/contracts';
import { eventually } from '@evently/testing/eventually';
import { useFactTap } from '@evently/testing/fact-tap';
import { queryServiceDb } from '@evently/testing/service-db';
import { randomUUID } from 'node:crypto';
import { api, createEvent, hoursFromNow, makeCaller, publishedEvent } from '@evently/testing/evently-api';

describe('event-service: changes, If-Match and their facts through the gateway', () => {
  const facts = useFactTap(['event.*']);
  const organizer = makeCaller('organizer');
  const customer = makeCaller('customer');

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const event = await createEvent(organizer);
    const first = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'First edit' },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"2"');

    const stale = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'Lost update' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    const stalePublish = await api('POST', `/events/${event.id}/publish`, {
      caller: organizer,
      headers: { 'if-match': '"1"' },
    });
    expect(stalePublish.status).toBe(412);

    const weak = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'Second edit' },
      headers: { 'if-match': 'W/"2"' },
    });
    expect(weak.status).toBe(200);
    expect((await api('GET', `/events/${event.id}`, { caller: organizer })).json()).toMatchObject({
      title: 'Second edit',
      version: 3,
    });
    // An update that changes nothing keeps the version.
    const same = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'Second edit' },
    });
    expect(same.json()).toMatchObject({ version: 3 });
  });

  it('publishes event.published with the capacity, and event.updated with the changed fields', async () => {
    const event = await publishedEvent(organizer, { visibility: 'private' });
    const [published] = await facts.tap.waitFor<EventSnapshot>(
      'event.published',
      (p) => p.eventId === event.id,
    );
    expect(published.payload).toEqual({
      eventId: event.id,
      version: 2,
      organizerId: organizer.id,
      title: 'Summer jazz evening',
      status: 'published',
      visibility: 'private',
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      venue: { name: 'River Hall', city: 'Porto', address: 'Rua 1' },
      capacity: 100,
      seats: null,
      waitlist: { enabled: true, offerMinutes: 30 },
      reminders: [1440, 60],
      timeZone: 'Europe/Lisbon',
      ticketTypes: event.ticketTypes,
      refundWindowHours: null,
      questions: [],
      onSale: null,
    });
    expect(event.ticketTypes).toEqual([
      expect.objectContaining({ name: 'General admission', price: { amount: 0, currency: 'EUR' } }),
    ]);
    expect(published.version).toBe(8);

    const startsAt = hoursFromNow(24 * 40);
    const endsAt = hoursFromNow(24 * 40 + 2);
    const res = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: {
        startsAt,
        endsAt,
        venue: { name: 'Harbour Hall', city: 'Porto' },
        capacity: 150,
        timeZone: 'America/New_York',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ timeZone: 'America/New_York' });
    const [updated] = await facts.tap.waitFor<EventUpdated>('event.updated', (p) => p.eventId === event.id);
    expect([...updated.payload.changed].sort()).toEqual([
      'capacity',
      'endsAt',
      'startsAt',
      'timeZone',
      'venue',
    ]);
    expect(updated.payload.snapshot).toMatchObject({
      timeZone: 'America/New_York',
      startsAt: new Date(startsAt).toISOString(),
      venue: { name: 'Harbour Hall', city: 'Porto', address: null },
      capacity: 150,
    });
  });

  it('publishes nothing for a draft until it is published', async () => {
    const draft = await createEvent(organizer);
    await api('PATCH', `/events/${draft.id}`, { caller: organizer, body: { title: 'Draft edit' } });
    await api('POST', `/events/${draft.id}/publish`, { caller: organizer });
    await facts.tap.waitFor<EventSnapshot>(
      'event.published',
      (p) => p.eventId === draft.id && p.title === 'Draft edit',
    );
    const forDraft = facts.tap.facts.filter((f) => (f.payload as { eventId?: string }).eventId === draft.id);
    expect(forDraft.map((f) => f.type)).toEqual(['event.published']);
  });

  it('keeps a published seating plan: seats can be added, never removed, relabelled or swapped for capacity', async () => {
    const seating = { sections: [{ name: 'A', rows: 2, seatsPerRow: 3 }] };
    const event = await publishedEvent(organizer, { capacity: undefined, seating });
    expect(event).toMatchObject({ capacity: null, seatCount: 6, seating });
    const [published] = await facts.tap.waitFor<EventSnapshot>(
      'event.published',
      (p) => p.eventId === event.id,
    );
    expect(published.payload.seats?.map((s) => s.label)).toEqual([
      'A-1-1',
      'A-1-2',
      'A-1-3',
      'A-2-1',
      'A-2-2',
      'A-2-3',
    ]);
    expect(published.payload.seats?.[4]).toEqual({
      label: 'A-2-2',
      section: 'A',
      row: 2,
      number: 2,
      ticketTypeId: published.payload.ticketTypes[0].id,
    });

    const grown = {
      sections: [
        { name: 'A', rows: 3, seatsPerRow: 3 },
        { name: 'B', rows: 1, seatsPerRow: 2 },
      ],
    };
    const grow = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { seating: grown } });
    expect(grow.status).toBe(200);
    expect(grow.json()).toMatchObject({ seatCount: 11 });
    const [updated] = await facts.tap.waitFor<EventUpdated>('event.updated', (p) => p.eventId === event.id);
    expect(updated.payload.changed).toEqual(['seating']);
    expect(updated.payload.snapshot.seats).toHaveLength(11);
    expect(updated.payload.snapshot.seats?.map((s) => s.label)).toEqual(
      expect.arrayContaining(['A-3-3', 'B-1-2']),
    );

    for (const body of [
      { seating: { sections: [{ name: 'A', rows: 3, seatsPerRow: 3 }] } },
      {
        seating: {
          sections: [
            { name: 'A', rows: 3, seatsPerRow: 2 },
            { name: 'B', rows: 1, seatsPerRow: 2 },
          ],
        },
      },
      {
        seating: {
          sections: [
            { name: 'Z', rows: 3, seatsPerRow: 3 },
            { name: 'B', rows: 1, seatsPerRow: 2 },
          ],
        },
      },
      { capacity: 500 },
    ]) {
      const res = await api('PATCH', `/events/${event.id}`, { caller: organizer, body });
      expect({ body, status: res.status, code: res.json().code }).toEqual({
        body,
        status: 409,
        code: 'SEATING_PLAN_FIXED',
      });
    }
    const both = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { capacity: 5, seating: grown },
    });
    expect(both.status).toBe(400);

    // A draft may still switch between the two.
    const draft = await createEvent(organizer, { capacity: undefined, seating });
    const switched = await api('PATCH', `/events/${draft.id}`, { caller: organizer, body: { capacity: 40 } });
    expect(switched.json()).toMatchObject({ capacity: 40, seating: null, seatCount: null });
  });

  it('grows capacity at any time and shrinks it only down to what booking facts say is booked', async () => {
    const event = await publishedEvent(organizer, { capacity: 10 });
    const fact = (bookingId: string, quantity: number) => ({
      bookingId,
      eventId: event.id,
      userId: customer.id,
      quantity,
      seats: [],
    });
    const [b1, b2] = [randomUUID(), randomUUID()];
    const first = await facts.tap.publish('booking.confirmed', fact(b1, 4), { producer: 'booking-service' });
    await facts.tap.publish('booking.confirmed', fact(b2, 3), { producer: 'booking-service' });
    // Delivered twice, and once more under a new message id: still counted once.
    await facts.tap.publish('booking.confirmed', first.payload, {
      id: first.id,
      producer: 'booking-service',
    });
    await facts.tap.publish('booking.confirmed', fact(b1, 4), { producer: 'booking-service' });
    const bookedNow = async () =>
      (
        await queryServiceDb<{ booked: number; rows: number }>(
          'event-service',
          `SELECT coalesce(sum(quantity) FILTER (WHERE status = 'confirmed'), 0)::int AS booked, count(*)::int AS rows
           FROM event_bookings WHERE event_id = $1`,
          [event.id],
        )
      )[0];
    await eventually(async () => ((await bookedNow()).booked === 7 ? true : undefined), 10000, 'booked = 7');

    const below = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { capacity: 6 } });
    expect(below.status).toBe(409);
    expect(below.json()).toMatchObject({
      code: 'CAPACITY_BELOW_BOOKED',
      details: { booked: 7, requested: 6 },
    });
    expect(
      (await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { capacity: 7 } })).status,
    ).toBe(200);
    expect(
      (await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { capacity: 50 } })).status,
    ).toBe(200);

    await facts.tap.publish(
      'booking.cancelled',
      { ...fact(b2, 3), reason: 'USER_CANCELLED' },
      { producer: 'booking-service' },
    );
    await eventually(async () => ((await bookedNow()).booked === 4 ? true : undefined), 10000, 'booked = 4');
    expect(await bookedNow()).toEqual({ booked: 4, rows: 2 });
    const shrunk = await api('PATCH', `/events/${event.id}`, { caller: organizer, body: { capacity: 4 } });
    expect(shrunk.json()).toMatchObject({ capacity: 4 });
  });
});
