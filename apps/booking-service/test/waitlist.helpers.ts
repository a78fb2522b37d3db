// What the waiting-list specs share: joining, reading an entry until it reaches a status, sold-out events.
import { eventually } from '@evently/testing/eventually';
import { api, book, Caller, makeCaller, onSaleEvent } from '@evently/testing/evently-api';
import { queryServiceDb } from '@evently/testing/service-db';
import { OFFER_DEADLINES_IN_SQL } from './medium/offer-deadlines';

export interface Entry {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: string;
  position: number | null;
  offerExpiresAt: string | null;
  offeredSeats: string[];
  bookingId: string | null;
}

export const join = (caller: Caller, eventId: string, quantity = 1) =>
  api('POST', '/waitlist', { caller, body: { eventId, quantity } });

export async function joined(caller: Caller, eventId: string, quantity = 1): Promise<Entry> {
  const res = await join(caller, eventId, quantity);
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${res.text()}`);
  return res.json() as Entry;
}

export async function entryOf(caller: Caller, entryId: string): Promise<Entry> {
  const entry = await readEntry(caller, entryId);
  if (!entry) throw new Error(`entry ${entryId} not in the list of its owner`);
  return entry;
}

/** The entry as its owner lists it; undefined while the read is refused (busy, rate-limited) or it is absent. */
async function readEntry(caller: Caller, entryId: string): Promise<Entry | undefined> {
  const res = await api('GET', '/waitlist?limit=100', { caller });
  if (res.status !== 200) return undefined;
  return (res.json().items as Entry[]).find((e) => e.id === entryId);
}

/** The entry once it reaches `status` (offers are made in the transaction that frees places). */
export const entryWhen = (caller: Caller, entryId: string, status: string, timeoutMs = 10000) =>
  eventually(
    async () => {
      const entry = await readEntry(caller, entryId);
      return entry?.status === status ? entry : undefined;
    },
    timeoutMs,
    `entry ${entryId} ${status}`,
  );

export const cancelBooking = (caller: Caller, bookingId: string) =>
  api('POST', `/bookings/${bookingId}/cancel`, { caller });

/** A general-admission event with `capacity` places, all sold to one holder. */
export async function soldOut(capacity: number, overrides: Record<string, unknown> = {}) {
  const organizer = makeCaller('organizer');
  const event = await onSaleEvent(organizer, { capacity, ...overrides });
  const holder = makeCaller('customer');
  const bookings: string[] = [];
  for (let left = capacity; left > 0; left -= Math.min(left, 10)) {
    const res = await book(holder, { eventId: event.id, quantity: Math.min(left, 10) });
    expect(res.status).toBe(201);
    bookings.push(res.json().id as string);
  }
  return { organizer, event, holder, bookings };
}

/** `OFFER_DEADLINES_IN_SQL` on the test stack's booking-service: how many offers' deadlines moved. */
export async function offerDeadlinesIn(eventId: string, seconds: number): Promise<number> {
  return (await queryServiceDb('booking-service', OFFER_DEADLINES_IN_SQL, [eventId, seconds])).length;
}
