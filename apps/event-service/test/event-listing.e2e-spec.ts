import { withServiceDb } from '@evently/testing/service-db';
import { randomBytes } from 'node:crypto';
import {
  api,
  createEvent,
  EventBody,
  hoursFromNow,
  makeCaller,
  publishedEvent,
} from '@evently/testing/evently-api';

/** A city no other spec uses, so that a listing filtered by it sees only this spec's events. */
const uniqueCity = () => `Testville ${randomBytes(4).toString('hex')}`;
const DAY = 24;

async function listAll(query: string, caller = undefined as ReturnType<typeof makeCaller> | undefined) {
  const res = await api('GET', `/events?${query}`, { caller });
  expect(res.status).toBe(200);
  return res.json() as { items: EventBody[]; nextCursor: string | null };
}

describe('event-service: listing and search through the gateway', () => {
  const organizer = makeCaller('organizer');

  it('lists published public events only, and mine=true shows the caller all of theirs', async () => {
    const city = uniqueCity();
    const pub = await publishedEvent(organizer, { venue: { name: 'Hall', city } });
    const priv = await publishedEvent(organizer, { venue: { name: 'Hall', city }, visibility: 'private' });
    const draft = await createEvent(organizer, { venue: { name: 'Hall', city } });
    const cancelled = await publishedEvent(organizer, { venue: { name: 'Hall', city } });
    await api('POST', `/events/${cancelled.id}/cancel`, { caller: organizer, body: {} });
    const someoneElse = await publishedEvent(makeCaller('organizer'), {
      venue: { name: 'Hall', city },
      visibility: 'private',
    });

    const listed = await listAll(`city=${encodeURIComponent(city)}`);
    expect(listed.items.map((e) => e.id)).toEqual([pub.id]);

    const mine = await listAll(`city=${encodeURIComponent(city)}&mine=true`, organizer);
    expect(mine.items.map((e) => e.id).sort()).toEqual([pub.id, priv.id, draft.id, cancelled.id].sort());
    expect(mine.items.map((e) => e.id)).not.toContain(someoneElse.id);

    // Private: readable by its organizer and admins only.
    expect((await api('GET', `/events/${priv.id}`)).status).toBe(404);
    expect((await api('GET', `/events/${priv.id}`, { caller: makeCaller('customer') })).status).toBe(404);
    expect((await api('GET', `/events/${priv.id}`, { caller: organizer })).status).toBe(200);
    expect((await api('GET', `/events/${priv.id}`, { caller: makeCaller('admin') })).status).toBe(200);

    const anonymousMine = await api('GET', '/events?mine=true');
    expect(anonymousMine.status).toBe(401);
  });

  it('finds events by words of the title or description, by city, venue and start dates', async () => {
    const city = uniqueCity();
    const word = `zephyr${randomBytes(3).toString('hex')}`;
    const inCity = (overrides: Record<string, unknown>) =>
      publishedEvent(organizer, { venue: { name: 'Main Stage', city }, ...overrides });
    const concert = await inCity({
      title: `Harbour ${word} concerts`,
      startsAt: hoursFromNow(10 * DAY),
      endsAt: hoursFromNow(10 * DAY + 2),
    });
    const talk = await inCity({
      title: 'Evening talk',
      description: `On the ${word} winds of the Atlantic`,
      startsAt: hoursFromNow(20 * DAY),
      endsAt: hoursFromNow(20 * DAY + 2),
    });
    const other = await inCity({
      title: 'Something else',
      venue: { name: 'Side Room', city },
      startsAt: hoursFromNow(30 * DAY),
      endsAt: hoursFromNow(30 * DAY + 2),
    });
    const elsewhere = await publishedEvent(organizer, {
      title: `A ${word} concert`,
      venue: { name: 'Main Stage', city: uniqueCity() },
    });

    const ids = async (query: string) => (await listAll(query)).items.map((e) => e.id);
    // Stemmed full-text search: "concert" finds "concerts"; the title and the description both count.
    expect((await ids(`q=${word}+concert`)).sort()).toEqual([concert.id, elsewhere.id].sort());
    expect(await ids(`q=${word}&city=${encodeURIComponent(city)}`)).toEqual([concert.id, talk.id]);
    expect(await ids(`q=${word}&city=${encodeURIComponent(city.toUpperCase())}`)).toEqual([
      concert.id,
      talk.id,
    ]);
    expect(await ids(`q=${word}+-atlantic&city=${encodeURIComponent(city)}`)).toEqual([concert.id]);
    expect(await ids(`city=${encodeURIComponent(city)}&venue=side+room`)).toEqual([other.id]);
    const from = encodeURIComponent(hoursFromNow(15 * DAY));
    const to = encodeURIComponent(hoursFromNow(25 * DAY));
    expect(await ids(`city=${encodeURIComponent(city)}&from=${from}&to=${to}`)).toEqual([talk.id]);
    expect(await ids(`city=${encodeURIComponent(city)}&from=${from}`)).toEqual([talk.id, other.id]);

    const backwards = await api('GET', `/events?from=${to}&to=${from}`);
    expect(backwards.status).toBe(400);
    const noOffset = await api('GET', '/events?from=2030-01-01T00:00:00');
    expect(noOffset.json().details.fields).toHaveProperty('from');
    const badLimit = await api('GET', '/events?limit=101');
    expect(badLimit.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const badCursor = await api('GET', '/events?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.json()).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('pages by (startsAt, id) with no duplicate or gap while events are inserted between pages', async () => {
    const city = uniqueCity();
    const at = (days: number) => ({
      venue: { name: 'Arena', city },
      startsAt: hoursFromNow(days * DAY),
      endsAt: hoursFromNow(days * DAY + 2),
    });
    // Three share a start time: the id breaks the tie, also across a page boundary.
    const sameStart = at(12);
    const initial: EventBody[] = [];
    for (const spec of [at(10), at(11), sameStart, sameStart, sameStart, at(13), at(14)]) {
      initial.push(await publishedEvent(organizer, spec));
    }
    const expectedOrder = [...initial].sort(
      (a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id),
    );

    const seen: string[] = [];
    const inserted: EventBody[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listAll(
        `city=${encodeURIComponent(city)}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
      if (pages === 1) {
        // One before the cursor (never shown, the pages already passed it) and one after it (shown once).
        inserted.push(await publishedEvent(organizer, at(9)));
        inserted.push(await publishedEvent(organizer, at(13.5)));
      }
    } while (cursor && pages < 10);

    expect(new Set(seen).size).toBe(seen.length);
    const expected = [...expectedOrder, inserted[1]]
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
      .map((e) => e.id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('answers full-text queries from the GIN index, not a scan of every row', async () => {
    const plan = await withServiceDb('event-service', async (client) => {
      // A test table is small enough that a scan would win on cost; forbid it to see that the index serves.
      await client.query('SET enable_seqscan = off');
      const rows = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM events WHERE search @@ websearch_to_tsquery('english', 'jazz concert')`,
      );
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on events_search_idx/);
  });
});
