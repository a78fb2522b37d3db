// The gateway's micro-cache of public reads (nginx/snippets/micro-cache.conf): anonymous GETs of events and
// availability are served from a copy at most a second old; signed-in requests never touch the cache.
import {
  anonymousReadWhen,
  api,
  availabilityWhen,
  book,
  createEvent,
  makeCaller,
  onSaleEvent,
} from '@evently/testing/evently-api';

const cacheStatus = (res: { headers: Record<string, string | string[] | undefined> }) =>
  res.headers['x-cache-status'] as string | undefined;

describe('the gateway micro-cache of public reads', () => {
  const organizer = makeCaller('organizer');

  it('answers repeated anonymous reads of availability from the cache, and follows a booking within a second or so', async () => {
    const event = await onSaleEvent(organizer, { capacity: 10 });
    await availabilityWhen(event.id, (a) => a.bookable);
    const first = await api('GET', `/availability/${event.id}`);
    const second = await api('GET', `/availability/${event.id}`);
    expect(first.status).toBe(200);
    expect(cacheStatus(first)).toMatch(/^(MISS|EXPIRED|HIT)$/);
    expect(cacheStatus(second)).toBe('HIT');
    expect(second.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ booked: 0, available: 10 });

    expect((await book(makeCaller('customer'), { eventId: event.id, quantity: 2 })).status).toBe(201);
    // Signed in: never from the cache, so right away.
    const fresh = await api('GET', `/availability/${event.id}`, { caller: organizer });
    expect(cacheStatus(fresh)).toBe('BYPASS');
    expect(fresh.json()).toMatchObject({ booked: 2, available: 8 });
    // Anonymous: the copy expires after a second (the bound is the cache's validity, not asserted as a time).
    const followed = await anonymousReadWhen(`/availability/${event.id}`, (a) => a.booked === 2, 5000);
    expect(followed.json()).toMatchObject({ booked: 2, available: 8 });
  });

  it('keeps drafts and private events out of the cache: their organizer reads them, others get 404', async () => {
    const draft = await createEvent(organizer, { title: 'Draft kept out of the cache' });
    const own = await api('GET', `/events/${draft.id}`, { caller: organizer });
    expect(own.status).toBe(200);
    expect(cacheStatus(own)).toBe('BYPASS');
    for (let i = 0; i < 2; i++) {
      const anonymous = await api('GET', `/events/${draft.id}`);
      expect(anonymous.status).toBe(404);
      expect(cacheStatus(anonymous)).not.toBe('HIT');
    }
    // And what an organizer read is never served to anyone else.
    expect((await api('GET', `/availability/${draft.id}`, { caller: organizer })).status).toBe(404);
  });

  it('answers If-None-Match with 304 from the cache, with the event ETag', async () => {
    const event = await onSaleEvent(organizer, { capacity: 5 });
    const read = await api('GET', `/events/${event.id}`);
    const etag = read.headers.etag as string;
    expect(etag).toBe('"2"');
    const again = await api('GET', `/events/${event.id}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(cacheStatus(again)).toBe('HIT');
  });

  it('answers a signed-in If-None-Match from the service: 304 for the current version, 200 after a change', async () => {
    const event = await onSaleEvent(organizer, { capacity: 5 });
    const current = await api('GET', `/events/${event.id}`, {
      caller: organizer,
      headers: { 'if-none-match': '"2"' },
    });
    expect({ status: current.status, cache: cacheStatus(current), body: current.text() }).toEqual({
      status: 304,
      cache: 'BYPASS',
      body: '',
    });
    const edited = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'Edited' },
    });
    expect(edited.headers.etag).toBe('"3"');
    const changed = await api('GET', `/events/${event.id}`, {
      caller: organizer,
      headers: { 'if-none-match': '"2"' },
    });
    expect({ status: changed.status, etag: changed.headers.etag }).toEqual({ status: 200, etag: '"3"' });
    // A write is never answered 304, whatever it is sent with.
    const write = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'Edited again' },
      headers: { 'if-none-match': '"4"' },
    });
    expect(write.status).toBe(200);
  });

  it('does not cache writes, and a signed-in list (mine=true) is per person', async () => {
    const event = await onSaleEvent(organizer, { capacity: 5, title: 'Mine only' });
    const mine = await api('GET', '/events?mine=true&limit=100', { caller: organizer });
    expect(cacheStatus(mine)).toBe('BYPASS');
    const items = (mine.json() as { items: { id: string }[] }).items;
    expect(items.map((e) => e.id)).toContain(event.id);
    const someoneElse = await api('GET', '/events?mine=true&limit=100', { caller: makeCaller('organizer') });
    expect(someoneElse.json().items).toEqual([]);
    const write = await api('PATCH', `/events/${event.id}`, {
      caller: organizer,
      body: { title: 'Mine, renamed' },
    });
    expect(write.status).toBe(200);
    expect(cacheStatus(write)).toBeUndefined(); // a PATCH is not a cacheable method: the cache is not asked
  });
});
