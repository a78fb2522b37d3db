import type { EventCancelled } from '@evently/contracts';
import { eventually } from '@evently/testing/eventually';
import { useFactTap } from '@evently/testing/fact-tap';
import { randomUUID } from 'node:crypto';
import {
  anonymousReadWhen,
  api,
  createEvent,
  EventBody,
  hoursFromNow,
  makeCaller,
  makeEvent,
  publishedEvent,
} from '@evently/testing/evently-api';

describe('event-service: lifecycle, ownership and facts through the gateway', () => {
  const facts = useFactTap(['event.*']);
  const organizer = makeCaller('organizer');
  const otherOrganizer = makeCaller('organizer');
  const customer = makeCaller('customer');
  const admin = makeCaller('admin');

  it('creates a draft with an ETag that only its organizer and admins can see', async () => {
    const res = await api('POST', '/events', {
      caller: organizer,
      body: makeEvent({ visibility: 'public' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const event = res.json() as EventBody;
    expect(event).toMatchObject({
      organizerId: organizer.id,
      status: 'draft',
      version: 1,
      capacity: 100,
      seating: null,
      venue: { name: 'River Hall', city: 'Porto', address: 'Rua 1' },
      timeZone: 'Europe/Lisbon',
    });

    const own = await api('GET', `/events/${event.id}`, { caller: organizer });
    expect(own.status).toBe(200);
    expect(own.headers.etag).toBe('"1"');
    expect((await api('GET', `/events/${event.id}`, { caller: admin })).status).toBe(200);
    for (const caller of [undefined, otherOrganizer, customer]) {
      const res = await api('GET', `/events/${event.id}`, { caller });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ code: 'EVENT_NOT_FOUND' });
    }
    expect((await api('GET', `/events/${randomUUID()}`)).json()).toMatchObject({ code: 'EVENT_NOT_FOUND' });
    expect((await api('GET', '/events/not-a-uuid')).status).toBe(400);
  });

  it('rejects bad input field by field', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ title: 'ab' }, ['title']],
      [{ title: 'x'.repeat(201) }, ['title']],
      [{ venue: { name: 'Hall' } }, ['venue.city']],
      [{ venue: { name: '  ', city: 'Porto' } }, ['venue.name']],
      [{ startsAt: '2030-01-01T19:00:00' }, ['startsAt']],
      [{ endsAt: 'tomorrow' }, ['endsAt']],
      [{ timeZone: undefined }, ['timeZone']],
      [{ timeZone: 'Mars/Olympus' }, ['timeZone']],
      [{ timeZone: '+05:30' }, ['timeZone']],
      [{ timeZone: 'europe/lisbon' }, ['timeZone']],
      [{ startsAt: hoursFromNow(50), endsAt: hoursFromNow(49) }, ['endsAt']],
      [{ capacity: 0 }, ['capacity']],
      [{ capacity: 100001 }, ['capacity']],
      [{ capacity: undefined }, ['capacity', 'seating']],
      [{ seating: { sections: [{ name: 'A', rows: 1, seatsPerRow: 1 }] } }, ['capacity', 'seating']],
      [{ capacity: undefined, seating: { sections: [] } }, ['seating.sections']],
      [
        { capacity: undefined, seating: { sections: [{ name: 'A-1', rows: 1, seatsPerRow: 1 }] } },
        ['seating.sections.0.name'],
      ],
      [
        { capacity: undefined, seating: { sections: [{ name: 'A', rows: 0, seatsPerRow: 1 }] } },
        ['seating.sections.0.rows'],
      ],
      [
        {
          capacity: undefined,
          seating: {
            sections: [
              { name: 'A', rows: 1, seatsPerRow: 2 },
              { name: 'a', rows: 1, seatsPerRow: 1 },
            ],
          },
        },
        ['seating.sections.1.name'],
      ],
      [
        {
          capacity: undefined,
          seating: { sections: ['A', 'B', 'C'].map((name) => ({ name, rows: 100, seatsPerRow: 70 })) },
        },
        ['seating.sections'],
      ],
      [{ visibility: 'secret' }, ['visibility']],
      [{ organizerId: randomUUID() }, ['organizerId']],
    ];
    for (const [overrides, fields] of cases) {
      const res = await api('POST', '/events', { caller: organizer, body: makeEvent(overrides) });
      expect({ overrides, status: res.status, code: res.json().code }).toEqual({
        overrides,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(Object.keys(res.json().details.fields as object).sort()).toEqual([...fields].sort());
    }
  });

  it('lets only organizers and admins create, and only the owner or an admin change', async () => {
    expect((await api('POST', '/events', { body: makeEvent() })).status).toBe(401);
    const byCustomer = await api('POST', '/events', { caller: customer, body: makeEvent() });
    expect(byCustomer.status).toBe(403);

    const event = await publishedEvent(organizer);
    const draft = await createEvent(organizer);
    for (const caller of [otherOrganizer, customer]) {
      for (const [method, path, body] of [
        ['PATCH', `/events/${event.id}`, { title: 'Taken over' }],
        ['POST', `/events/${event.id}/cancel`, {}],
        ['DELETE', `/events/${event.id}`, undefined],
      ] as const) {
        const res = await api(method, path, { caller, body });
        expect({ caller: caller.role, method, status: res.status }).toEqual({
          caller: caller.role,
          method,
          status: 403,
        });
      }
    }
    expect(
      (
        await api('PATCH', `/events/${event.id}`, { caller: otherOrganizer, body: { title: 'Mine now' } })
      ).json(),
    ).toMatchObject({ code: 'NOT_EVENT_OWNER' });
    // A draft does not exist for anyone else: no 403 to reveal it.
    const hidden = await api('POST', `/events/${draft.id}/publish`, { caller: otherOrganizer });
    expect(hidden.status).toBe(404);

    const byAdmin = await api('PATCH', `/events/${event.id}`, {
      caller: admin,
      body: { title: 'Renamed by admin' },
    });
    expect(byAdmin.status).toBe(200);
    const read = await anonymousReadWhen(`/events/${event.id}`, (e) => e.title === 'Renamed by admin');
    expect(read.json()).toMatchObject({ title: 'Renamed by admin' });
  });

  // One event walked through its life, a step per test (they run in order and share the event).
  describe('draft -> published -> cancelled, and no other transition', () => {
    let draft: EventBody;

    beforeAll(async () => {
      draft = await createEvent(organizer);
    });

    it('refuses to cancel a draft (delete it instead)', async () => {
      const cancelDraft = await api('POST', `/events/${draft.id}/cancel`, { caller: organizer, body: {} });
      expect(cancelDraft.status).toBe(409);
      expect(cancelDraft.json()).toMatchObject({ code: 'INVALID_EVENT_STATE', details: { status: 'draft' } });
    });

    it('publishes the draft as version 2, readable by anyone', async () => {
      const published = await api('POST', `/events/${draft.id}/publish`, { caller: organizer });
      expect(published.status).toBe(200);
      expect(published.json()).toMatchObject({ status: 'published', version: 2 });
      expect(published.headers.etag).toBe('"2"');
      expect((await api('GET', `/events/${draft.id}`)).status).toBe(200);
    });

    it('refuses to publish or delete a published event', async () => {
      const again = await api('POST', `/events/${draft.id}/publish`, { caller: organizer });
      expect(again.json()).toMatchObject({ code: 'INVALID_EVENT_STATE' });
      const deletePublished = await api('DELETE', `/events/${draft.id}`, { caller: organizer });
      expect(deletePublished.status).toBe(409);
    });

    it('cancels the published event with a reason', async () => {
      const cancelled = await api('POST', `/events/${draft.id}/cancel`, {
        caller: organizer,
        body: { reason: 'The band is ill' },
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.json()).toMatchObject({
        status: 'cancelled',
        cancelReason: 'The band is ill',
        version: 3,
      });
    });

    it('refuses every change of the cancelled event', async () => {
      for (const [method, path, body] of [
        ['PATCH', `/events/${draft.id}`, { title: 'Back again' }],
        ['POST', `/events/${draft.id}/publish`, undefined],
        ['POST', `/events/${draft.id}/cancel`, {}],
        ['DELETE', `/events/${draft.id}`, undefined],
      ] as const) {
        const res = await api(method, path, { caller: organizer, body });
        expect({ method, path, status: res.status, code: res.json().code }).toEqual({
          method,
          path,
          status: 409,
          code: 'INVALID_EVENT_STATE',
        });
      }
    });

    it('still shows a cancelled public event to anyone, to learn that it is cancelled', async () => {
      const read = await anonymousReadWhen(`/events/${draft.id}`, (e) => e.status === 'cancelled');
      expect(read.json()).toMatchObject({ status: 'cancelled' });
    });

    it('publishes event.cancelled with the reason and the snapshot', async () => {
      const [fact] = await facts.tap.waitFor<EventCancelled>(
        'event.cancelled',
        (p) => p.eventId === draft.id,
      );
      expect(fact.payload).toMatchObject({
        reason: 'The band is ill',
        snapshot: { eventId: draft.id, status: 'cancelled', organizerId: organizer.id },
      });
      expect(fact.producer).toBe('event-service');
    });
  });

  it('deletes drafts only', async () => {
    const draft = await createEvent(organizer);
    expect((await api('DELETE', `/events/${draft.id}`, { caller: organizer })).status).toBe(204);
    expect((await api('GET', `/events/${draft.id}`, { caller: organizer })).status).toBe(404);
    expect((await api('DELETE', `/events/${draft.id}`, { caller: organizer })).status).toBe(404);
  });

  it('publishes only before the start, and moves a published event only into the future', async () => {
    const past = await createEvent(organizer, { startsAt: hoursFromNow(-2), endsAt: hoursFromNow(2) });
    const res = await api('POST', `/events/${past.id}/publish`, { caller: organizer });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ code: 'STARTS_IN_PAST' });

    const event = await publishedEvent(organizer);
    const moved = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { startsAt: hoursFromNow(-1) },
    });
    expect(moved.json()).toMatchObject({ code: 'STARTS_IN_PAST' });
    const endBeforeStart = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { endsAt: hoursFromNow(1) },
    });
    expect(endBeforeStart.status).toBe(400);
    expect(endBeforeStart.json().details.fields).toHaveProperty('endsAt');
  });

  it('reads as completed once its end has passed, and is then frozen', async () => {
    const event = await publishedEvent(organizer, {
      startsAt: new Date(Date.now() + 1500).toISOString(),
      endsAt: new Date(Date.now() + 2500).toISOString(),
    });
    await eventually(
      async () =>
        (await api('GET', `/events/${event.id}`)).json().status === 'completed' ? true : undefined,
      10000,
      'the event to read as completed',
    );
    for (const [method, path, body] of [
      ['PATCH', `/events/${event.id}`, { title: 'Encore' }],
      ['POST', `/events/${event.id}/cancel`, {}],
      ['POST', `/events/${event.id}/publish`, undefined],
    ] as const) {
      const res = await api(method, path, { caller: organizer, body });
      expect({ method, code: res.json().code, status: res.json().details?.status }).toEqual({
        method,
        code: 'INVALID_EVENT_STATE',
        status: 'completed',
      });
    }
  });
});
