// booking-service's rules against its real database (medium tier): what one transaction writes, what a
// refusal leaves, concurrency, cancellation, idempotency. No HTTP, no gateway, no other service.
import { AuthUser, Role } from '@evently/auth';
import { AppException } from '@evently/common';
import { EventSnapshot } from '@evently/contracts';
import { randomUUID } from 'node:crypto';
import { eventually } from '@evently/testing/eventually';
import { makeEventSnapshot } from '@evently/testing/facts';
import { codeOf, startMedium, MediumService } from '@evently/testing/medium';
import { AppModule } from '../../src/app.module';
import { BookingRepository } from '../../src/booking/booking.repository';
import { BookingService } from '../../src/booking/booking.service';
import { InstanceHeartbeat } from '../../src/instance/instance-heartbeat';
import { IdempotencyRepository } from '../../src/idempotency/idempotency.repository';
import { requestHash } from '../../src/idempotency/idempotency.service';
import { UndoWhenBack } from '../../src/idempotency/undo-when-back';
import { InventoryService } from '../../src/inventory/inventory.service';
import { PlaceClaims } from '../../src/inventory/place-claims.service';
import { ApplyEventFacts } from '../../src/use-cases/apply-event-facts';
import { CancelBooking } from '../../src/use-cases/cancel-booking';
import { PlaceBooking } from '../../src/use-cases/place-booking';
import { ReleaseClaim } from '../../src/use-cases/release-claim';
import { BookingEntity } from '../../src/booking/booking.entity';
import { BookingRequest } from '../../src/booking/booking.rules';

const customer = (): AuthUser => ({
  id: randomUUID(),
  email: 'buyer@example.test',
  role: Role.Customer,
  tokenVersion: 0,
  sessionId: null,
});

const seatsOf = (labels: string[]) =>
  labels.map((label) => {
    const [section, row, number] = label.split('-');
    return { label, section, row: Number(row), number: Number(number) };
  });

