// POST /bookings under an Idempotency-Key against the real database (medium tier): replays, refusals recorded,
// a key left by a request that failed or whose instance died.
import { AppException } from '@evently/common';
import { randomUUID } from 'node:crypto';
import { eventually } from '@evently/testing/eventually';
import { codeOf } from '@evently/testing/medium';
import { InstanceHeartbeat } from '../../src/instance/instance-heartbeat';
import { IdempotencyRepository } from '../../src/idempotency/idempotency.repository';
import { requestHash } from '../../src/idempotency/idempotency.service';
import { UndoWhenBack } from '../../src/idempotency/undo-when-back';
import { customer, useBookingMedium } from './booking-medium';

describe('booking-service, medium tier: under an Idempotency-Key', () => {
  const m = useBookingMedium();

  const render = {
    done: (b: { id: string }) => ({ status: 201, body: JSON.stringify({ id: b.id }) }),
    refused: (e: AppException) => ({ status: e.status, body: JSON.stringify({ code: e.code }) }),
  };

  it('books once and answers a repeat with the recorded response', async () => {
    const event = await m.publish();
    const buyer = customer();
    const request = { eventId: event.eventId, quantity: 1 };
    const idempotent = { userId: buyer.id, key: randomUUID(), request };
    const run = () => m.placer.execute(buyer, request, idempotent.key, render);
    const first = await run();
    expect(await run()).toEqual(first);
    expect(await m.soldOf(event.eventId)).toBe(1);
  });

  it('records a refusal and replays it, without booking on the retry', async () => {
    const event = await m.publish({ capacity: 1 });
    await m.book(customer(), { eventId: event.eventId, quantity: 1 });
    const buyer = customer();
    const request = { eventId: event.eventId, quantity: 1 };
    const idempotent = { userId: buyer.id, key: randomUUID(), request };
    const refused = await m.placer.execute(buyer, request, idempotent.key, render);
    expect(refused).toEqual({ status: 409, body: JSON.stringify({ code: 'SOLD_OUT' }) });
    await m.svc.query(`UPDATE inventory SET capacity = 2 WHERE event_id = $1`, [event.eventId]);
    expect(await m.placer.execute(buyer, request, idempotent.key, render)).toEqual(refused);
    expect(await m.soldOf(event.eventId)).toBe(1);
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
      heartbeat = m.svc.get(InstanceHeartbeat);
    });

    /** This instance stops beating and looks dead, as one killed mid-request does to the others. */
    async function looksDead(): Promise<void> {
      await heartbeat.onApplicationShutdown();
      await m.svc.query(`UPDATE booking_instances SET seen_at = now() - interval '1 hour' WHERE id = $1`, [
        heartbeat.instanceId,
      ]);
    }
    afterEach(() => heartbeat.onApplicationBootstrap());

    /** A request for one place whose key is held in flight by `instance`; how a retry of it is run. */
    async function heldBy(instance: string) {
      const event = await m.publish();
      const buyer = customer();
      const request = { eventId: event.eventId, quantity: 1 };
      const key = randomUUID();
      await m.svc.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at, claim_token, claimed_by)
         VALUES ($1, $2, $3, 'in_flight', now() + interval '1 day', $4, $5)`,
        [buyer.id, key, requestHash(request), randomUUID(), instance],
      );
      const retry = () => m.placer.execute(buyer, request, key, render);
      return { event, retry };
    }

    it('lets a retry take over at once a key left in flight by an instance that is gone', async () => {
      const { event, retry } = await heldBy(randomUUID());
      expect((await retry()).status).toBe(201);
      expect(await m.soldOf(event.eventId)).toBe(1);
    });

    it("keeps a live instance's key from a retry (409 in progress) until the lease", async () => {
      const { retry } = await heldBy(heartbeat.instanceId);
      const code = await codeOf(retry());
      expect(code).toBe('IDEMPOTENCY_IN_PROGRESS');
    });

    it('never takes over beside a transaction that may still commit: the retry waits, then replays it', async () => {
      const event = await m.publish();
      const buyer = customer();
      const request = { eventId: event.eventId, quantity: 1 };
      const idempotent = { userId: buyer.id, key: randomUUID(), request };
      const inside = gate();
      const release = gate();
      const realBook = m.placer.book.bind(m.placer);
      jest.spyOn(m.placer, 'book').mockImplementationOnce(async (...args) => {
        const booking = await realBook(...args);
        inside.open();
        await release.opened;
        return booking;
      });
      const original = m.placer.execute(buyer, request, idempotent.key, render);
      await inside.opened;
      await looksDead();
      const retry = m.placer.execute(buyer, request, idempotent.key, render);
      expect(await settledWithin(retry, 500)).toBe(false);
      release.open();
      const first = await original;
      expect(await retry).toEqual(first);
      expect(await m.soldOf(event.eventId)).toBe(1);
    });

    it('stops an original whose key a retry took over before its transaction began: one booking', async () => {
      const event = await m.publish();
      const buyer = customer();
      const request = { eventId: event.eventId, quantity: 1 };
      const idempotent = { userId: buyer.id, key: randomUUID(), request };
      const preparing = gate();
      const release = gate();
      const work = () => m.placer.execute(buyer, request, idempotent.key, render);
      const claim = m.placer.claim.bind(m.placer);
      jest.spyOn(m.placer, 'claim').mockImplementationOnce(async (...args) => {
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
      expect(await m.soldOf(event.eventId)).toBe(1);
      // The retry's answer is the one recorded.
      expect(await work()).toEqual(takeOver);
    });

    it('releases the key of a failed request as soon as the database answers again', async () => {
      const event = await m.publish();
      const buyer = customer();
      const request = { eventId: event.eventId, quantity: 1 };
      const idempotent = { userId: buyer.id, key: randomUUID(), request };
      const keys = m.svc.get(IdempotencyRepository);
      const lost = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      const release = jest.spyOn(keys, 'release').mockRejectedValueOnce(lost);
      try {
        await expect(
          (jest.spyOn(m.placer, 'book').mockRejectedValueOnce(new Error('Connection terminated')),
          m.placer.execute(buyer, request, idempotent.key, render)),
        ).rejects.toThrow('Connection terminated');
        // The release failed; the key is released in the background, and the retry books.
        await eventually(() => (m.svc.get(UndoWhenBack).size === 0 ? true : undefined), 5_000);
        const retry = await m.placer.execute(buyer, request, idempotent.key, render);
        expect(retry.status).toBe(201);
        expect(release).toHaveBeenCalledTimes(2);
      } finally {
        release.mockRestore();
      }
    });
  });

  it('refuses the same key for a different request', async () => {
    const event = await m.publish();
    const buyer = customer();
    const key = randomUUID();
    const first = { eventId: event.eventId, quantity: 1 };
    await m.placer.execute(buyer, first, key, render);
    const second = { eventId: event.eventId, quantity: 2 };
    const code = await codeOf(m.placer.execute(buyer, second, key, render));
    expect(code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
