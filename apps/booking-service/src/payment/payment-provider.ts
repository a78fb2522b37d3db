import type { OrderItem } from '../booking/booking.entity';

/** The ways an order can be paid. */
export const PROVIDER_NAMES = ['free', 'offline', 'stripe'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** An order awaiting payment, as a provider needs it. */
export interface PayableOrder {
  bookingId: string;
  eventTitle: string;
  items: OrderItem[];
  /** Minor units, after any discount. */
  totalAmount: number;
  discountAmount: number;
  currency: string;
  /** When the hold lapses. */
  expiresAt: Date;
}

/** How the buyer pays: instructions to follow (offline), or a page to go to (stripe). */
export interface PaymentStart {
  provider: ProviderName;
  /** What to quote with a transfer (offline), or the provider's session id (stripe). */
  reference: string;
  instructions: string | null;
  redirectUrl: string | null;
}

/** Money to give back through the provider that took it. */
export interface ProviderRefund {
  /** The ledger row of the refund: the provider's idempotency key. */
  refundId: string;
  /** The provider's reference of the payment it refunds. */
  paymentReference: string;
  amount: number;
  currency: string;
}

/**
 * The payment port: each adapter (free, offline, stripe) starts a payment of an order and gives money back.
 * A payment is confirmed by what the provider says afterwards (the organizer's mark-paid for offline, a
 * signed webhook for stripe), never by starting it.
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  /** Configured here (stripe needs its keys). */
  readonly enabled: boolean;
  /** Why it does not take this order (free takes only orders of 0; the others only priced ones), or null. */
  refusal(order: Pick<PayableOrder, 'totalAmount'>): string | null;
  start(order: PayableOrder): Promise<PaymentStart>;
  /** Gives money back through the provider; offline refunds are transfers the organizer makes. */
  refund(refund: ProviderRefund): Promise<void>;
}

/** The adapters, injected as one list. */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');