describe('booking-service, medium tier', () => {
  let svc: MediumService;
  let bookings: BookingService;
  let inventory: InventoryService;
  let placer: PlaceBooking;

  beforeAll(async () => {
    svc = await startMedium(AppModule, 'medium-booking-service');
    bookings = svc.get(BookingService);
    inventory = svc.get(InventoryService);
    placer = svc.get(PlaceBooking);
  }, 60_000);
  afterAll(() => svc.close());

  async function publish(overrides: Partial<EventSnapshot> = {}): Promise<EventSnapshot> {
    const snapshot = makeEventSnapshot({ capacity: 5, ...overrides });
    await svc.dataSource.transaction((manager) => inventory.applySnapshot(manager, snapshot));
    return snapshot;
  }

  /** Books as POST /bookings does without a key (a refusal is thrown); the booking as stored. */
  const book = async (caller: AuthUser, request: BookingRequest): Promise<BookingEntity> => {
    const entity = {
      done: (b: BookingEntity) => ({ status: 201, body: b }),
      refused: () => ({ status: 0, body: null }),
    };
    return (await placer.execute(caller, request, undefined, entity)).body as BookingEntity;
  };

  const outboxOf = (eventId: string) =>
    svc.query<{ routing_key: string }>(
      `SELECT routing_key FROM outbox WHERE envelope->'payload'->>'eventId' = $1 ORDER BY created_at`,
      [eventId],
    );

  const soldOf = async (eventId: string) =>
    (await svc.query<{ sold: number }>(`SELECT sold FROM inventory WHERE event_id = $1`, [eventId]))[0].sold;

  it('sells places, counts the buyer’s tickets and writes booking.confirmed in one transaction', async () => {
    const event = await publish();
    const buyer = customer();
    const booking = await book(buyer, { eventId: event.eventId, quantity: 2 });
    expect(await soldOf(event.eventId)).toBe(2);
    const [tickets] = await svc.query<{ tickets: number }>(
      `SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2`,
      [event.eventId, buyer.id],
    );
    expect(tickets.tickets).toBe(2);
    expect((await outboxOf(event.eventId)).map((r) => r.routing_key)).toEqual(['booking.confirmed']);
    expect(booking).toMatchObject({ quantity: 2, status: 'confirmed', seats: [] });
  });

  it('leaves nothing written when it refuses (sold out)', async () => {
    const event = await publish({ capacity: 1 });
    await book(customer(), { eventId: event.eventId, quantity: 1 });
    const late = customer();
    expect(await codeOf(book(late, { eventId: event.eventId, quantity: 1 }))).toBe('SOLD_OUT');
    expect(await soldOf(event.eventId)).toBe(1);
    const rows = await svc.query<{ n: number }>(
      `SELECT (SELECT count(*)::int FROM bookings WHERE user_id = $1)
            + (SELECT count(*)::int FROM user_event_tickets WHERE user_id = $1) AS n`,
      [late.id],
    );
    expect(rows[0].n).toBe(0);
    expect(await outboxOf(event.eventId)).toHaveLength(1);
  });

  it('never oversells: 40 buyers at once for 7 places get exactly 7 bookings', async () => {
    const event = await publish({ capacity: 7 });
    const codes = await Promise.all(
      Array.from({ length: 40 }, () => codeOf(book(customer(), { eventId: event.eventId, quantity: 1 }))),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(7);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'SOLD_OUT')).toBe(true);
    expect(await soldOf(event.eventId)).toBe(7);
  });

  it('never sells one seat twice: 20 buyers at once for two overlapping seats', async () => {
    const event = await publish({ capacity: null, seats: seatsOf(['A-1-1', 'A-1-2', 'A-1-3']) });
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(
          book(customer(), {
            eventId: event.eventId,
            seats: i % 2 ? ['A-1-1', 'A-1-2'] : ['A-1-2', 'A-1-3'],
          }),
        ),
      ),
    );
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    const taken = await svc.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM seats WHERE event_id = $1 AND booking_id IS NOT NULL`,
      [event.eventId],
    );
    expect(taken[0].n).toBe(2);
  });

  it('refuses a seat already sold, or unknown, before the booking writes anything', async () => {
    const event = await publish({ capacity: null, seats: seatsOf(['C-1-1', 'C-1-2']) });
    await book(customer(), { eventId: event.eventId, seats: ['C-1-1'] });
    const repository = svc.get(BookingRepository);
    const writes = jest.spyOn(repository, 'addTickets');
    try {
      expect(await codeOf(book(customer(), { eventId: event.eventId, seats: ['C-1-2', 'C-1-1'] }))).toBe(
        'SEAT_UNAVAILABLE',
      );
      expect(await codeOf(book(customer(), { eventId: event.eventId, seats: ['C-1-9'] }))).toBe(
        'UNKNOWN_SEATS',
      );
      expect(writes).not.toHaveBeenCalled();
    } finally {
      writes.mockRestore();
    }
    expect(await codeOf(book(customer(), { eventId: event.eventId, seats: ['C-1-2'] }))).toBe('OK');
  });

  it('gives back places, seats and tickets when a booking is cancelled, with booking.cancelled', async () => {
    const event = await publish({ capacity: null, seats: seatsOf(['B-1-1', 'B-1-2']) });
    const buyer = customer();
    const booking = await book(buyer, { eventId: event.eventId, seats: ['B-1-2', 'B-1-1'] });
    const cancelled = await svc.get(CancelBooking).execute(buyer, booking.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'USER_CANCELLED' });
    const [state] = await svc.query<{ seats: number; tickets: number }>(
      `SELECT (SELECT count(*)::int FROM seats WHERE event_id = $1 AND booking_id IS NOT NULL) AS seats,
              (SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2) AS tickets`,
      [event.eventId, buyer.id],
    );
    expect(state).toEqual({ seats: 0, tickets: 0 });
    expect((await outboxOf(event.eventId)).map((r) => r.routing_key)).toEqual([
      'booking.confirmed',
      'booking.cancelled',
    ]);
  });

  it('cancels every booking of a cancelled event once, and sells nothing more', async () => {
    const event = await publish({ capacity: 10 });
    for (let i = 0; i < 3; i++) await book(customer(), { eventId: event.eventId, quantity: 1 });
    const fact = {
      eventId: event.eventId,
      reason: 'Flood',
      snapshot: { ...event, version: 3, status: 'cancelled' as const },
    };
    await svc.dataSource.transaction((manager) => svc.get(ApplyEventFacts).cancelled(manager, fact));
    await svc.dataSource.transaction((manager) => svc.get(ApplyEventFacts).cancelled(manager, fact));
    const keys = (await outboxOf(event.eventId)).map((r) => r.routing_key);
    expect(keys.filter((k) => k === 'booking.cancelled')).toHaveLength(3);
    expect(await soldOf(event.eventId)).toBe(0);
    expect(await codeOf(book(customer(), { eventId: event.eventId, quantity: 1 }))).toBe(
      'EVENT_NOT_BOOKABLE',
    );
  });

  it('reads the replica of an event as the snapshot stored it, with what it has sold', async () => {
    const event = await publish({ capacity: 9, venue: { name: 'Quay', city: 'Porto', address: 'Rua 1' } });
    await book(customer(), { eventId: event.eventId, quantity: 2 });
    expect({ ...(await inventory.find(event.eventId)) }).toEqual({
      eventId: event.eventId,
      eventVersion: event.version,
      organizerId: event.organizerId,
      title: event.title,
      status: 'published',
      visibility: event.visibility,
      venueName: 'Quay',
      venueCity: 'Porto',
      venueAddress: 'Rua 1',
      startsAt: new Date(event.startsAt),
      endsAt: new Date(event.endsAt),
      capacity: 9,
      seatCount: 0,
      sold: 2,
      held: 0,
      waiting: 0,
      waitlistEnabled: event.waitlist.enabled,
      waitlistOfferMinutes: event.waitlist.offerMinutes,
    });
    expect(await inventory.find(randomUUID())).toBeNull();
  });

  it('ignores a snapshot older than the one held', async () => {
    const event = await publish({ capacity: 5, version: 4 });
    const applied = await svc.dataSource.transaction((manager) =>
      inventory.applySnapshot(manager, { ...event, version: 3, capacity: 1 }),
    );
    expect(applied).toBe(false);
    expect((await inventory.availability(event.eventId, undefined)).capacity).toBe(5);
  });

  describe('under an Idempotency-Key', () => {
    const render = {
      done: (b: { id: string }) => ({ status: 201, body: JSON.stringify({ id: b.id }) }),
      refused: (e: AppException) => ({ status: e.status, body: JSON.stringify({ code: e.code }) }),
    };

    it('books once and answers a repeat with the recorded response', async () => {
      const event = await publish();
      const buyer = customer();
      const request = { eventId: event.eventId, quantity: 1 };
      const idempotent = { userId: buyer.id, key: randomUUID(), request };
      const run = () => placer.execute(buyer, request, idempotent.key, render);
      const first = await run();
      expect(await run()).toEqual(first);
      expect(await soldOf(event.eventId)).toBe(1);
    });

    it('records a refusal and replays it, without booking on the retry', async () => {
      const event = await publish({ capacity: 1 });
      await book(customer(), { eventId: event.eventId, quantity: 1 });
      const buyer = customer();
      const request = { eventId: event.eventId, quantity: 1 };
      const idempotent = { userId: buyer.id, key: randomUUID(), request };
      const refused = await placer.execute(buyer, request, idempotent.key, render);
      expect(refused).toEqual({ status: 409, body: JSON.stringify({ code: 'SOLD_OUT' }) });
      await svc.query(`UPDATE inventory SET capacity = 2 WHERE event_id = $1`, [event.eventId]);
      expect(await placer.execute(buyer, request, idempotent.key, render)).toEqual(refused);
      expect(await soldOf(event.eventId)).toBe(1);
    });

    describe('when the request holding a key fails or its instance dies', () => {
      let heartbeat: InstanceHeartbeat;
      const gate = () => {
        let open: () => void = () => undefined;
        const opened = new Promise<void>((resolve) => (open = resolve));
        return { open, opened };
      };
      const settledWithin = (work: Promise<unknown>, ms: number) =>
        Promise.race([work.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

      beforeEach(() => {
        heartbeat = svc.get(InstanceHeartbeat);
      });

      /** This instance stops beating and looks dead, as one killed mid-request does to the others. */
      async function looksDead(): Promise<void> {
        await heartbeat.onApplicationShutdown();
        await svc.query(`UPDATE booking_instances SET seen_at = now() - interval '1 hour' WHERE id = $1`, [
          heartbeat.instanceId,
        ]);
      }
      afterEach(() => heartbeat.onApplicationBootstrap());

      /** A request for one place whose key is held in flight by `instance`; how a retry of it is run. */
      async function heldBy(instance: string) {
        const event = await publish();
        const buyer = customer();
        const request = { eventId: event.eventId, quantity: 1 };
        const key = randomUUID();
        await svc.query(
          `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at, claim_token, claimed_by)
           VALUES ($1, $2, $3, 'in_flight', now() + interval '1 day', $4, $5)`,
          [buyer.id, key, requestHash(request), randomUUID(), instance],
        );
        const retry = () => placer.execute(buyer, request, key, render);
        return { event, retry };
      }

      it('lets a retry take over at once a key left in flight by an instance that is gone', async () => {
        const { event, retry } = await heldBy(randomUUID());
        expect((await retry()).status).toBe(201);
        expect(await soldOf(event.eventId)).toBe(1);
      });

      it("keeps a live instance's key from a retry (409 in progress) until the lease", async () => {
        const { retry } = await heldBy(heartbeat.instanceId);
        const code = await codeOf(retry());
        expect(code).toBe('IDEMPOTENCY_IN_PROGRESS');
      });

      it('never takes over beside a transaction that may still commit: the retry waits, then replays it', async () => {
        const event = await publish();
        const buyer = customer();
        const request = { eventId: event.eventId, quantity: 1 };
        const idempotent = { userId: buyer.id, key: randomUUID(), request };
        const inside = gate();
        const release = gate();
        const book = placer.book.bind(placer);
        jest.spyOn(placer, 'book').mockImplementationOnce(async (...args) => {
          const booking = await book(...args);
          inside.open();
          await release.opened;
          return booking;
        });
        const original = placer.execute(buyer, request, idempotent.key, render);
        await inside.opened;
        await looksDead();
        const retry = placer.execute(buyer, request, idempotent.key, render);
        expect(await settledWithin(retry, 500)).toBe(false);
        release.open();
        const first = await original;
        expect(await retry).toEqual(first);
        expect(await soldOf(event.eventId)).toBe(1);
      });

      it('stops an original whose key a retry took over before its transaction began: one booking', async () => {
        const event = await publish();
        const buyer = customer();
        const request = { eventId: event.eventId, quantity: 1 };
        const idempotent = { userId: buyer.id, key: randomUUID(), request };
        const preparing = gate();
        const release = gate();
        const work = () => placer.execute(buyer, request, idempotent.key, render);
        const claim = placer.claim.bind(placer);
        jest.spyOn(placer, 'claim').mockImplementationOnce(async (...args) => {
          preparing.open();
          await release.opened;
          return claim(...args);
        });
        const original = work();
        await preparing.opened;
        await looksDead();
        const takeOver = await work();
        expect(takeOver.status).toBe(201);
        release.open();
        expect(await original).toEqual({
          status: 409,
          body: JSON.stringify({ code: 'IDEMPOTENCY_IN_PROGRESS' }),
        });
        expect(await soldOf(event.eventId)).toBe(1);
        // The retry's answer is the one recorded.
        expect(await work()).toEqual(takeOver);
      });

      it('releases the key of a failed request as soon as the database answers again', async () => {
        const event = await publish();
        const buyer = customer();
        const request = { eventId: event.eventId, quantity: 1 };
        const idempotent = { userId: buyer.id, key: randomUUID(), request };
        const keys = svc.get(IdempotencyRepository);
        const lost = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        const release = jest.spyOn(keys, 'release').mockRejectedValueOnce(lost);
        try {
          await expect(
            (jest.spyOn(placer, 'book').mockRejectedValueOnce(new Error('Connection terminated')),
            placer.execute(buyer, request, idempotent.key, render)),
          ).rejects.toThrow('Connection terminated');
          // The release failed; the key is released in the background, and the retry books.
          await eventually(() => (svc.get(UndoWhenBack).size === 0 ? true : undefined), 5_000);
          const retry = await placer.execute(buyer, request, idempotent.key, render);
          expect(retry.status).toBe(201);
          expect(release).toHaveBeenCalledTimes(2);
        } finally {
          release.mockRestore();
        }
      });
    });

    it('refuses the same key for a different request', async () => {
      const event = await publish();
      const buyer = customer();
      const key = randomUUID();
      const first = { eventId: event.eventId, quantity: 1 };
      await placer.execute(buyer, first, key, render);
      const second = { eventId: event.eventId, quantity: 2 };
      const code = await codeOf(placer.execute(buyer, second, key, render));
      expect(code).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('claimed general-admission places', () => {
    /** As POST /bookings: claim before the transaction, book in it, give back if it fails. */
    const bookClaimed = (caller: AuthUser, request: { eventId: string; quantity: number }) =>
      placer.execute(caller, request, undefined, {
        done: (b) => ({ status: 201, body: b }),
        refused: (e) => ({ status: e.status, body: e.code }),
      });
    const claimsOf = async (eventId: string) =>
      (
        await svc.query<{ n: number }>('SELECT count(*)::int AS n FROM place_claims WHERE event_id = $1', [
          eventId,
        ])
      )[0].n;
    const ticketsOf = async (eventId: string, userId: string) =>
      (
        await svc.query<{ tickets: number }>(
          'SELECT tickets FROM user_event_tickets WHERE event_id = $1 AND user_id = $2',
          [eventId, userId],
        )
      )[0]?.tickets ?? 0;
    /** What an event has sold, what the buyer holds and how many claims are open, read together. */
    const placesOf = async (eventId: string, userId: string) => ({
      sold: await soldOf(eventId),
      tickets: await ticketsOf(eventId, userId),
      claims: await claimsOf(eventId),
    });

    /** The booking's other writes: its bookings, its facts' payloads, and the event's counters (all shards). */
    const writesOf = async (eventId: string, userId: string) => ({
      bookings: await svc.query<{ quantity: number; status: string }>(
        'SELECT quantity, status FROM bookings WHERE event_id = $1 AND user_id = $2',
        [eventId, userId],
      ),
      facts: (
        await svc.query<{ routing_key: string; payload: { userId: string; quantity: number } }>(
          `SELECT routing_key, envelope->'payload' AS payload FROM outbox
           WHERE envelope->'payload'->>'eventId' = $1 AND published_at IS NULL`,
          [eventId],
        )
      ).map((f) => ({ key: f.routing_key, userId: f.payload.userId, quantity: f.payload.quantity })),
      counters: (
        await svc.query<{ totals: string; days: string; organizer_days: string }>(
          `SELECT (SELECT concat_ws('/', sum(bookings), sum(tickets)) FROM event_stats WHERE event_id = $1) AS totals,
                  (SELECT concat_ws('/', sum(bookings), sum(tickets)) FROM event_daily_stats WHERE event_id = $1) AS days,
                  (SELECT concat_ws('/', sum(bookings), sum(tickets)) FROM organizer_daily_stats o
                   JOIN inventory i ON i.organizer_id = o.organizer_id WHERE i.event_id = $1) AS organizer_days`,
          [eventId],
        )
      )[0],
    });

    it('books through a claim, with its fact and counters, and leaves no claim behind', async () => {
      const event = await publish();
      const buyer = customer();
      expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 2 })).status).toBe(201);
      expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 2, tickets: 2, claims: 0 });
      expect(await writesOf(event.eventId, buyer.id)).toEqual({
        bookings: [{ quantity: 2, status: 'confirmed' }],
        facts: [{ key: 'booking.confirmed', userId: buyer.id, quantity: 2 }],
        counters: { totals: '1/2', days: '1/2', organizer_days: '1/2' },
      });
    });

    /** The transaction fails after the booking's writes (the claim deleted, booking, fact, counters). */
    const failAfterBooking = () => {
      const repository = svc.get(BookingRepository);
      const write = repository.confirm.bind(repository);
      return jest.spyOn(repository, 'confirm').mockImplementationOnce(async (...args) => {
        await write(...args);
        throw new Error('injected fault');
      });
    };

    it('gives the places and the count back when the transaction fails after the claim', async () => {
      const event = await publish();
      const buyer = customer();
      const fault = failAfterBooking();
      await expect(bookClaimed(buyer, { eventId: event.eventId, quantity: 2 })).rejects.toThrow(
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
      const event = await publish();
      const buyer = customer();
      const fault = failAfterBooking();
      const undo = jest
        .spyOn(svc.get(ReleaseClaim), 'execute')
        .mockRejectedValueOnce(new Error('database gone'));
      await expect(bookClaimed(buyer, { eventId: event.eventId, quantity: 3 })).rejects.toThrow(
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
      const event = await publish();
      const buyer = customer();
      await placer.claim(buyer, bookings.orderOf({ eventId: event.eventId, quantity: 3 }));
      // Not yet stale, and its instance (this one) alive: the sweeper leaves it.
      await svc.get(ReleaseClaim).sweep();
      expect(await claimsOf(event.eventId)).toBe(1);
      await svc.query(`UPDATE place_claims SET created_at = now() - interval '1 day' WHERE event_id = $1`, [
        event.eventId,
      ]);
      await svc.get(ReleaseClaim).sweep();
      expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 0, tickets: 0, claims: 0 });
    });

    it('gives a buyer back the claims their request left when its instance died, as they claim again', async () => {
      const event = await publish({ capacity: 3 });
      const buyer = customer();
      await placer.claim(buyer, bookings.orderOf({ eventId: event.eventId, quantity: 3 }));
      await svc.query(`UPDATE place_claims SET claimed_by = $2 WHERE event_id = $1`, [
        event.eventId,
        randomUUID(),
      ]);
      // Sold out by the abandoned claim alone; the buyer's retry gets the places.
      expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 3 })).status).toBe(201);
      expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 3, tickets: 3, claims: 0 });
    });

    it('gives back at once the places of a claim whose instance is gone, and only those', async () => {
      const event = await publish();
      const gone = customer();
      const alive = customer();
      await placer.claim(gone, bookings.orderOf({ eventId: event.eventId, quantity: 2 }));
      await placer.claim(alive, bookings.orderOf({ eventId: event.eventId, quantity: 1 }));
      // The first was claimed by an instance killed since (no heartbeat); the second by this live one.
      await svc.query(`UPDATE place_claims SET claimed_by = $2 WHERE event_id = $1 AND user_id = $3`, [
        event.eventId,
        randomUUID(),
        gone.id,
      ]);
      await svc.get(ReleaseClaim).sweep();
      expect(await placesOf(event.eventId, gone.id)).toEqual({ sold: 1, tickets: 0, claims: 1 });
      expect(await ticketsOf(event.eventId, alive.id)).toBe(1);
    });

    it('refuses over the per-person limit and when sold out without taking anything', async () => {
      const event = await publish({ capacity: 12 });
      const buyer = customer();
      expect((await bookClaimed(buyer, { eventId: event.eventId, quantity: 9 })).status).toBe(201);
      expect(await codeOf(bookClaimed(buyer, { eventId: event.eventId, quantity: 2 }))).toBe(
        'LIMIT_EXCEEDED',
      );
      expect(await codeOf(bookClaimed(customer(), { eventId: event.eventId, quantity: 4 }))).toBe('SOLD_OUT');
      expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 9, tickets: 9, claims: 0 });
    });

    it('voids claims in flight when the event is cancelled: such a booking is refused', async () => {
      const event = await publish();
      const buyer = customer();
      const order = bookings.orderOf({ eventId: event.eventId, quantity: 1 });
      const claim = await placer.claim(buyer, order);
      expect(await soldOf(event.eventId)).toBe(1);
      await svc.dataSource.transaction(async (manager) => {
        await inventory.closeForSale(manager, event.eventId);
        await svc.get(PlaceClaims).voidAll(manager, event.eventId);
      });
      expect(await placesOf(event.eventId, buyer.id)).toEqual({ sold: 0, tickets: 0, claims: 0 });
      const late = svc.dataSource.transaction((manager) => placer.book(manager, buyer, order, claim));
      expect(await codeOf(late)).toBe('EVENT_NOT_BOOKABLE');
    });

    it('refuses many bookings whose claims were voided at once, without a second connection each', async () => {
      // More transactions than the pool has connections, each finding its claim gone: a diagnosis that
      // needed another connection while holding one would leave them all waiting for the pool.
      const event = await publish({ capacity: 100 });
      const orders = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const buyer = customer();
          const order = bookings.orderOf({ eventId: event.eventId, quantity: 1 });
          return { buyer, order, claim: await placer.claim(buyer, order) };
        }),
      );
      await svc.dataSource.transaction(async (manager) => {
        await inventory.closeForSale(manager, event.eventId);
        await svc.get(PlaceClaims).voidAll(manager, event.eventId);
      });
      const codes = await Promise.all(
        orders.map(({ buyer, order, claim }) =>
          codeOf(svc.dataSource.transaction((manager) => placer.book(manager, buyer, order, claim))),
        ),
      );
      expect(new Set(codes)).toEqual(new Set(['EVENT_NOT_BOOKABLE']));
    }, 30_000);
  });
});
