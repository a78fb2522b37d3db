import { BackgroundLoop, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IdempotencyRepository } from './idempotency.repository';

const BEAT_MS = 1000;
const FORGET_EVERY = 3600;

/**
 * This instance's heartbeat, every second: the keys it claims carry its id, and a retry takes over the keys
 * of an instance whose heartbeat stopped (killed mid-request) instead of waiting out the lease.
 */
@Injectable()
export class ClaimerHeartbeat extends BackgroundLoop {
  readonly instanceId = randomUUID();
  private rounds = 0;

  constructor(
    private readonly keys: IdempotencyRepository,
    metrics: MetricsService,
  ) {
    super({
      name: 'claimer-heartbeat',
      intervalMs: BEAT_MS,
      maxBackoffMs: BEAT_MS,
      registry: metrics.registry,
    });
  }

  /** Alive before the first request: a claim made at once must not look like a dead instance's. */
  protected override async beforeStart(): Promise<void> {
    await this.keys.beat(this.instanceId);
  }

  protected async round(): Promise<void> {
    await this.keys.beat(this.instanceId);
    if (++this.rounds % FORGET_EVERY === 0) await this.keys.forgetSilentInstances();
  }
}
