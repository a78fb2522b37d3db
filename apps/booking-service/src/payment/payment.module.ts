import { Module } from '@nestjs/common';
import { FreeProvider } from './free.provider';
import { OfflineProvider } from './offline.provider';
import { PAYMENT_PROVIDERS, PaymentProvider } from './payment-provider';
import { PaymentRepository } from './payment.repository';
import { PaymentProviders } from './payment-providers';
import { StripeProvider } from './stripe.provider';

/** The payment port and its adapters (free, offline, stripe), and the ledger of payments and refunds. */
@Module({
  providers: [
    PaymentRepository,
    FreeProvider,
    OfflineProvider,
    StripeProvider,
    {
      provide: PAYMENT_PROVIDERS,
      useFactory: (...adapters: PaymentProvider[]) => adapters,
      inject: [FreeProvider, OfflineProvider, StripeProvider],
    },
    PaymentProviders,
  ],
  exports: [PaymentRepository, PaymentProviders, StripeProvider],
})
export class PaymentModule {}
