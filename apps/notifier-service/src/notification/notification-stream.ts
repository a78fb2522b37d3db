import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { NotificationEntity } from './notification.entity';
import { NotificationService } from './notification.service';

/** Pushed notifications may be this late in the table (commit order is not creation order). */
const LOOKBACK_MS = 10_000;

interface Listener {
  subscriber: Subscriber<NotificationEntity>;
  since: Date;
  sent: Set<string>;
}

/**
 * Live notifications for connected users. Any instance may have created a notification, so each instance
 * polls the shared table (one query for all of its connections) every STREAM_POLL_INTERVAL_MS and pushes
 * what a connection has not had yet.
 */
@Injectable()
export class NotificationStream extends BackgroundLoop {
  private readonly listeners = new Map<string, Set<Listener>>();
  constructor(
    private readonly notifications: NotificationService,
    @InjectConfig() config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    super({
      name: 'notification-stream',
      intervalMs: config.STREAM_POLL_INTERVAL_MS,
      registry: metrics.registry,
    });
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    for (const set of this.listeners.values()) for (const l of set) l.subscriber.complete();
  }

  /** Every notification of `userId` created from now on, until the subscriber goes away. */
  follow(userId: string): Observable<NotificationEntity> {
    return new Observable<NotificationEntity>((subscriber) => {
      const listener: Listener = { subscriber, since: new Date(), sent: new Set() };
      const set = this.listeners.get(userId) ?? new Set<Listener>();
      set.add(listener);
      this.listeners.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) this.listeners.delete(userId);
      };
    });
  }

  /** One round: pushes what each connection has not had yet (nothing to do without connections). */
  protected async round(): Promise<void> {
    if (this.listeners.size === 0) return;
    const since = new Date(Date.now() - LOOKBACK_MS);
    const rows = await this.notifications.recentFor([...this.listeners.keys()], since);
    for (const row of rows) {
      for (const listener of this.listeners.get(row.userId) ?? []) {
        if (row.createdAt < listener.since || listener.sent.has(row.id)) continue;
        listener.sent.add(row.id);
        listener.subscriber.next(row);
      }
    }
    // Bound the memory of long-lived connections (older ids have left the lookback window anyway).
    for (const set of this.listeners.values()) {
      for (const listener of set) {
        if (listener.sent.size > 1000) listener.sent = new Set([...listener.sent].slice(-500));
      }
    }
  }
}
