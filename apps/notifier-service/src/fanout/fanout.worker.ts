import { InjectConfig, MetricsService, Poller } from '@evently/common';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { FanoutService } from './fanout.service';

/** Works through planned fan-outs, batch by batch, in every instance. */
@Injectable()
export class FanoutWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    fanouts: FanoutService,
    @InjectConfig() config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    this.poller = new Poller({
      name: 'fanout',
      intervalMs: config.FANOUT_POLL_INTERVAL_MS,
      round: () => fanouts.runBatch(),
      registry: metrics.registry,
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
