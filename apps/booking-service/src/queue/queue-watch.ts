import { AuthUser } from '@evently/auth';
import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { InventoryService } from '../inventory/inventory.service';
import { QueueEntry, QueueRepository } from './queue.repository';
import { QueueService, QueueStatus } from './queue.service';

interface Follower {
  entry: QueueEntry;
  last: string | null;
}

/**
 * Waiting visitors' live streams: every QUEUE_STREAM_INTERVAL_MS, each queue followed on this instance has its
 * head read once (one query, whichever instance admitted), and each follower is pushed their status when it
 * changed. A follower's own row is read again only while it is unranked or once admitted (for its pass).
 */
@Injectable()
export class QueueWatch extends BackgroundLoop {
  private readonly queues = new Map<string, Map<Subscriber<QueueStatus>, Follower>>();

  constructor(
    private readonly queue: QueueRepository,
    private readonly service: QueueService,
    private readonly inventory: InventoryService,
    @InjectConfig() config: BookingServiceConfig,
    metrics: MetricsService,
  ) {
    super({ name: 'queue-watch', intervalMs: config.QUEUE_STREAM_INTERVAL_MS, registry: metrics.registry });
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    for (const followers of this.queues.values()) for (const s of followers.keys()) s.complete();
  }

  /** The caller's status now, then whenever it changes, until they go away. */
  async follow(caller: AuthUser, eventId: string, token: string): Promise<Observable<QueueStatus>> {
    await this.service.queuedEvent(caller, eventId);
    const entry = await this.service.entry(caller, eventId, token);
    return new Observable<QueueStatus>((subscriber) => {
      let followers = this.queues.get(eventId);
      if (!followers) this.queues.set(eventId, (followers = new Map<Subscriber<QueueStatus>, Follower>()));
      followers.set(subscriber, { entry, last: null });
      this.loop.wake();
      const followed = followers;
      return () => {
        followed.delete(subscriber);
        if (followed.size === 0 && this.queues.get(eventId) === followed) this.queues.delete(eventId);
      };
    });
  }

  protected async round(): Promise<void> {
    for (const [eventId, followers] of [...this.queues]) {
      const event = await this.inventory.find(eventId);
      if (!event?.onSale) continue;
      const head = await this.queue.head(eventId);
      for (const [subscriber, follower] of followers) {
        const { entry } = follower;
        const stale =
          entry.rank === null || (head !== null && entry.rank <= head.admittedUpto && !entry.pass);
        if (stale) follower.entry = (await this.queue.byToken(eventId, entry.token)) ?? entry;
        const status = this.service.statusOf(event, follower.entry, head);
        const json = JSON.stringify(status);
        if (json === follower.last) continue;
        follower.last = json;
        subscriber.next(status);
      }
    }
  }
}
