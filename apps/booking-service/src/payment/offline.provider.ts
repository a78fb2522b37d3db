import { APP_CONFIG } from '@evently/common';
import { Inject, Injectable } from '@nestjs/common';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { PayableOrder, PaymentProvider, PaymentStart } from './payment-provider';
import { offlineReference } from './payment.rules';

/**
 * Bank transfer: the attendee gets a reference and the instructions, and the organizer says when the money
 * arrived (POST /bookings/:id/mark-paid). Refunds are transfers the organizer makes; the ledger records them.
 */
@Injectable()
export class OfflineProvider implements PaymentProvider {
  readonly name = 'offline' as const;
  readonly enabled = true;

  constructor(@Inject(APP_CONFIG) private readonly config: BookingServiceConfig) {}

  refusal(order: Pick<PayableOrder, 'totalAmount'>): string | null {
    return order.totalAmount > 0 ? null : 'nothing to pay';
  }

  start(order: PayableOrder): Promise<PaymentStart> {
    return Promise.resolve({
      provider: this.name,
      reference: offlineReference(order.bookingId),
      instructions: this.config.PAYMENT_OFFLINE_INSTRUCTIONS,
      redirectUrl: null,
    });
  }

  async refund(): Promise<void> {
    // Nothing to call: the organizer transfers the money back.
  }
}
