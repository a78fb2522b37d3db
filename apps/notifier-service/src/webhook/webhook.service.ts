import { AuthUser, Role } from '@evently/auth';
import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { checkTarget, send, SendResult } from './webhook-sender';
import { signedHeaders } from './webhook-delivery.worker';
import { WebhookErrorCode, WebhookException } from './webhook.exception';
import { Delivery, DeliveryStatus, Subscription, WebhookRepository } from './webhook.repository';
import { newSecret, urlProblem } from './webhook.rules';

export interface SubscriptionInput {
  url: string;
  events: string[];
  eventId?: string | null;
  description?: string | null;
}

const notFound = () => new WebhookException(WebhookErrorCode.WebhookNotFound, 'No such webhook');

/** An organizer's webhook subscriptions: made, changed, rotated, tested; their deliveries read and resent. */
@Injectable()
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  /** A new subscription of the caller's; its secret is in the answer, and only there. */
  async create(caller: AuthUser, input: SubscriptionInput): Promise<Subscription> {
    await this.refuseTarget(input.url);
    return this.webhooks.insert({
      id: randomUUID(),
      organizerId: caller.id,
      url: input.url,
      types: [...new Set(input.events)],
      eventId: input.eventId ?? null,
      description: input.description ?? null,
      secret: newSecret(),
      status: 'active',
    });
  }

  list(caller: AuthUser): Promise<Subscription[]> {
    return this.webhooks.ofOrganizer(caller.id);
  }

  /** The caller's subscription (an admin may read anyone's); anyone else's does not exist. */
  async get(caller: AuthUser, id: string): Promise<Subscription> {
    const found = await this.webhooks.find(id);
    if (!found || (found.organizerId !== caller.id && caller.role !== Role.Admin)) throw notFound();
    return found;
  }

  async update(
    caller: AuthUser,
    id: string,
    change: Partial<SubscriptionInput> & { enabled?: boolean },
  ): Promise<Subscription> {
    const current = await this.get(caller, id);
    if (change.url !== undefined) await this.refuseTarget(change.url);
    return this.webhooks.update(current.id, {
      url: change.url,
      types: change.events ? [...new Set(change.events)] : undefined,
      eventId: change.eventId,
      description: change.description,
      ...(change.enabled !== undefined && {
        status: change.enabled ? 'active' : 'disabled',
        disabledReason: change.enabled ? null : 'disabled by its owner',
      }),
    });
  }

  async remove(caller: AuthUser, id: string): Promise<void> {
    await this.webhooks.remove((await this.get(caller, id)).id);
  }

  /** A new secret; the previous one still signs deliveries for WEBHOOK_SECRET_OVERLAP_HOURS. */
  async rotate(caller: AuthUser, id: string): Promise<Subscription> {
    const current = await this.get(caller, id);
    return this.webhooks.update(current.id, {
      secret: newSecret(),
      previousSecret: current.secret,
      previousSecretUntil: new Date(Date.now() + this.config.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000),
    });
  }

  /** Sends a signed `webhook.test` now (not part of the feed) and says how the receiver answered. */
  async test(caller: AuthUser, id: string): Promise<SendResult> {
    const subscription = await this.get(caller, id);
    const deliveryId = `test_${randomUUID()}`;
    const body = JSON.stringify({
      type: 'webhook.test',
      timestamp: new Date().toISOString(),
      seq: null,
      organizerId: subscription.organizerId,
      data: { webhookId: subscription.id },
    });
    return send(subscription.url, signedHeaders(subscription, deliveryId, body), body, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
    });
  }

  async deliveries(
    caller: AuthUser,
    id: string,
    query: { limit: number; beforeSeq?: number; status?: DeliveryStatus },
  ): Promise<Delivery[]> {
    const subscription = await this.get(caller, id);
    return this.webhooks.deliveries(subscription.id, query.limit, query.beforeSeq, query.status);
  }

  /** Sends one delivery again, with its id (a receiver sees the same webhook-id: a repeat). */
  async redeliver(caller: AuthUser, id: string, deliveryId: string): Promise<Delivery> {
    const subscription = await this.get(caller, id);
    if (subscription.status !== 'active') {
      throw new WebhookException(WebhookErrorCode.WebhookDisabled, 'Enable the webhook first');
    }
    const delivery = await this.webhooks.delivery(subscription.id, deliveryId);
    if (!delivery) throw new WebhookException(WebhookErrorCode.DeliveryNotFound, 'No such delivery');
    return this.webhooks.redeliver(delivery.id);
  }

  /** Queues everything after feed number `after` for the subscription again; returns how many. */
  async replay(caller: AuthUser, id: string, after: number): Promise<number> {
    const subscription = await this.get(caller, id);
    if (subscription.status !== 'active') {
      throw new WebhookException(WebhookErrorCode.WebhookDisabled, 'Enable the webhook first');
    }
    return this.webhooks.replay(subscription, after);
  }

  private async refuseTarget(url: string): Promise<void> {
    const problem =
      urlProblem(url, this.config.WEBHOOK_HTTPS_ONLY) ??
      (await checkTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE));
    if (problem) throw new WebhookException(WebhookErrorCode.WebhookUrlNotAllowed, problem, { url });
  }
}
