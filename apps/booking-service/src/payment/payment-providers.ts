import { Inject, Injectable } from '@nestjs/common';
import { PAYMENT_PROVIDERS, PaymentProvider, ProviderName } from './payment-provider';
import { PaymentErrorCode, PaymentException } from './payment.exception';

/** The adapters by name. */
@Injectable()
export class PaymentProviders {
  constructor(@Inject(PAYMENT_PROVIDERS) private readonly adapters: PaymentProvider[]) {}

  /** The provider to pay `order` with, or 409 PAYMENT_PROVIDER_UNAVAILABLE saying why not. */
  forOrder(name: ProviderName, order: { totalAmount: number }): PaymentProvider {
    const provider = this.get(name);
    const refusal = provider.refusal(order);
    if (refusal) {
      throw new PaymentException(
        PaymentErrorCode.PaymentProviderUnavailable,
        `Cannot pay this with ${name}: ${refusal}`,
        {
          provider: name,
          reason: refusal,
        },
      );
    }
    return provider;
  }

  get(name: string): PaymentProvider {
    const provider = this.adapters.find((p) => p.name === name);
    if (!provider) throw new Error(`No payment provider ${name}`);
    return provider;
  }

  /** The providers a buyer may choose for a priced order here. */
  offered(): ProviderName[] {
    return this.adapters.filter((p) => p.enabled && p.name !== 'free').map((p) => p.name);
  }
}
