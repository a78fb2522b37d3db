import { AuthUser, Role } from '@evently/auth';
import { InjectConfig, RequestContext } from '@evently/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { FeedRepository } from '../feed/feed.repository';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { checkTarget, send, SendResult } from './webhook-sender';
import { WebhookErrorCode, WebhookException } from './webhook.exception';
import { Delivery, DeliveryStatus, Subscription, WebhookRepository } from './webhook.repository';
import { newSecret, signedHeaders, urlProblem } from './webhook.rules';

export interface SubscriptionInput {
  url: string;
  events: string[];
  eventId?: string | null;
  description?: string | null;
}

/** How many feed entries a replay reads and queues at a time. */
const REPLAY_PAGE = 5_000;

const notFound = () => new WebhookException(WebhookErrorCode.WebhookNotFound, 'No such webhook');

/** An organizer's webhook subscriptions: made, changed, rotated, tested; their deliveries read and resent. */
@Injectable()
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly audit: AuditRepository,
    private readonly feed: FeedRepository,
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  /** A new subscription of the caller's; its secret is in the answer, and only there. */
  async create(caller: AuthUser, input: SubscriptionInput): Promise<Subscription> {
    await this.refuseTarget(input.url);
    return this.dataSource.transaction(async (manager) => {
      const made = await this.webhooks.insert(
        {
          id: randomUUID(),
          organizerId: caller.id,
          url: input.url,
          types: [...new Set(input.events)],
          eventId: input.eventId ?? null,
          description: input.description ?? null,
          secret: newSecret(),
          status: 'active',
        },
        manager,
      );
      await this.record(manager, caller, 'webhook.created', made, { url: made.url, events: made.types });
      return made;
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
    return this.dataSource.transaction(async (manager) => {
      const updated = await this.webhooks.update(
        current.id,
        {
          url: change.url,
          types: change.events ? [...new Set(change.events)] : undefined,
          eventId: change.eventId,
          description: change.description,
          ...(change.enabled !== undefined && {
            status: change.enabled ? 'active' : 'disabled',
            disabledReason: change.enabled ? null : 'disabled by its owner',
          }),
        },
        manager,
      );
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (updated.url !== current.url) changes.url = { from: current.url, to: updated.url };
      if (updated.types.join() !== current.types.join())
        changes.events = { from: current.types, to: updated.types };
      if (updated.eventId !== current.eventId)
        changes.eventId = { from: current.eventId, to: updated.eventId };
      if (updated.status !== current.status) changes.status = { from: current.status, to: updated.status };
      await this.record(manager, caller, 'webhook.updated', updated, null, changes);
      return updated;
    });
  }

  async remove(caller: AuthUser, id: string): Promise<void> {
    const current = await this.get(caller, id);
    await this.dataSource.transaction(async (manager) => {
      await this.webhooks.remove(current.id, manager);
      await this.record(manager, caller, 'webhook.deleted', current, { url: current.url });
    });
  }

  /** A new secret; the previous one still signs deliveries for WEBHOOK_SECRET_OVERLAP_HOURS. */
  async rotate(caller: AuthUser, id: string): Promise<Subscription> {
    const current = await this.get(caller, id);
    return this.dataSource.transaction(async (manager) => {
      await this.record(manager, caller, 'webhook.secret_rotated', current, null);
      return this.webhooks.update(
        current.id,
        {
          secret: newSecret(),
          previousSecret: current.secret,
          previousSecretUntil: new Date(Date.now() + this.config.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000),
        },
        manager,
      );
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
    // In pages, each queued as it is read: a replay of a long feed never holds it all at once.
    let queued = 0;
    for (let cursor = after; ;) {
      const seqs = await this.feed.seqsAfter(subscription.organizerId, cursor, subscription, REPLAY_PAGE);
      if (seqs.length > 0) queued += await this.webhooks.queueAgain(subscription, seqs);
      if (seqs.length < REPLAY_PAGE) return queued;
      cursor = seqs[seqs.length - 1];
    }
  }

  /** The audit log's line for a change to a webhook (the notifier keeps the log, so it writes it itself). */
  private record(
    manager: EntityManager,
    caller: AuthUser,
    action: string,
    subscription: Subscription,
    details: Record<string, unknown> | null,
    changes: Record<string, { from: unknown; to: unknown }> | null = null,
  ): Promise<void> {
    return this.audit.append(manager, randomUUID(), {
      actorId: caller.id,
      actorRole: caller.role,
      action,
      targetType: 'webhook',
      targetId: subscription.id,
      eventId: subscription.eventId,
      organizerId: subscription.organizerId,
      changes: changes && Object.keys(changes).length > 0 ? changes : null,
      details,
      requestId: RequestContext.requestId() ?? null,
      address: RequestContext.address() ?? null,
      at: new Date().toISOString(),
    });
  }

  private async refuseTarget(url: string): Promise<void> {
    const problem =
      urlProblem(url, this.config.WEBHOOK_HTTPS_ONLY) ??
      (await checkTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE));
    if (problem) throw new WebhookException(WebhookErrorCode.WebhookUrlNotAllowed, problem, { url });
  }
}
