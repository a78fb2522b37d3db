import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { InstanceRepository } from './instance.repository';

const BEAT_MS = 1000;
const FORGET_EVERY = 3600;

/**
 * This instance's heartbeat, every second. The Idempotency-Keys and place claims it holds in flight carry
 * its id; once its heartbeat is older than BOOKING_INSTANCE_GONE_SECONDS (killed mid-request), a retry takes
 * over its keys and the sweeper gives back its places, instead of waiting out a lease.
 */
@Injectable()
export class InstanceHeartbeat extends BackgroundLoop {
  readonly instanceId = randomUUID();
  /** Seconds of silence after which an instance counts as gone (in the SQL of those who take over). */
  readonly goneSeconds: number;
  private rounds = 0;

  constructor(
    private readonly instances: InstanceRepository,
    @InjectConfig() config: BookingServiceConfig,
    metrics: MetricsService,
  ) {
    super({
      name: 'instance-heartbeat',
      intervalMs: BEAT_MS,
      maxBackoffMs: BEAT_MS,
      registry: metrics.registry,
    });
    this.goneSeconds = config.BOOKING_INSTANCE_GONE_SECONDS;
  }

  /** Alive before the first request: what it claims at once must not look like a dead instance's. */
  protected override async beforeStart(): Promise<void> {
    await this.instances.beat(this.instanceId);
  }

  protected async round(): Promise<void> {
    await this.instances.beat(this.instanceId);
    if (++this.rounds % FORGET_EVERY === 0) await this.instances.forgetSilent();
  }
}
