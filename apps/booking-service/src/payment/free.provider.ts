import { Injectable } from '@nestjs/common';
import { PayableOrder, PaymentProvider, PaymentStart } from './payment-provider';

/**
 * Orders that cost nothing (free types, or a code that takes everything off): confirmed when they are placed,
 * so there is never anything to start or give back. Any order with a price is refused.
 */
@Injectable()
export class FreeProvider implements PaymentProvider {
  readonly name = 'free' as const;
  readonly enabled = true;

  refusal(order: Pick<PayableOrder, 'totalAmount'>): string | null {
    return order.totalAmount === 0 ? null : 'the order has a price';
  }

  start(order: PayableOrder): Promise<PaymentStart> {
    return Promise.resolve({
      provider: this.name,
      reference: order.bookingId,
      instructions: null,
      redirectUrl: null,
    });
  }

  async refund(): Promise<void> {
    // Nothing was paid.
  }
}
