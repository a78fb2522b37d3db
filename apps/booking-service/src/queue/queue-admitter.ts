import type { OnSale } from '@evently/contracts';
import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { InventoryService } from '../inventory/inventory.service';
import { QueueRepository } from './queue.repository';
import { admissionsDue, paceOf, smoothedRate } from './queue.rules';

/**
 * Runs every open queue, every QUEUE_TICK_MS, on every instance: one round per queue at a time, by whichever
 * instance locks its head first (the others skip it), so no rank is given twice and none is skipped. A round
 * ranks those who joined before the opening at random (once), ranks later arrivals in arrival order, and
 * admits the next ranks at the queue's pace, each with a pass. All of it is in the database: an instance that
 * dies or restarts loses nobody. Its rounds run on a connection of their own, held: in a rush every pooled
 * connection has a queue of visitors' requests waiting for it, and admission must not wait behind them.
 */
@Injectable()
export class QueueAdmitter extends BackgroundLoop {
  private readonly log = new Logger(QueueAdmitter.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueRepository,
    private readonly inventory: InventoryService,
    @InjectConfig() private readonly config: BookingServiceConfig,
    metrics: MetricsService,
  ) {
    super({ name: 'queue-admitter', intervalMs: config.QUEUE_TICK_MS, registry: metrics.registry });
  }

  private runner: QueryRunner | null = null;

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    await this.runner?.release();
  }

  /** The admitter's own connection (a new one after it broke, e.g. across a database restart). */
  private async connection(): Promise<QueryRunner> {
    if (this.runner && !this.runner.isReleased) return this.runner;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return (this.runner = runner);
  }

  protected async round(): Promise<void> {
    let runner = await this.connection();
    for (const { eventId, onSale } of await this.inventory.openQueues(runner.manager)) {
      try {
        await this.runQueue(runner, eventId, onSale);
      } catch (error) {
        // One queue's failure does not hold up the others; a broken connection is replaced.
        this.log.warn(`queue round of ${eventId} failed: ${(error as Error).message}`);
        const rolledBack = await runner.rollbackTransaction().then(
          () => true,
          () => false,
        );
        if (!rolledBack) {
          await runner.release().catch(() => undefined);
          this.runner = null;
          runner = await this.connection();
        }
      }
    }
  }

  /** One round of one queue (skipped when another instance is running it). */
  private async runQueue(runner: QueryRunner, eventId: string, onSale: OnSale): Promise<void> {
    await runner.startTransaction();
    const manager = runner.manager;
    const head = await this.queue.lockHead(manager, eventId);
    if (head) {
      const now = new Date();
      if (!head.orderedAt) {
        head.lastRank += await this.queue.rankAtRandom(
          manager,
          eventId,
          new Date(onSale.opensAt),
          head.lastRank,
        );
        head.orderedAt = now;
      }
      head.lastRank += await this.queue.rankInArrivalOrder(manager, eventId, head.lastRank);
      const pace = paceOf(onSale, this.config.QUEUE_WINDOW);
      const active = 'window' in pace ? await this.queue.activePasses(manager, eventId) : 0;
      const { admit, allowance } = admissionsDue(head, pace, now.getTime(), active);
      if (admit > 0) {
        const range = { from: head.admittedUpto + 1, to: head.admittedUpto + admit };
        await this.queue.admit(manager, eventId, range, now, onSale.passMinutes);
      }
      const elapsed = head.admittedAt ? now.getTime() - head.admittedAt.getTime() : 0;
      head.recentPerMinute = smoothedRate(head.recentPerMinute, admit, elapsed);
      head.admittedUpto += admit;
      head.allowance = allowance;
      head.admittedAt = now;
      await this.queue.saveHead(manager, eventId, head);
    }
    await runner.commitTransaction();
  }
}
