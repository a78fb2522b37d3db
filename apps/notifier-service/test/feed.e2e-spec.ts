// The organizer feed under a sale: 1,000 bookings make 1,000 entries numbered one after another, whichever of
// the test stack's two notifier instances took each fact (the organizer's head row is locked in the transaction
// that numbers an entry, so numbers follow commit order without a gap).
import { api, book, Caller, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';

interface FeedPage {
  items: { seq: number; type: string; eventId: string | null; data: { bookingId?: string } }[];
  nextAfter: number;
  lastSeq: number;
}

const BOOKINGS = 1000;
const PER_BUYER = 10;

/** Books once, again while the gateway or the service asks to wait. */
async function bookOne(buyer: Caller, eventId: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await book(buyer, { eventId, quantity: 1 });
    if (res.status === 201) return;
    if (res.status !== 429 && res.status !== 503)
      throw new Error(`booking failed: ${res.status} ${res.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('booking kept being refused');
}

describe('organizer feed', () => {
  it('numbers 1,000 bookings 1,000 consecutive entries, readable page by page', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await onSaleEvent(organizer, { capacity: BOOKINGS });
    const buyers = Array.from({ length: BOOKINGS / PER_BUYER }, () => makeCaller('customer'));
    // 25 buyers at a time, each booking one place ten times.
    for (let i = 0; i < buyers.length; i += 25) {
      await Promise.all(
        buyers.slice(i, i + 25).map(async (buyer) => {
          for (let n = 0; n < PER_BUYER; n++) await bookOne(buyer, event.id);
        }),
      );
    }
    const read = async (after: number, limit: number) =>
      (
        await api('GET', `/organizer/feed?after=${after}&limit=${limit}`, { caller: organizer })
      ).json() as FeedPage;
    await eventually(
      async () => ((await read(0, 1)).lastSeq >= BOOKINGS + 1 ? true : undefined),
      60_000,
      'the feed',
    );

    const entries: FeedPage['items'] = [];
    for (let after = 0; ;) {
      const page = await read(after, 300);
      entries.push(...page.items);
      if (page.items.length === 0) break;
      after = page.nextAfter;
    }
    expect(entries).toHaveLength(BOOKINGS + 1);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: BOOKINGS + 1 }, (_, i) => i + 1));
    expect(entries[0].type).toBe('event.published');
    const bookings = entries.filter((e) => e.type === 'booking.confirmed').map((e) => e.data.bookingId);
    expect(new Set(bookings).size).toBe(BOOKINGS);

    // Only organizers (and admins) have a feed; each reads their own.
    expectError(await api('GET', '/organizer/feed', { caller: makeCaller('customer') }), 403, 'FORBIDDEN');
    expect((await read(0, 10)).items.every((e) => e.eventId === event.id)).toBe(true);
    const stranger = (
      await api('GET', '/organizer/feed', { caller: makeCaller('organizer') })
    ).json() as FeedPage;
    expect(stranger).toEqual({ items: [], nextAfter: 0, lastSeq: 0 });
  }, 180_000);
});
