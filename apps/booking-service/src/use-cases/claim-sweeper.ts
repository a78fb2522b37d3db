import { BackgroundLoop, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { ReleaseClaim } from './release-claim';

const BATCH = 100;
const SWEEP_MS = 1000;

/**
 * Gives back the places of general-admission claims whose booking never came (the process died between
 * claiming and committing: its heartbeat stopped, or the claim outlived BOOKING_CLAIM_TTL_SECONDS). Every
 * instance runs it; a claim is given back once, by whoever deletes it.
 */
@Injectable()
export class ClaimSweeper extends BackgroundLoop {
  constructor(
    private readonly release: ReleaseClaim,
    metrics: MetricsService,
  ) {
    super({
      name: 'claim-sweeper',
      // Every second: the claims of an instance that died are given back within seconds of its last beat.
      intervalMs: SWEEP_MS,
      registry: metrics.registry,
    });
  }

  protected async round(): Promise<boolean> {
    return (await this.release.sweep(BATCH)) === BATCH;
  }
}
