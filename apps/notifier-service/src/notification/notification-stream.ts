import { InjectConfig } from '@evently/common';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
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
export class NotificationStream implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationStream.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly notifications: NotificationService,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.config.STREAM_POLL_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
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

  private async poll(): Promise<void> {
    if (this.polling || this.listeners.size === 0) return;
    this.polling = true;
    try {
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
    } catch (error) {
      this.logger.warn({ err: error }, 'Polling for live notifications failed');
    } finally {
      this.polling = false;
    }
  }
}
