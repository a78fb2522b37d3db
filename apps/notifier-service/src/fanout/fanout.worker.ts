import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { FanoutService } from './fanout.service';

/** Works through planned fan-outs, batch by batch, in every instance. */
@Injectable()
export class FanoutWorker extends BackgroundLoop {
  constructor(
    private readonly fanouts: FanoutService,
    @InjectConfig() config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    super({ name: 'fanout', intervalMs: config.FANOUT_POLL_INTERVAL_MS, registry: metrics.registry });
  }

  protected round(): Promise<boolean> {
    return this.fanouts.runBatch();
  }
}
