import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';
import Stripe from 'stripe';
import { stackEnv } from './stack';

/** A call the stand-in received: the path, the form body as flat keys, and the Idempotency-Key. */
export interface StripeCall {
  method: string;
  path: string;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
}

/**
 * A stand-in for Stripe's API on the test stack's STRIPE_API_URL (these machines cannot reach Stripe): it
 * answers Checkout Sessions and refunds the way Stripe does (same idempotency: a key seen before gets the
 * same object back) and records every call. Webhooks are signed with the official SDK's test helper.
 */
export class StripeStandIn {
  readonly calls: StripeCall[] = [];
  private readonly byKey = new Map<string, unknown>();
  private server: Server | null = null;
  private serial = 0;
  /** Refund calls to refuse with a 500 before answering (a provider that is down for a while). */
  failRefunds = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readForm(req).then((form) => {
        const call = {
          method: req.method!,
          path: req.url!,
          form,
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        };
        this.calls.push(call);
        const [status, body] = this.answer(call);
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++this.serial}` });
        res.end(JSON.stringify(body));
      });
    });
    const port = Number(stackEnv('EVENTLY_STRIPE_API_PORT'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  private answer(call: StripeCall): [number, unknown] {
    if (call.method === 'POST' && call.path === '/v1/refunds' && this.failRefunds > 0) {
      this.failRefunds--;
      return [500, { error: { type: 'api_error', message: 'stand-in is down' } }];
    }
    const seen = call.idempotencyKey && this.byKey.get(call.idempotencyKey);
    if (seen) return [200, seen];
    let body: unknown;
    if (call.method === 'POST' && call.path === '/v1/checkout/sessions') {
      const id = `cs_test_${++this.serial}`;
      body = {
        id,
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        client_reference_id: call.form.client_reference_id,
        metadata: { bookingId: call.form['metadata[bookingId]'] },
        expires_at: Number(call.form.expires_at),
        url: `http://127.0.0.1:${this.port}/pay/${id}`,
      };
    } else if (call.method === 'POST' && call.path === '/v1/refunds') {
      body = {
        id: `re_test_${++this.serial}`,
        object: 'refund',
        status: 'succeeded',
        amount: Number(call.form.amount),
        payment_intent: call.form.payment_intent,
      };
    } else {
      return [404, { error: { type: 'invalid_request_error', message: `no ${call.method} ${call.path}` } }];
    }
    if (call.idempotencyKey) this.byKey.set(call.idempotencyKey, body);
    return [200, body];
  }
}

/**
 * A checkout.session.completed event for a booking, as Stripe posts it, with its Stripe-Signature made by the
 * SDK's test helper over the exact body (with the test stack's webhook secret unless `secret` is given).
 */
export function completedCheckout(
  booking: { id: string; amount: number; currency: string; paymentIntent: string },
  secret = stackEnv('EVENTLY_STRIPE_WEBHOOK_SECRET'),
): { payload: string; signature: string } {
  const payload = JSON.stringify({
    id: `evt_${booking.paymentIntent}`,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: '2026-11-18.endive',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_${booking.paymentIntent}`,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        client_reference_id: booking.id,
        metadata: { bookingId: booking.id },
        amount_total: booking.amount,
        currency: booking.currency.toLowerCase(),
        payment_intent: booking.paymentIntent,
      },
    },
  });
  const stripe = new Stripe('sk_test_unused');
  return { payload, signature: stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return parse(text) as Record<string, string>;
}
