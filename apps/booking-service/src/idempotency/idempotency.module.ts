import { Module } from '@nestjs/common';
import { ClaimerHeartbeat } from './claimer-heartbeat';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';
import { PendingReleases } from './pending-releases';

@Module({
  providers: [IdempotencyService, IdempotencyRepository, ClaimerHeartbeat, PendingReleases],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
