import { InjectConfig } from '@evently/common';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { NotificationService } from './notification.service';

const FANOUT_POLL_MS = 500;

/** Works through planned fan-outs (event changes to every attendee), batch by batch, in every instance. */
@Injectable()
export class FanoutWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FanoutWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly notifications: NotificationService,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), FANOUT_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    try {
      while (await this.notifications.runFanoutBatch()) {
        // One batch per transaction, until nothing is left.
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        `Fan-out batch failed (batch size ${this.config.FANOUT_BATCH_SIZE}); retrying`,
      );
    }
  }
}
