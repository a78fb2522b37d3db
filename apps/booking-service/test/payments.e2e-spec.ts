// Paying for orders through the gateway: the provider port (offline instructions, Stripe Checkout against a
// local stand-in for Stripe's API), the signed webhook (verified, settled once however often it comes),
// payments that arrive after the hold lapsed (confirmed if the places are free, refunded if not), and refunds
// through the provider.
import {
  api,
  availabilityWhen,
  book,
  Caller,
  makeCaller,
  onSaleEvent,
  registeredCaller,
} from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError, gatewayRequest } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';
import { completedCheckout, StripeStandIn } from '@evently/testing/stripe-stand-in';

interface OrderBody {
  id: string;
  status: string;
  total: { amount: number; currency: string };
  expiresAt: string | null;
}

const noticeCount = async (caller: Caller, type: string): Promise<number> => {
  const inbox = (await api('GET', '/notifications', { caller })).json() as { items: { type: string }[] };
  return inbox.items.filter((n) => n.type === type).length;
};

const webhook = (payload: string, signature: string) =>
  gatewayRequest('/api/v1/payments/stripe/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    body: payload,
  });

const ledgerOf = (bookingId: string) =>
  queryServiceDb<{ kind: string; provider: string; amount: number; reference: string }>(
    'booking-service',
    `SELECT kind, provider, amount, reference FROM payments WHERE booking_id = $1 ORDER BY created_at, kind`,
    [bookingId],
  );

const statusOf = async (caller: Caller, id: string) =>
  ((await api('GET', `/bookings/${id}`, { caller })).json() as OrderBody).status;

