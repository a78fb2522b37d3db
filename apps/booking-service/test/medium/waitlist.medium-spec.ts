// The waiting list's rules against booking-service's real database (medium tier): positions under
// concurrent joins, offers under concurrent cancellations, accept racing expiry, expiry across a restart.
import { AuthUser, Role } from '@evently/auth';
import { EventSnapshot } from '@evently/contracts';
import { makeEventSnapshot } from '@evently/testing/facts';
import { codeOf, MediumService, startMedium, withAtMostInFlight } from '@evently/testing/medium';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { InventoryService } from '../../src/inventory/inventory.service';
import { OfferFreedPlaces } from '../../src/use-cases/offer-freed-places';
import { commandsOf } from './commands';
import { OFFER_DEADLINES_IN_SQL } from './offer-deadlines';

const customer = (): AuthUser => ({
  id: randomUUID(),
  email: 'fan@example.test',
  role: Role.Customer,
  tokenVersion: 0,
  sessionId: null,
});

interface EntryRow {
  id: string;
  user_id: string;
  quantity: number;
  status: string;
  seq: string;
  offer_expires_at: Date | null;
  closed_at: Date | null;
  booking_id: string | null;
}

describe('waiting list, medium tier', () => {
  let svc: MediumService;
  let inventory: InventoryService;
  let offers: OfferFreedPlaces;

  beforeAll(async () => {
    svc = await startMedium(AppModule, 'medium-booking-service');
    inventory = svc.get(InventoryService);
    offers = svc.get(OfferFreedPlaces);
  }, 60_000);
  afterAll(() => svc?.close());

  async function publish(overrides: Partial<EventSnapshot> = {}): Promise<EventSnapshot> {
    const snapshot = makeEventSnapshot({ capacity: 1, ...overrides });
    await svc.dataSource.transaction((manager) => inventory.applySnapshot(manager, snapshot));
    return snapshot;
  }

  const book = (caller: AuthUser, eventId: string, quantity: number) =>
    commandsOf(svc).book(caller, { eventId, quantity });

  const entriesOf = (eventId: string) =>
    svc.query<EntryRow>(`SELECT * FROM waitlist_entries WHERE event_id = $1 ORDER BY seq`, [eventId]);

  const stateOf = async (eventId: string) =>
    (
      await svc.query<{ capacity: number; sold: number; held: number; waiting: number }>(
        `SELECT capacity, sold, held, waiting FROM inventory WHERE event_id = $1`,
        [eventId],
      )
    )[0];

  it('gives 200 people joining at once (50 in flight) the positions 1..200, without gaps or duplicates', async () => {
    const event = await publish({ capacity: 1 });
    await book(customer(), event.eventId, 1);
    const entries = await withAtMostInFlight(50, 200, () =>
      commandsOf(svc).join(customer(), event.eventId, 1),
    );
    const positions = entries.map((e) => e.position).sort((a, b) => a! - b!);
    expect(positions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const rows = await entriesOf(event.eventId);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await stateOf(event.eventId)).waiting).toBe(200);
  }, 60_000);

  it('never offers a place twice nor loses one when 100 cancellations race (50 in flight)', async () => {
    const event = await publish({ capacity: 100 });
    const holders = Array.from({ length: 100 }, () => customer());
    const held = await withAtMostInFlight(50, 100, (i) => book(holders[i], event.eventId, 1));
    // 150 entries asking for 1, 2 or 3 places, joined in this order.
    for (let i = 0; i < 150; i++) await commandsOf(svc).join(customer(), event.eventId, 1 + (i % 3));

    await withAtMostInFlight(50, 100, (i) => commandsOf(svc).cancel(holders[i], held[i].id));

    const state = await stateOf(event.eventId);
    const rows = await entriesOf(event.eventId);
    const offered = rows.filter((r) => r.status === 'offered');
    const waiting = rows.filter((r) => r.status === 'waiting');
    expect(state.sold).toBe(0);
    expect(state.held).toBe(offered.reduce((sum, r) => sum + r.quantity, 0));
    expect(state.held).toBeLessThanOrEqual(100);
    // Nothing lost: whatever is still free fits no waiting entry.
    const free = state.capacity - state.sold - state.held;
    expect(waiting.every((r) => r.quantity > free)).toBe(true);
    expect(state.waiting).toBe(waiting.length);
    const facts = await svc.query<{ entry_id: string }>(
      `SELECT envelope->'payload'->>'entryId' AS entry_id FROM outbox
       WHERE routing_key = 'waitlist.offered' AND envelope->'payload'->>'eventId' = $1`,
      [event.eventId],
    );
    expect(facts.map((f) => f.entry_id).sort()).toEqual(offered.map((r) => r.id).sort());
    const jobs = await svc.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'waitlist.offer-expiry' AND data->>'eventId' = $1`,
      [event.eventId],
    );
    expect(jobs[0].n).toBe(offered.length);
  }, 60_000);

  it('lets exactly one of accept and expiry win when they race at the deadline', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 12; round++) {
      const event = await publish({ capacity: 1 });
      const holder = customer();
      const booking = await book(holder, event.eventId, 1);
      const waiter = customer();
      const entry = await commandsOf(svc).join(waiter, event.eventId, 1);
      await commandsOf(svc).cancel(holder, booking.id);
      // Bring the deadline near: 100 ms from now, by the database clock.
      await svc.query(
        `UPDATE waitlist_entries SET offer_expires_at = clock_timestamp() + interval '100 milliseconds' WHERE id = $1`,
        [entry.entry.id],
      );
      await new Promise((resolve) => setTimeout(resolve, 60 + (round % 6) * 15));
      const expire = async () => {
        // As the job does: retried until the deadline has passed (or the entry is no longer offered).
        for (;;) {
          try {
            return await svc.dataSource.transaction((m) => offers.expire(m, entry.entry.id, event.eventId));
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
      };
      const [accepted] = await Promise.all([
        codeOf(svc.dataSource.transaction((m) => commandsOf(svc).accept(m, waiter, entry.entry.id))),
        expire(),
      ]);
      const [row] = await svc.query<EntryRow>(`SELECT * FROM waitlist_entries WHERE id = $1`, [
        entry.entry.id,
      ]);
      const confirmed = await svc.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bookings WHERE user_id = $1 AND status = 'confirmed'`,
        [waiter.id],
      );
      const state = await stateOf(event.eventId);
      if (accepted === 'OK') {
        expect([row.status, confirmed[0].n, state.sold, state.held]).toEqual(['accepted', 1, 1, 0]);
      } else {
        expect(accepted).toBe('OFFER_EXPIRED');
        expect([row.status, confirmed[0].n, state.sold, state.held]).toEqual(['expired', 0, 0, 0]);
      }
      outcomes.push(row.status);
    }
    expect(outcomes.every((o) => o === 'accepted' || o === 'expired')).toBe(true);
  }, 60_000);

  it('still expires pending offers on time after the service restarts', async () => {
    const event = await publish({ capacity: 3, waitlist: { enabled: true, offerMinutes: 1 } });
    const holder = customer();
    const booking = await book(holder, event.eventId, 3);
    for (let i = 0; i < 3; i++) await commandsOf(svc).join(customer(), event.eventId, 1);
    await commandsOf(svc).cancel(holder, booking.id);
    expect((await entriesOf(event.eventId)).filter((r) => r.status === 'offered')).toHaveLength(3);
    // The minute's deadlines brought to 3 s from now (the entries' and their expiry jobs').
    expect(await svc.query(OFFER_DEADLINES_IN_SQL, [event.eventId, 3])).toHaveLength(3);
    const offered = await entriesOf(event.eventId);

    await svc.close();
    svc = await startMedium(AppModule, 'medium-booking-service');
    inventory = svc.get(InventoryService);
    offers = svc.get(OfferFreedPlaces);

    const deadline = offered[0].offer_expires_at!.getTime();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
    let rows: EntryRow[] = [];
    for (let waited = 0; waited < 30_000; waited += 250) {
      rows = await entriesOf(event.eventId);
      if (rows.every((r) => r.status === 'expired')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(rows.map((r) => r.status)).toEqual(['expired', 'expired', 'expired']);
    for (const row of rows)
      expect(row.closed_at!.getTime()).toBeGreaterThanOrEqual(row.offer_expires_at!.getTime());
    expect(await stateOf(event.eventId)).toMatchObject({ sold: 0, held: 0, waiting: 0 });
  }, 60_000);
});
