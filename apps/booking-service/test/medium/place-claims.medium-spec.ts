// General-admission places claimed before the booking's transaction (medium tier): a booking through a claim,
// the claim given back when the transaction fails, swept when its request died, voided by a cancellation.
import { AuthUser } from '@evently/auth';
import { OutboxService } from '@evently/messaging';
import { randomUUID } from 'node:crypto';
import { eventually } from '@evently/testing/eventually';
import { codeOf } from '@evently/testing/medium';
import { BookingRepository } from '../../src/booking/booking.repository';
import { PlaceClaims } from '../../src/inventory/place-claims.service';
import { TicketService } from '../../src/ticket/ticket.service';
import { BookingService } from '../../src/booking/booking.service';
import { ReleaseClaim } from '../../src/use-cases/release-claim';
import { customer, useBookingMedium } from './booking-medium';

describe('booking-service, medium tier: claimed general-admission places', () => {
  const m = useBookingMedium();

  /**
   * As POST /bookings: claim first, then book (in a transaction with an Idempotency-Key, as one statement of
   * its own without), give back if it fails.
   */
  const bookClaimed = (caller: AuthUser, request: { eventId: string; quantity: number }, key?: string) =>
    m.placer.execute(caller, request, key, {
      done: (b) => ({ status: 201, body: b }),
      refused: (e) => ({ status: e.status, body: e.code }),
    });
  const claimsOf = async (eventId: string) =>
    (
      await m.svc.query<{ n: number }>('SELECT count(*)::int AS n FROM place_claims WHERE event_id = $1', [
        eventId,
      ])
    )[0].n;
  const ticketsOf = async (eventId: string, userId: string) =>
    (
      await m.svc.query<{ tickets: number }>(
        'SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2',
        [eventId, userId],
      )
    )[0]?.tickets ?? 0;
  /** What an event has sold, what the buyer holds and how many claims are open, read together. */
  const placesOf = async (eventId: string, userId: string) => ({
    sold: await m.soldOf(eventId),
    tickets: await ticketsOf(eventId, userId),
    claims: await claimsOf(eventId),
  });

  /** The booking's other writes: its bookings, its facts' payloads, and the event's counters (all shards). */
  const writesOf = async (eventId: string, userId: string) => ({
    bookings: await m.svc.query<{ quantity: number; status: string }>(
      'SELECT quantity, status FROM bookings WHERE event_id = $1 AND user_id = $2',
      [eventId, userId],
    ),
    facts: (
      await m.svc.query<{ routing_key: string; payload: { userId: string; quantity: number } }>(
        `SELECT routing_key, envelope->'payload' AS payload FROM outbox
         WHERE envelope->'payload'->>'eventId' = $1 AND published_at IS NULL`,
        [eventId],
      )
    ).map((f) => ({ key: f.routing_key, userId: f.payload.userId, quantity: f.payload.quantity })),
    counters: (
      await m.svc.query<{ totals: string; days: string; organizer_days: string }>(
        `SELECT (SELECT concat_ws('/', sum(bookings), sum(tickets)) FROM event_stats WHERE event_id = $1) AS totals,
                (SELECT concat_ws('/', sum(bookings), sum(tickets)) FROM event_daily_stats WHERE event_id = $1) AS days,
                (SELECT concat_ws('/', sum(bookings), sum(tickets)) FROM organizer_daily_stats o
                 JOIN inventory i ON i.organizer_id = o.organizer_id WHERE i.event_id = $1) AS organizer_days`,
        [eventId],
      )
    )[0],
  });

  it('books through a claim, with its fact and counters, and leaves no claim behind', async () => {
    const event = await m.publish();
    const buyer = customer();
    expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 2 })).status).toBe(201);
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 2, tickets: 2, claims: 0 });
    expect(await writesOf(event.eventId, buyer.id)).toEqual({
      bookings: [{ quantity: 2, status: 'confirmed' }],
      facts: [{ key: 'booking.confirmed', userId: buyer.id, quantity: 2 }],
      counters: { totals: '1/2', days: '1/2', organizer_days: '1/2' },
    });
  });

  it('books without a key in one statement, no transaction: booking, tickets, fact and counters', async () => {
    const event = await m.publish();
    const buyer = customer();
    // Background loops open transactions of their own meanwhile: what is checked is the booking's path.
    const bookings = m.svc.get(BookingService);
    const alone = jest.spyOn(bookings, 'confirmAlone');
    const inTransaction = jest.spyOn(bookings, 'confirm');
    // The relay, woken once the statement returns, is held back: the fact stays unsent to be read below.
    const woken = jest.spyOn(m.svc.get(OutboxService), 'written').mockImplementation(() => undefined);
    expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 2 })).status).toBe(201);
    expect(inTransaction).not.toHaveBeenCalled();
    expect(alone).toHaveBeenCalledTimes(1);
    expect(alone.mock.calls[0][0].queryRunner?.isTransactionActive).toBeFalsy();
    expect(woken).toHaveBeenCalledTimes(1);
    jest.restoreAllMocks();
    expect(await writesOf(event.eventId, buyer.id)).toMatchObject({
      bookings: [{ quantity: 2, status: 'confirmed' }],
      facts: [{ key: 'booking.confirmed', userId: buyer.id, quantity: 2 }],
    });
    const tickets = await m.svc.query<{ position: number; ticket_type_id: string | null }>(
      'SELECT position, ticket_type_id FROM tickets WHERE event_id = $1 AND user_id = $2 ORDER BY position',
      [event.eventId, buyer.id],
    );
    expect(tickets.map((t) => t.position)).toEqual([1, 2]);
    expect(tickets.every((t) => t.ticket_type_id !== null)).toBe(true);
  });

  it('writes nothing of a keyless booking whose tickets cannot be issued, and gives its places back', async () => {
    const event = await m.publish();
    const taken = customer();
    expect((await bookClaimed(taken, { eventId: event.eventId, quantity: 1 })).status).toBe(201);
    const [{ id: existing }] = await m.svc.query<{ id: string }>(
      'SELECT id FROM tickets WHERE user_id = $1',
      [taken.id],
    );
    // The buyer's ticket id collides with an issued one: the statement's last write fails.
    const tickets = m.svc.get(TicketService);
    const drafts = tickets.drafts.bind(tickets);
    jest
      .spyOn(tickets, 'drafts')
      .mockImplementationOnce((...args) => drafts(...args).map((d) => ({ ...d, id: existing })));
    const buyer = customer();
    await expect(bookClaimed(buyer, { eventId: event.eventId, quantity: 1 })).rejects.toThrow(
      /duplicate key/,
    );
    jest.restoreAllMocks();
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 1, tickets: 0, claims: 0 });
    const writes = await writesOf(event.eventId, buyer.id);
    expect(writes.bookings).toEqual([]);
    expect(writes.facts.filter((f) => f.userId === buyer.id)).toEqual([]);
    expect(writes.counters.totals).toBe('1/1'); // the first buyer's booking alone
  });

  /** The transaction fails after the booking's writes (the claim deleted, booking, fact, counters). */
  const failAfterBooking = () => {
    const repository = m.svc.get(BookingRepository);
    const write = repository.confirm.bind(repository);
    return jest.spyOn(repository, 'confirm').mockImplementationOnce(async (...args) => {
      await write(...args);
      throw new Error('injected fault');
    });
  };

  it('gives the places and the count back when the transaction fails after the claim', async () => {
    const event = await m.publish();
    const buyer = customer();
    const fault = failAfterBooking();
    await expect(bookClaimed(buyer, { eventId: event.eventId, quantity: 2 }, randomUUID())).rejects.toThrow(
      'injected fault',
    );
    fault.mockRestore();
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 0, tickets: 0, claims: 0 });
    expect(await writesOf(event.eventId, buyer.id)).toEqual({
      bookings: [],
      facts: [],
      counters: { totals: '', days: '', organizer_days: '' },
    });
  });

  it('reports the transaction error even if giving back fails, and gives the claim back once it can', async () => {
    const event = await m.publish();
    const buyer = customer();
    const fault = failAfterBooking();
    const undo = jest
      .spyOn(m.svc.get(ReleaseClaim), 'execute')
      .mockRejectedValueOnce(new Error('database gone'));
    await expect(bookClaimed(buyer, { eventId: event.eventId, quantity: 3 }, randomUUID())).rejects.toThrow(
      'injected fault',
    );
    fault.mockRestore();
    // The first attempt failed; the background one (the database answers again) gives the places back.
    await eventually(async () => ((await claimsOf(event.eventId)) === 0 ? true : undefined), 5_000);
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 0, tickets: 0, claims: 0 });
    expect(undo).toHaveBeenCalledTimes(2);
    undo.mockRestore();
  });

  it('gives back a claim left behind once it is older than the TTL (its process died)', async () => {
    const event = await m.publish();
    const buyer = customer();
    await m.placer.claim(buyer, m.bookings.orderOf({ eventId: event.eventId, quantity: 3 }));
    // Not yet stale, and its instance (this one) alive: the sweeper leaves it.
    await m.svc.get(ReleaseClaim).sweep();
    expect(await claimsOf(event.eventId)).toBe(1);
    await m.svc.query(`UPDATE place_claims SET created_at = now() - interval '1 day' WHERE event_id = $1`, [
      event.eventId,
    ]);
    await m.svc.get(ReleaseClaim).sweep();
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 0, tickets: 0, claims: 0 });
  });

  it('gives a buyer back the claims their request left when its instance died, as they claim again', async () => {
    const event = await m.publish({ capacity: 3 });
    const buyer = customer();
    await m.placer.claim(buyer, m.bookings.orderOf({ eventId: event.eventId, quantity: 3 }));
    await m.svc.query(`UPDATE place_claims SET claimed_by = $2 WHERE event_id = $1`, [
      event.eventId,
      randomUUID(),
    ]);
    // Sold out by the abandoned claim alone; the buyer's retry gets the places.
    expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 3 })).status).toBe(201);
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 3, tickets: 3, claims: 0 });
  });

  it('gives back at once the places of a claim whose instance is gone, and only those', async () => {
    const event = await m.publish();
    const gone = customer();
    const alive = customer();
    await m.placer.claim(gone, m.bookings.orderOf({ eventId: event.eventId, quantity: 2 }));
    await m.placer.claim(alive, m.bookings.orderOf({ eventId: event.eventId, quantity: 1 }));
    // The first was claimed by an instance killed since (no heartbeat); the second by this live one.
    await m.svc.query(`UPDATE place_claims SET claimed_by = $2 WHERE event_id = $1 AND user_id = $3`, [
      event.eventId,
      randomUUID(),
      gone.id,
    ]);
    await m.svc.get(ReleaseClaim).sweep();
    expect(await placesOf(event.eventId, gone.id)).toEqual({ sold: 1, tickets: 0, claims: 1 });
    expect(await ticketsOf(event.eventId, alive.id)).toBe(1);
  });

  it('refuses over the per-person limit and when sold out without taking anything', async () => {
    const event = await m.publish({ capacity: 12 });
    const buyer = customer();
    expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 9 })).status).toBe(201);
    expect(await codeOf(bookClaimed(buyer, { eventId: event.eventId, quantity: 2 }))).toBe('LIMIT_EXCEEDED');
    expect(await codeOf(bookClaimed(customer(), { eventId: event.eventId, quantity: 4 }))).toBe('SOLD_OUT');
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 9, tickets: 9, claims: 0 });
  });

  it('voids claims in flight when the event is cancelled: such a booking is refused', async () => {
    const event = await m.publish();
    const buyer = customer();
    const order = m.bookings.orderOf({ eventId: event.eventId, quantity: 1 });
    const claim = await m.placer.claim(buyer, order);
    expect(await m.soldOf(event.eventId)).toBe(1);
    await m.svc.dataSource.transaction(async (manager) => {
      await m.inventory.closeForSale(manager, event.eventId);
      await m.svc.get(PlaceClaims).voidAll(manager, event.eventId);
    });
    expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 0, tickets: 0, claims: 0 });
    const late = m.svc.dataSource.transaction((manager) => m.placer.book(manager, buyer, order, claim));
    expect(await codeOf(late)).toBe('EVENT_NOT_BOOKABLE');
  });

  it('refuses many bookings whose claims were voided at once, without a second connection each', async () => {
    // More transactions than the pool has connections, each finding its claim gone: a diagnosis that
    // needed another connection while holding one would leave them all waiting for the pool.
    const event = await m.publish({ capacity: 100 });
    const orders = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const buyer = customer();
        const order = m.bookings.orderOf({ eventId: event.eventId, quantity: 1 });
        return { buyer, order, claim: await m.placer.claim(buyer, order) };
      }),
    );
    await m.svc.dataSource.transaction(async (manager) => {
      await m.inventory.closeForSale(manager, event.eventId);
      await m.svc.get(PlaceClaims).voidAll(manager, event.eventId);
    });
    const codes = await Promise.all(
      orders.map(({ buyer, order, claim }) =>
        codeOf(m.svc.dataSource.transaction((manager) => m.placer.book(manager, buyer, order, claim))),
      ),
    );
    expect(new Set(codes)).toEqual(new Set(['EVENT_NOT_BOOKABLE']));
  }, 30_000);
});
