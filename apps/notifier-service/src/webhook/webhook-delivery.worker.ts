import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { FeedRepository } from '../feed/feed.repository';
import { NotificationService } from '../notification/notification.service';
import { NotificationType } from '../notification/templates';
import { send, SendResult } from './webhook-sender';
import { Delivery, Subscription, WebhookRepository } from './webhook.repository';
import { deliveryBody, retryDelaySeconds, signedHeaders } from './webhook.rules';

const LEASE_SECONDS = 60;
/** Deliveries sent in a row for one subscription before its lease is given back (others get their turn). */
const PER_LEASE = 100;
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends webhook deliveries: each instance leases subscriptions whose first pending delivery is due (one
 * sender per subscription, so deliveries go out in feed order) and sends them without waiting for one another,
 * up to WEBHOOK_CONCURRENCY subscriptions at once: a slow or dead receiver holds only its own subscription. A
 * failed attempt is retried with a doubling wait; failing for WEBHOOK_RETRY_HOURS disables the subscription,
 * and its organizer is told in the inbox and by email.
 */
@Injectable()
export class WebhookDeliveryWorker extends BackgroundLoop {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    private readonly feed: FeedRepository,
    private readonly notifications: NotificationService,
    @InjectConfig() private readonly config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    super({
      name: 'webhook-delivery',
      intervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
      registry: metrics.registry,
    });
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    await Promise.allSettled(this.inFlight.values());
  }

  protected async round(): Promise<boolean> {
    const room = this.config.WEBHOOK_CONCURRENCY - this.inFlight.size;
    if (room <= 0) return false;
    const leased = await this.webhooks.leaseDue(room, LEASE_SECONDS);
    for (const subscription of leased) {
      const run = this.deliverFor(subscription)
        .catch((error: unknown) => this.logger.error(`webhook ${subscription.id}: ${String(error)}`))
        .finally(() => {
          this.inFlight.delete(subscription.id);
          void this.webhooks.release(subscription.id).catch(() => undefined);
        });
      this.inFlight.set(subscription.id, run);
    }
    return leased.length === room;
  }

  /** Sends the subscription's due deliveries in order, until one fails or none is due. */
  private async deliverFor(subscription: Subscription): Promise<void> {
    for (let sent = 0; sent < PER_LEASE; sent++) {
      const delivery = await this.webhooks.dueHead(subscription.id);
      if (!delivery) return;
      const result = await this.attempt(subscription, delivery);
      if (!result.ok) return;
    }
  }

  private async attempt(subscription: Subscription, delivery: Delivery): Promise<SendResult> {
    const [entry] = await this.feed.bySeq(delivery.organizerId, [delivery.seq]);
    const body = deliveryBody(entry);
    const result = await send(subscription.url, signedHeaders(subscription, delivery.id, body), body, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    const outcome = {
      responseStatus: result.status,
      responseMs: result.ms,
      excerpt: result.excerpt,
      error: result.error,
    };
    if (result.ok) {
      await this.webhooks.recordAttempt(delivery.id, {
        ...outcome,
        status: 'delivered',
        nextAttemptAt: null,
      });
      return result;
    }
    const failingSince = delivery.firstAttemptAt ?? new Date();
    const givingUp = Date.now() - failingSince.getTime() >= this.config.WEBHOOK_RETRY_HOURS * 3_600_000;
    if (givingUp) {
      await this.webhooks.recordAttempt(delivery.id, { ...outcome, status: 'failed', nextAttemptAt: null });
      await this.disable(subscription, result);
      return result;
    }
    const wait = retryDelaySeconds(
      delivery.attempts + 1,
      this.config.WEBHOOK_RETRY_BASE_SECONDS,
      this.config.WEBHOOK_RETRY_MAX_SECONDS,
    );
    await this.webhooks.recordAttempt(delivery.id, {
      ...outcome,
      status: 'pending',
      nextAttemptAt: new Date(Date.now() + wait * 1000),
    });
    return result;
  }

  private async disable(subscription: Subscription, last: SendResult): Promise<void> {
    const hours = this.config.WEBHOOK_RETRY_HOURS;
    const span =
      hours >= 1
        ? `${hours} h`
        : hours * 60 >= 1
          ? `${Math.round(hours * 60)} min`
          : `${Math.round(hours * 3600)} s`;
    const why = `deliveries failed for ${span} (last: ${last.status ?? last.error})`;
    await this.webhooks.update(subscription.id, { status: 'disabled', disabledReason: why });
    await this.webhooks.failPending(subscription.id, 'subscription disabled');
    await this.dataSource.transaction((manager) =>
      this.notifications.notify(manager, [subscription.organizerId], {
        type: NotificationType.WebhookDisabled,
        cause: `webhook-disabled:${subscription.id}:${new Date().toISOString()}`,
        message: {
          title: 'A webhook was disabled',
          body: `Evently stopped sending to ${subscription.url}: ${why}. Fix the receiver, enable the webhook again and replay what it missed from the feed.`,
        },
        data: { webhookId: subscription.id, url: subscription.url },
      }),
    );
    this.logger.warn(`webhook ${subscription.id} disabled: ${why}`);
  }
}
