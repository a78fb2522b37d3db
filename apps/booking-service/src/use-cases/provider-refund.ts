import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ProviderRefund } from '../payment/payment-provider';
import { PaymentProviders } from '../payment/payment-providers';

/** Money recorded as refunded in the ledger, to be given back through the provider that took it. */
export const PROVIDER_REFUND = defineJobQueue<ProviderRefund & { provider: string }>(
  'payment.provider-refund',
  {
    retryLimit: 20,
    retryDelaySeconds: 5,
  },
);

/**
 * A refund is decided in the ledger, in the transaction that decides it (so it is never given twice, nor
 * more than was paid); the provider is called afterwards by this job, with the ledger row as its idempotency
 * key, and retried until it answers (a provider that is down delays the money, it never loses it).
 */
@Injectable()
export class ProviderRefunds implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly providers: PaymentProviders,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(PROVIDER_REFUND, (_manager, refund) =>
      this.providers.get(refund.provider).refund(refund),
    );
  }

  /** Plans the provider's part of a refund just recorded, in the same transaction (offline: nothing to call). */
  async plan(manager: EntityManager, refund: ProviderRefund & { provider: string }): Promise<void> {
    if (refund.provider === 'offline' || refund.provider === 'free') return;
    await this.scheduler.schedule(manager, PROVIDER_REFUND, refund, new Date());
  }
}