describe('payments', () => {
  const stripe = new StripeStandIn();
  const organizer = makeCaller('organizer');
  let event: { id: string; ticketTypes: { id: string }[] };
  const order = async (buyer: Caller, quantity = 2, eventId = event.id, typeId = event.ticketTypes[0].id) => {
    const res = await book(buyer, { eventId, items: [{ ticketTypeId: typeId, quantity }] });
    expect(res.status).toBe(201);
    return res.json() as OrderBody;
  };

  beforeAll(async () => {
    await stripe.start();
    event = await onSaleEvent(organizer, {
      capacity: 50,
      ticketTypes: [{ name: 'Standard', price: { amount: 2500, currency: 'EUR' } }],
    });
  });
  afterAll(() => stripe.stop());

  it('offers offline and stripe, and answers a bank transfer with a reference and instructions', async () => {
    expect((await api('GET', '/payments/methods')).json()).toEqual({ providers: ['offline', 'stripe'] });
    const buyer = await registeredCaller('customer');
    const held = await order(buyer);
    const res = await api('POST', `/bookings/${held.id}/pay`, {
      caller: buyer,
      body: { provider: 'offline' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      provider: 'offline',
      bookingId: held.id,
      amount: 5000,
      currency: 'EUR',
      reference: `EV-${held.id.replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      instructions: expect.stringContaining('bank transfer'),
      redirectUrl: null,
      dueAt: held.expiresAt,
    });
    // Starting a payment confirms nothing; only the holder starts one; the provider must take the order.
    expect(await statusOf(buyer, held.id)).toBe('pending_payment');
    expectError(
      await api('POST', `/bookings/${held.id}/pay`, { caller: organizer, body: { provider: 'offline' } }),
      403,
      'NOT_BOOKING_HOLDER',
    );
    expectError(
      await api('POST', `/bookings/${held.id}/pay`, { caller: buyer, body: { provider: 'free' } }),
      409,
      'PAYMENT_PROVIDER_UNAVAILABLE',
    );
    expectError(
      await api('POST', `/bookings/${held.id}/pay`, { caller: buyer, body: { provider: 'paypal' } }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('sends the buyer to a Stripe Checkout Session and confirms only on the signed webhook, once for 5 deliveries', async () => {
    const buyer = await registeredCaller('customer');
    const held = await order(buyer);
    const res = await api('POST', `/bookings/${held.id}/pay`, {
      caller: buyer,
      body: { provider: 'stripe' },
    });
    expect(res.status).toBe(200);
    const started = res.json() as { redirectUrl: string; reference: string };
    expect(started.redirectUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${stripe.port}/pay/cs_test_`));
    const session = stripe.calls.find((c) => c.form['metadata[bookingId]'] === held.id)!;
    expect(session).toMatchObject({
      method: 'POST',
      path: '/v1/checkout/sessions',
      idempotencyKey: `checkout-${held.id}`,
      form: {
        mode: 'payment',
        client_reference_id: held.id,
        'line_items[0][quantity]': '2',
        'line_items[0][price_data][currency]': 'eur',
        'line_items[0][price_data][unit_amount]': '2500',
      },
    });
    // Stripe wants a session to stay open 30 minutes at least: it outlives the hold.
    expect(Number(session.form.expires_at) * 1000).toBeGreaterThan(Date.now() + 30 * 60_000);

    const paid = completedCheckout({
      id: held.id,
      amount: 5000,
      currency: 'EUR',
      paymentIntent: `pi_${held.id}`,
    });
    // A forged or altered delivery is refused and changes nothing.
    const forged = completedCheckout(
      { id: held.id, amount: 5000, currency: 'EUR', paymentIntent: `pi_${held.id}` },
      'whsec_not_the_secret',
    );
    expectError(await webhook(forged.payload, forged.signature), 400, 'WEBHOOK_SIGNATURE_INVALID');
    expectError(
      await webhook(paid.payload.replace('5000', '5001'), paid.signature),
      400,
      'WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await statusOf(buyer, held.id)).toBe('pending_payment');

    // Delivered 5 times, 3 of them at once: one confirmation, one ledger row, one notice.
    const first = await webhook(paid.payload, paid.signature);
    expect(first.status).toBe(200);
    const again = await Promise.all([
      webhook(paid.payload, paid.signature),
      webhook(paid.payload, paid.signature),
      webhook(paid.payload, paid.signature),
    ]);
    const last = await webhook(paid.payload, paid.signature);
    expect([first, ...again, last].map((r) => (r.json() as { outcome: string }).outcome).sort()).toEqual([
      'confirmed',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await statusOf(buyer, held.id)).toBe('confirmed');
    expect(await ledgerOf(held.id)).toEqual([
      { kind: 'payment', provider: 'stripe', amount: 5000, reference: `pi_${held.id}` },
    ]);
    await eventually(
      async () => ((await noticeCount(buyer, 'booking_confirmed')) === 1 ? true : undefined),
      15_000,
      'the confirmation',
    );
    // Later facts would have arrived by now; still one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await noticeCount(buyer, 'booking_confirmed')).toBe(1);
    // A session that is not paid, or another event type, is acknowledged and does nothing.
    const other = completedCheckout({
      id: held.id,
      amount: 5000,
      currency: 'EUR',
      paymentIntent: 'pi_other',
    });
    const unpaid = other.payload.replace('"payment_status":"paid"', '"payment_status":"unpaid"');
    const signed = new (await import('stripe')).default('sk_test_unused').webhooks.generateTestHeaderString({
      payload: unpaid,
      secret: process.env.EVENTLY_STRIPE_WEBHOOK_SECRET!,
    });
    expect((await webhook(unpaid, signed)).json()).toEqual({ received: true, outcome: 'ignored' });
  });

  it('settles a payment that arrives after the hold lapsed: confirmed while the places are free, else refunded', async () => {
    const small = await onSaleEvent(organizer, {
      capacity: 2,
      ticketTypes: [{ name: 'Seat', price: { amount: 4000, currency: 'EUR' } }],
    });
    const typeId = small.ticketTypes[0].id;
    const late = await registeredCaller('customer');
    const gone = await registeredCaller('customer');
    const lateHold = await order(late, 1, small.id, typeId);
    const goneHold = await order(gone, 1, small.id, typeId);
    // BOOKING_HOLD_SECONDS is 20 on the test stack.
    await eventually(
      async () =>
        (await statusOf(late, lateHold.id)) === 'expired' && (await statusOf(gone, goneHold.id)) === 'expired'
          ? true
          : undefined,
      40_000,
      'both holds to lapse',
    );
    await availabilityWhen(small.id, (a) => a.available === 2);
    // Someone else takes one place, then the other is taken by... the first late payment.
    const other = await registeredCaller('customer');
    await order(other, 1, small.id, typeId);

    const paidLate = completedCheckout({
      id: lateHold.id,
      amount: 4000,
      currency: 'EUR',
      paymentIntent: `pi_${lateHold.id}`,
    });
    expect((await webhook(paidLate.payload, paidLate.signature)).json()).toMatchObject({
      outcome: 'revived',
    });
    expect(await statusOf(late, lateHold.id)).toBe('confirmed');
    await availabilityWhen(small.id, (a) => a.available === 0);

    stripe.failRefunds = 1; // The refund call fails once: the job retries it.
    const paidGone = completedCheckout({
      id: goneHold.id,
      amount: 4000,
      currency: 'EUR',
      paymentIntent: `pi_${goneHold.id}`,
    });
    expect((await webhook(paidGone.payload, paidGone.signature)).json()).toMatchObject({
      outcome: 'refunded',
    });
    expect(await statusOf(gone, goneHold.id)).toBe('expired');
    expect((await ledgerOf(goneHold.id)).map((e) => [e.kind, e.amount])).toEqual([
      ['payment', 4000],
      ['refund', 4000],
    ]);
    const refundCall = await eventually(
      () =>
        stripe.calls.find((c) => c.path === '/v1/refunds' && c.form.payment_intent === `pi_${goneHold.id}`),
      30_000,
      'the refund at Stripe',
    );
    expect(refundCall.form.amount).toBe('4000');
    expect(refundCall.idempotencyKey).toMatch(/^refund-/);
    await eventually(
      async () => ((await noticeCount(gone, 'refunded')) === 1 ? true : undefined),
      15_000,
      'the refund notice',
    );
    await availabilityWhen(small.id, (a) => a.available === 0 && a.booked === 2);
  }, 90_000);

  it('gives an organizer refund of a card payment back through Stripe, once', async () => {
    const buyer = await registeredCaller('customer');
    const held = await order(buyer, 1);
    const paid = completedCheckout({
      id: held.id,
      amount: 2500,
      currency: 'EUR',
      paymentIntent: `pi_${held.id}`,
    });
    await webhook(paid.payload, paid.signature);
    const refund = await api('POST', `/bookings/${held.id}/refunds`, {
      caller: organizer,
      body: { amount: 1000 },
    });
    expect(refund.json()).toMatchObject({ amount: 1000, provider: 'stripe' });
    const calls = await eventually(
      () => {
        const found = stripe.calls.filter(
          (c) => c.path === '/v1/refunds' && c.form.payment_intent === `pi_${held.id}`,
        );
        return found.length > 0 ? found : undefined;
      },
      15_000,
      'the refund at Stripe',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].form.amount).toBe('1000');
  });

  it('refunds an attendee who cancels a paid booking inside the event’s refund window, and refuses one outside', async () => {
    const flexible = await onSaleEvent(organizer, {
      capacity: 10,
      refundWindowHours: 48,
      ticketTypes: [{ name: 'Standard', price: { amount: 3000, currency: 'EUR' } }],
    });
    // The event starts in 30 days: far inside a 48-hour window, and past a 1000-hour one.
    const strict = await onSaleEvent(organizer, {
      capacity: 10,
      refundWindowHours: 1000,
      ticketTypes: [{ name: 'Standard', price: { amount: 3000, currency: 'EUR' } }],
    });
    expect(flexible).toMatchObject({ refundWindowHours: 48 });
    const buyer = await registeredCaller('customer');
    const paidFor = async (eventId: string, typeId: string) => {
      const held = await order(buyer, 2, eventId, typeId);
      const paid = completedCheckout({
        id: held.id,
        amount: 6000,
        currency: 'EUR',
        paymentIntent: `pi_${held.id}`,
      });
      expect((await webhook(paid.payload, paid.signature)).json()).toMatchObject({ outcome: 'confirmed' });
      return held;
    };
    const inside = await paidFor(flexible.id, flexible.ticketTypes[0].id);
    const cancelled = await api('POST', `/bookings/${inside.id}/cancel`, { caller: buyer });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await ledgerOf(inside.id)).map((e) => [e.kind, e.provider, e.amount])).toEqual([
      ['payment', 'stripe', 6000],
      ['refund', 'stripe', 6000],
    ]);
    await eventually(
      () => stripe.calls.find((c) => c.path === '/v1/refunds' && c.form.payment_intent === `pi_${inside.id}`),
      15_000,
      'the refund at Stripe',
    );
    await availabilityWhen(flexible.id, (a) => a.available === 10);

    const outside = await paidFor(strict.id, strict.ticketTypes[0].id);
    const refused = await api('POST', `/bookings/${outside.id}/cancel`, { caller: buyer });
    expectError(refused, 409, 'BOOKING_NOT_CANCELLABLE');
    expect((refused.json() as { details: unknown }).details).toEqual({ refundWindowHours: 1000 });
    expect(await statusOf(buyer, outside.id)).toBe('confirmed');
    // PATCH moves the window; the replica follows, and the holder may cancel now.
    const patched = await api('PATCH', `/events/${strict.id}`, {
      caller: organizer,
      body: { refundWindowHours: 24 },
      headers: { 'if-match': `"${(strict as unknown as { version: number }).version}"` },
    });
    expect(patched.status).toBe(200);
    await eventually(
      async () => {
        const res = await api('POST', `/bookings/${outside.id}/cancel`, { caller: buyer });
        return res.status === 200 ? res : undefined;
      },
      10_000,
      'the new window to reach booking-service',
    );
    expect((await ledgerOf(outside.id)).map((e) => e.kind)).toEqual(['payment', 'refund']);
  });
});
