import { APP_CONFIG } from '@evently/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { PayableOrder, PaymentProvider, PaymentStart, ProviderRefund } from './payment-provider';
import { PaymentErrorCode, PaymentException } from './payment.exception';
import { checkoutExpiry } from './payment.rules';

/** A completed Checkout Session, as the webhook reports it. */
export interface StripeCheckoutPaid {
  bookingId: string;
  amount: number;
  currency: string;
  /** The payment intent (what a refund names), or the session when there is none. */
  reference: string;
}

/**
 * Card payments through Stripe Checkout, with the official SDK: `start` creates a Checkout Session (one per
 * booking: the booking id is its idempotency key) and sends the buyer to it; only the signed webhook
 * (`verifiedEvent`) says it was paid. Enabled when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set;
 * STRIPE_API_URL points the SDK at a stand-in (tests).
 */
@Injectable()
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly enabled: boolean;
  private readonly logger = new Logger(StripeProvider.name);
  private readonly stripe: Stripe | null;

  constructor(@Inject(APP_CONFIG) private readonly config: BookingServiceConfig) {
    this.enabled = Boolean(config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET);
    const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
    this.stripe = this.enabled
      ? new Stripe(config.STRIPE_SECRET_KEY!, {
          maxNetworkRetries: 2,
          timeout: 10_000,
          ...(api && {
            host: api.hostname,
            port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
            protocol: api.protocol.replace(':', '') as 'http' | 'https',
          }),
        })
      : null;
  }

  refusal(order: Pick<PayableOrder, 'totalAmount'>): string | null {
    if (!this.enabled) return 'not configured';
    return order.totalAmount > 0 ? null : 'nothing to pay';
  }

  async start(order: PayableOrder): Promise<PaymentStart> {
    const currency = order.currency.toLowerCase();
    // Lines at their prices; an order with a discount (or a free line, which Checkout will not show) is one
    // line of its total, so that what Stripe charges is exactly the booking's total.
    const plain = order.discountAmount === 0 && order.items.every((i) => i.unitPrice > 0);
    const lineItems = plain
      ? order.items.map((i) => ({
          quantity: i.quantity,
          price_data: {
            currency,
            unit_amount: i.unitPrice,
            product_data: { name: `${i.name} · ${order.eventTitle}` },
          },
        }))
      : [
          {
            quantity: 1,
            price_data: {
              currency,
              unit_amount: order.totalAmount,
              product_data: { name: order.eventTitle },
            },
          },
        ];
    const base = this.config.PUBLIC_URL;
    try {
      const session = await this.stripe!.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: lineItems,
          client_reference_id: order.bookingId,
          metadata: { bookingId: order.bookingId },
          payment_intent_data: { metadata: { bookingId: order.bookingId } },
          expires_at: checkoutExpiry(order.expiresAt, Date.now()),
          success_url: `${base}/bookings?paid=${order.bookingId}`,
          cancel_url: `${base}/bookings`,
        },
        { idempotencyKey: `checkout-${order.bookingId}` },
      );
      return { provider: this.name, reference: session.id, instructions: null, redirectUrl: session.url };
    } catch (error) {
      this.logger.warn({ err: error, bookingId: order.bookingId }, 'Stripe refused a Checkout Session');
      throw new PaymentException(
        PaymentErrorCode.PaymentProviderFailed,
        'The card payment could not be started; try again',
      );
    }
  }

  async refund(refund: ProviderRefund): Promise<void> {
    await this.stripe!.refunds.create(
      { payment_intent: refund.paymentReference, amount: refund.amount },
      { idempotencyKey: `refund-${refund.refundId}` },
    );
  }

  /**
   * The webhook's event if its Stripe-Signature verifies over the body as received (400
   * WEBHOOK_SIGNATURE_INVALID otherwise), reduced to what settles a booking: a paid Checkout Session, or null
   * for any other event (acknowledged, nothing to do).
   */
  verifiedEvent(rawBody: Buffer | undefined, signature: string | undefined): StripeCheckoutPaid | null {
    if (!this.enabled) {
      throw new PaymentException(
        PaymentErrorCode.PaymentProviderUnavailable,
        'Stripe is not configured here',
        {
          reason: 'not configured',
        },
      );
    }
    let event: Stripe.Event;
    try {
      event = this.stripe!.webhooks.constructEvent(
        rawBody ?? '',
        signature ?? '',
        this.config.STRIPE_WEBHOOK_SECRET!,
      );
    } catch {
      throw new PaymentException(
        PaymentErrorCode.WebhookSignatureInvalid,
        'The Stripe-Signature does not verify',
      );
    }
    const paidEvents = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'];
    if (!paidEvents.includes(event.type)) return null;
    const session = event.data.object as Stripe.Checkout.Session;
    const bookingId = session.metadata?.bookingId ?? session.client_reference_id;
    if (session.payment_status !== 'paid' || !bookingId || session.amount_total === null) return null;
    const intent = session.payment_intent;
    return {
      bookingId,
      amount: session.amount_total,
      currency: (session.currency ?? '').toUpperCase(),
      reference: (typeof intent === 'string' ? intent : intent?.id) ?? session.id,
    };
  }
}
