// Webhooks through the gateway against a receiver started here: every delivery signed (Standard Webhooks) and
// numbered as the organizer's feed; a receiver down for a while gets everything in order once back; a
// redelivery carries the same webhook-id; a rotated secret signs alongside the old one for a while.
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';
import { Receiver, startReceiver } from '@evently/testing/webhook-receiver';

interface Hook {
  id: string;
  secret: string;
  status: string;
}
interface FeedPage {
  items: { seq: number; type: string; data: Record<string, unknown> }[];
  nextAfter: number;
  lastSeq: number;
}
interface Deliveries {
  items: { id: string; seq: number; status: string; attempts: number; responseStatus: number | null }[];
}

const seqsOf = (receiver: Receiver) => receiver.received.map((r) => r.seq);

describe('webhooks', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('signs every delivery, numbers it as the feed, and catches a receiver up in order after an outage', async () => {
    const organizer = await registeredCaller('organizer', 'Wanda Webhooks');
    const created = await api('POST', '/webhooks', {
      caller: organizer,
      body: { url: receiver.url, events: ['*'], description: 'CRM' },
    });
    expect(created.status).toBe(201);
    const hook = created.json() as Hook;
    expect(hook.secret).toMatch(/^whsec_/);
    receiver.secrets = [hook.secret];
    // The secret is shown once.
    expect((await api('GET', `/webhooks/${hook.id}`, { caller: organizer })).json()).not.toHaveProperty(
      'secret',
    );

    const event = await onSaleEvent(organizer, { capacity: 50 });
    const buyer = await registeredCaller('customer', 'Bo Buyer');
    expect((await book(buyer, { eventId: event.id, quantity: 2 })).status).toBe(201);
    await eventually(
      () => receiver.received.find((r) => r.type === 'booking.confirmed'),
      15_000,
      'a booking',
    );
    const confirmed = receiver.received.find((r) => r.type === 'booking.confirmed')!;
    expect(confirmed.data).toMatchObject({ eventId: event.id, quantity: 2, holder: { name: 'Bo Buyer' } });

    // Down: deliveries are refused and retried; nothing is skipped and later ones wait their turn.
    receiver.down = true;
    for (let i = 0; i < 4; i++)
      expect((await book(buyer, { eventId: event.id, quantity: 1 })).status).toBe(201);
    await eventually(() => receiver.refused >= 2 || undefined, 15_000, 'refused attempts');
    receiver.down = false;
    const feed = async () =>
      (await api('GET', '/organizer/feed?after=0&limit=1000', { caller: organizer })).json() as FeedPage;
    await eventually(
      async () => {
        const { lastSeq } = await feed();
        return lastSeq >= 6 && receiver.received.length >= lastSeq ? true : undefined;
      },
      20_000,
      'every entry delivered',
    );
    const { items, lastSeq } = await feed();
    expect(items.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
    // In order, each once, no gap, the same numbers as the feed.
    expect(seqsOf(receiver)).toEqual(items.map((e) => e.seq));
    expect(receiver.received.map((r) => r.type)).toEqual(items.map((e) => e.type));
    expect(receiver.forged).toBe(0);
    const deliveries = (
      await api('GET', `/webhooks/${hook.id}/deliveries`, { caller: organizer })
    ).json() as Deliveries;
    expect(deliveries.items.every((d) => d.status === 'delivered')).toBe(true);
    expect(deliveries.items.some((d) => d.attempts > 1)).toBe(true);

    // A redelivery carries the same id: the receiver can tell it is a repeat.
    const first = deliveries.items.at(-1)!;
    expect(
      (await api('POST', `/webhooks/${hook.id}/deliveries/${first.id}/redeliver`, { caller: organizer }))
        .status,
    ).toBe(202);
    await eventually(
      () => receiver.received.filter((r) => r.id === first.id).length === 2 || undefined,
      10_000,
      'the redelivery',
    );

    // Rotated: both secrets sign for a while, so a receiver can switch when it likes.
    const rotated = (
      await api('POST', `/webhooks/${hook.id}/rotate-secret`, { caller: organizer })
    ).json() as Hook;
    expect(rotated.secret).not.toBe(hook.secret);
    receiver.secrets = [hook.secret, rotated.secret];
    const before = receiver.received.length;
    const replay = await api('POST', `/webhooks/${hook.id}/replay`, {
      caller: organizer,
      body: { after: lastSeq - 1 },
    });
    expect(replay.json()).toEqual({ queued: 1 });
    const replayed = await eventually(() => receiver.received[before], 10_000, 'the replay');
    expect(replayed).toMatchObject({ seq: lastSeq, signatures: 2, verifiedBy: [0, 1] });

    // Someone else's webhook does not exist; bad input is refused.
    expectError(
      await api('GET', `/webhooks/${hook.id}`, { caller: makeCaller('organizer') }),
      404,
      'WEBHOOK_NOT_FOUND',
    );
    expectError(
      await api('POST', '/webhooks', { caller: organizer, body: { url: receiver.url, events: ['nope'] } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api('POST', '/webhooks', { caller: organizer, body: { url: 'ftp://x.example', events: ['*'] } }),
      400,
      'WEBHOOK_URL_NOT_ALLOWED',
    );
    expectError(
      await api('POST', '/webhooks', { caller: buyer, body: { url: receiver.url, events: ['*'] } }),
      403,
      'FORBIDDEN',
    );
  });

  it('sends only the types and the event a subscription names, and test-sends on demand', async () => {
    const organizer = await registeredCaller('organizer');
    const [one, other] = [
      await onSaleEvent(organizer, { capacity: 5 }),
      await onSaleEvent(organizer, { capacity: 5 }),
    ];
    const hook = (
      await api('POST', '/webhooks', {
        caller: organizer,
        body: { url: receiver.url, events: ['booking.cancelled'], eventId: one.id },
      })
    ).json() as Hook;
    receiver.secrets = [hook.secret];
    const test = await api('POST', `/webhooks/${hook.id}/test`, { caller: organizer });
    expect(test.json()).toMatchObject({ ok: true, status: 200 });
    expect(receiver.received[0]).toMatchObject({ type: 'webhook.test', seq: null });

    const buyer = makeCaller('customer');
    const kept = (await book(buyer, { eventId: other.id, quantity: 1 })).json() as { id: string };
    const cancelled = (await book(buyer, { eventId: one.id, quantity: 1 })).json() as { id: string };
    await api('POST', `/bookings/${kept.id}/cancel`, { caller: buyer });
    await api('POST', `/bookings/${cancelled.id}/cancel`, { caller: buyer });
    const got = await eventually(() => receiver.received[1], 15_000, 'the cancellation');
    expect(got).toMatchObject({ type: 'booking.cancelled', data: { bookingId: cancelled.id } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(2);
  });

  it('carries check-ins, and disables a webhook whose receiver stays down, telling its organizer', async () => {
    const organizer = await registeredCaller('organizer');
    const hook = (
      await api('POST', '/webhooks', {
        caller: organizer,
        body: { url: receiver.url, events: ['ticket.checked_in'] },
      })
    ).json() as Hook;
    receiver.secrets = [hook.secret];
    const event = await onSaleEvent(organizer, { capacity: 5 });
    const buyer = makeCaller('customer');
    const booking = (await book(buyer, { eventId: event.id, quantity: 1 })).json() as { id: string };
    const [ticket] = (
      (await api('GET', `/bookings/${booking.id}/tickets`, { caller: buyer })).json() as {
        items: { id: string; code: string }[];
      }
    ).items;
    expect(
      (
        await api('POST', `/events/${event.id}/checkins`, { caller: organizer, body: { code: ticket.code } })
      ).json(),
    ).toMatchObject({ result: 'ok' });
    const checkedIn = await eventually(() => receiver.received[0], 15_000, 'the check-in');
    expect(checkedIn).toMatchObject({
      type: 'ticket.checked_in',
      data: { ticketId: ticket.id, bookingId: booking.id, checkedInBy: organizer.id, offline: false },
    });

    // Down for good: retried until WEBHOOK_RETRY_HOURS (30 s on the test stack), then disabled.
    receiver.down = true;
    const second = (await book(buyer, { eventId: event.id, quantity: 1 })).json() as { id: string };
    const [other] = (
      (await api('GET', `/bookings/${second.id}/tickets`, { caller: buyer })).json() as {
        items: { code: string }[];
      }
    ).items;
    await api('POST', `/events/${event.id}/checkins`, { caller: organizer, body: { code: other.code } });
    const disabled = await eventually(
      async () => {
        const res = (await api('GET', `/webhooks/${hook.id}`, { caller: organizer })).json() as Hook & {
          disabledReason: string | null;
        };
        return res.status === 'disabled' ? res : undefined;
      },
      120_000,
      'the webhook to be disabled',
    );
    expect(disabled.disabledReason).toMatch(/^deliveries failed for 30 s \(last: 503\)/);
    expect(receiver.refused).toBeGreaterThan(3);
    const notices = (await api('GET', '/notifications?limit=10', { caller: organizer })).json() as {
      items: { type: string; title: string; body: string }[];
    };
    expect(notices.items.find((n) => n.type === 'webhook_disabled')).toMatchObject({
      title: 'A webhook was disabled',
      body: expect.stringContaining(receiver.url) as unknown,
    });
    const deliveries = (
      await api('GET', `/webhooks/${hook.id}/deliveries`, { caller: organizer })
    ).json() as Deliveries;
    expect(deliveries.items[0]).toMatchObject({ status: 'failed', responseStatus: 503 });
    expectError(
      await api('POST', `/webhooks/${hook.id}/replay`, { caller: organizer, body: { after: 0 } }),
      409,
      'WEBHOOK_DISABLED',
    );
  }, 150_000);
});
