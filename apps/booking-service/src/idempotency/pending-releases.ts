import { BackgroundLoop, MetricsService } from '@evently/common';
import { Injectable, Logger } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';

const RETRY_MS = 250;

interface Claim {
  userId: string;
  key: string;
  token: string;
}

/**
 * Claims whose request failed and whose release could not reach the database (it was away): released as
 * soon as it answers again, so the buyer's retry runs then rather than after the lease.
 */
@Injectable()
export class PendingReleases extends BackgroundLoop {
  private readonly logger = new Logger(PendingReleases.name);
  private readonly claims = new Map<string, Claim>();

  constructor(
    private readonly keys: IdempotencyRepository,
    metrics: MetricsService,
  ) {
    super({
      name: 'idempotency-releases',
      intervalMs: RETRY_MS,
      maxBackoffMs: RETRY_MS * 4,
      registry: metrics.registry,
    });
  }

  add(claim: Claim): void {
    this.claims.set(claim.token, claim);
    this.loop.wake();
  }

  get size(): number {
    return this.claims.size;
  }

  protected async round(): Promise<void> {
    for (const claim of [...this.claims.values()]) {
      await this.keys.release(claim.userId, claim.key, claim.token);
      this.claims.delete(claim.token);
      this.logger.log(`released the Idempotency-Key of a failed request once the database answered`);
    }
  }
}
