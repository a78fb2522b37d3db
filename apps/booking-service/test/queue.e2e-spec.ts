// The on-sale queue through the gateway, with the stack's two booking-service instances both running rounds:
// early joiners placed at random when the sale opens and later ones behind in arrival order, one place per
// account, passes bound to their account and expiring, 409 QUEUE_PASS_REQUIRED without one, the live stream.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { queryServiceDb } from '@evently/testing/service-db';
import { openSse } from '@evently/testing/sse-client';
import {
  join,
  placeOf,
  placeWhen,
  QueueStatus,
  queuedEvent,
  queueRows,
  setAdmissionRate,
} from './queue.helpers';

const codeOf = (res: { json(): unknown }) => (res.json() as { code: string }).code;

describe('on-sale queue', () => {
  it('places early joiners at random at the opening, later ones in arrival order; admits with passes', async () => {
    const organizer = await registeredCaller('organizer');
    // One a minute: nobody is admitted while the order is checked.
    const event = await queuedEvent(organizer, { inSeconds: 5, admitPerMinute: 1 });
    const early = Array.from({ length: 20 }, () => makeCaller('customer'));
    const tokens = new Map<string, string>();
    for (const visitor of early) {
      const joined = await join(visitor, event.id);
      expect(joined.status).toBe(201);
      expect(joined.body).toMatchObject({ position: null, opensAt: event.onSale.opensAt, state: 'waiting' });
      tokens.set(visitor.id, joined.body.token);
    }
    // One place per account: joining again answers with the same place.
    const again = await join(early[0], event.id);
    expect(again.status).toBe(200);
    expect(again.body.token).toBe(tokens.get(early[0].id));

    // Before the opening nobody books, pass or not.
    const tooEarly = await book(early[0], { eventId: event.id, quantity: 1 });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.json()).toMatchObject({ code: 'QUEUE_PASS_REQUIRED', details: { reason: 'not_open' } });

    const positions = new Map<string, number>();
    for (const visitor of early) {
      const place = await placeWhen(
        visitor,
        event.id,
        tokens.get(visitor.id)!,
        (s) => s.position !== null,
        'placed',
      );
      positions.set(visitor.id, place.position!);
    }
    const order = early.map((v) => positions.get(v.id)!);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Joining first gained nothing: the order is not the joining order (a chance of 1 in 20! that it is).
    expect(order).not.toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const late = [makeCaller('customer'), makeCaller('customer'), makeCaller('customer')];
    const lateTokens: string[] = [];
    for (const visitor of late) lateTokens.push((await join(visitor, event.id)).body.token);
    for (const [i, visitor] of late.entries()) {
      const place = await placeWhen(
        visitor,
        event.id,
        lateTokens[i],
        (s) => s.position !== null,
        'late placed',
      );
      expect(place.position).toBe(21 + i);
      expect(place.estimatedWaitSeconds).toBeGreaterThan(0);
    }

    // No pass: refused. Then admitted quickly: each books with their own pass, never with another's.
    const noPass = await book(early[0], { eventId: event.id, quantity: 1 });
    expect(noPass.status).toBe(409);
    expect(noPass.json()).toMatchObject({ code: 'QUEUE_PASS_REQUIRED', details: { reason: 'no_pass' } });
    await setAdmissionRate(organizer, event, 6000);
    const first = early.find((v) => positions.get(v.id) === 1)!;
    const admitted = await placeWhen(
      first,
      event.id,
      tokens.get(first.id)!,
      (s) => s.state === 'admitted',
      'admitted',
    );
    expect(admitted).toMatchObject({
      position: 0,
      estimatedWaitSeconds: 0,
      pass: expect.stringMatching(/^qp_/),
    });
    const other = early.find((v) => v !== first)!;
    const borrowed = await book(other, { eventId: event.id, quantity: 1, queuePass: admitted.pass });
    expect(borrowed.status).toBe(409);
    expect(codeOf(borrowed)).toBe('QUEUE_PASS_REQUIRED');
    const booked = await book(first, { eventId: event.id, quantity: 1, queuePass: admitted.pass });
    expect(booked.status).toBe(201);

    // Everyone is admitted once, in rank order, by whichever instance ran the round.
    const everyone = [...early, ...late];
    await eventually(
      async () => ((await queueRows(event.id)).every((r) => r.pass !== null) ? true : undefined),
      15_000,
      'everyone admitted',
    );
    const rows = await queueRows(event.id);
    expect(rows.map((r) => r.rank)).toEqual(Array.from({ length: everyone.length }, (_, i) => i + 1));
    const times = rows.map((r) => r.admitted_at!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.pass)).size).toBe(everyone.length);
  });

  it('a pass expires: booking with it is refused, and joining again goes to the back of the line', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await queuedEvent(organizer, { inSeconds: 1, admitPerMinute: 6000 });
    const visitor = makeCaller('customer');
    const { body } = await join(visitor, event.id);
    const admitted = await placeWhen(
      visitor,
      event.id,
      body.token,
      (s) => s.state === 'admitted',
      'admitted',
    );
    // Ten minutes pass (the test moves the expiry rather than wait).
    await queryServiceDb(
      'booking-service',
      `UPDATE queue_entries SET pass_expires_at = now() WHERE token = $1`,
      [body.token],
    );
    expect(await placeOf(visitor, event.id, body.token)).toMatchObject({ state: 'expired', pass: null });
    const late = await book(visitor, { eventId: event.id, quantity: 1, queuePass: admitted.pass });
    expect(late.status).toBe(409);
    expect(late.json()).toMatchObject({ code: 'QUEUE_PASS_REQUIRED', details: { reason: 'expired' } });

    const rejoined = await join(visitor, event.id);
    expect(rejoined.status).toBe(201);
    expect(rejoined.body.token).not.toBe(body.token);
    const again = await placeWhen(
      visitor,
      event.id,
      rejoined.body.token,
      (s) => s.state === 'admitted',
      'again',
    );
    expect((await book(visitor, { eventId: event.id, quantity: 1, queuePass: again.pass })).status).toBe(201);
    // The old token is gone with the old place.
    expect(
      (await api('GET', `/events/${event.id}/queue?token=${body.token}`, { caller: visitor })).status,
    ).toBe(404);
  });

  it('pushes the place live, and only to its own account; refuses a queue where there is none', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await queuedEvent(organizer, { inSeconds: 2, admitPerMinute: 1 });
    const visitor = makeCaller('customer');
    const { body } = await join(visitor, event.id);

    const stranger = openSse(
      `/api/v1/events/${event.id}/queue/stream?token=${body.token}`,
      makeCaller('customer').token,
    );
    expect(await stranger.status).toBe(404);
    stranger.close();

    const live = openSse(`/api/v1/events/${event.id}/queue/stream?token=${body.token}`, visitor.token);
    expect(await live.status).toBe(200);
    const statuses = () =>
      live.events.filter((e) => e.event === 'status').map((e) => JSON.parse(e.data) as QueueStatus);
    expect(await eventually(() => statuses()[0], 10_000, 'the first status')).toMatchObject({
      position: null,
    });
    expect(
      await eventually(() => statuses().find((s) => s.position === 1), 15_000, 'placed first'),
    ).toMatchObject({
      state: 'waiting',
    });
    await setAdmissionRate(organizer, event, 6000);
    const admitted = await eventually(
      () => statuses().find((s) => s.state === 'admitted'),
      15_000,
      'admitted live',
    );
    expect(admitted.pass).toMatch(/^qp_/);
    live.close();

    const plain = await onSaleEvent(organizer);
    const refused = await api('POST', `/events/${plain.id}/queue`, { caller: visitor });
    expect(refused.status).toBe(409);
    expect(codeOf(refused)).toBe('NO_QUEUE');
  });

  it('one account holds one place, however many join at once', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await queuedEvent(organizer, { inSeconds: 60 });
    const visitor = makeCaller('customer');
    const answers = await Promise.all(Array.from({ length: 10 }, () => join(visitor, event.id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.token)).size).toBe(1);
    const [row] = await queryServiceDb<{ n: number }>(
      'booking-service',
      `SELECT count(*)::int AS n FROM queue_entries WHERE event_id = $1`,
      [event.id],
    );
    expect(row.n).toBe(1);
  });
});
