import { AuthUser, RevokedSessions } from '@evently/auth';
import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { Observable, Subscriber } from 'rxjs';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { NotificationEntity } from './notification.entity';
import { NotificationService } from './notification.service';

/** Pushed notifications may be this late in the table (commit order is not creation order). */
const LOOKBACK_MS = 10_000;

/** What a live stream carries: notifications, then possibly the reason it ends. */
export type StreamItem =
  | { kind: 'notification'; notification: NotificationEntity }
  /** The user opened more streams than STREAMS_PER_USER: this, the oldest, gives way. */
  | { kind: 'replaced' }
  /** The token the stream was opened with was revoked (role or password change, logout). */
  | { kind: 'revoked' };

interface Listener {
  user: AuthUser;
  subscriber: Subscriber<StreamItem>;
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
  private readonly perUser: number;

  constructor(
    private readonly notifications: NotificationService,
    private readonly revoked: RevokedSessions,
    @InjectConfig() config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    super({
      name: 'notification-stream',
      intervalMs: config.STREAM_POLL_INTERVAL_MS,
      registry: metrics.registry,
    });
    this.perUser = config.STREAMS_PER_USER;
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    for (const set of this.listeners.values()) for (const l of set) l.subscriber.complete();
  }

  /**
   * Every notification of `user` created from now on, until the subscriber goes away, the user opens more
   * than STREAMS_PER_USER streams here (the oldest ends with `replaced`), or the token is revoked.
   */
  follow(user: AuthUser): Observable<StreamItem> {
    return new Observable<StreamItem>((subscriber) => {
      const listener: Listener = { user, subscriber, since: new Date(), sent: new Set() };
      const set = this.listeners.get(user.id) ?? new Set<Listener>();
      // A Set keeps insertion order: the first is the oldest stream.
      for (const oldest of [...set].slice(0, Math.max(0, set.size - this.perUser + 1))) {
        this.end(oldest, 'replaced');
      }
      set.add(listener);
      this.listeners.set(user.id, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(user.id) === set) this.listeners.delete(user.id);
      };
    });
  }

  private end(listener: Listener, reason: 'replaced' | 'revoked'): void {
    listener.subscriber.next({ kind: reason });
    listener.subscriber.complete();
  }

  /** One round: pushes what each connection has not had yet (nothing to do without connections). */
  protected async round(): Promise<void> {
    if (this.listeners.size === 0) return;
    for (const set of this.listeners.values()) {
      for (const listener of set) if (this.revoked.isRevoked(listener.user)) this.end(listener, 'revoked');
    }
    if (this.listeners.size === 0) return;
    const since = new Date(Date.now() - LOOKBACK_MS);
    const rows = await this.notifications.recentFor([...this.listeners.keys()], since);
    for (const row of rows) {
      for (const listener of this.listeners.get(row.userId) ?? []) {
        if (row.createdAt < listener.since || listener.sent.has(row.id)) continue;
        listener.sent.add(row.id);
        listener.subscriber.next({ kind: 'notification', notification: row });
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
