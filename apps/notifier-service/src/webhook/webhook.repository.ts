import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Delivery,
  DeliveryRow,
  DeliveryStatus,
  Subscription,
  SubscriptionRow,
  toDelivery,
  toSubscription,
} from './webhook.rows';

export type { Delivery, DeliveryStatus, Subscription, SubscriptionStatus } from './webhook.rows';

/** The only reader and writer of `webhook_subscriptions` and `webhook_deliveries`. */
@Injectable()
export class WebhookRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    s: Omit<
      Subscription,
      'createdAt' | 'updatedAt' | 'previousSecret' | 'previousSecretUntil' | 'disabledReason'
    >,
    manager?: EntityManager,
  ) {
    const [row] = await (manager ?? this.dataSource.manager).query<SubscriptionRow[]>(
      `INSERT INTO webhook_subscriptions (id, organizer_id, url, types, event_id, description, secret, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [s.id, s.organizerId, s.url, s.types, s.eventId, s.description, s.secret, s.status],
    );
    return toSubscription(row);
  }

  async find(id: string): Promise<Subscription | null> {
    const [row] = await this.dataSource.query<SubscriptionRow[]>(
      `SELECT * FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return row ? toSubscription(row) : null;
  }

  async ofOrganizer(organizerId: string): Promise<Subscription[]> {
    const rows = await this.dataSource.query<SubscriptionRow[]>(
      `SELECT * FROM webhook_subscriptions WHERE organizer_id = $1 ORDER BY created_at`,
      [organizerId],
    );
    return rows.map(toSubscription);
  }

  async update(
    id: string,
    change: Partial<
      Pick<
        Subscription,
        | 'url'
        | 'types'
        | 'eventId'
        | 'description'
        | 'status'
        | 'disabledReason'
        | 'secret'
        | 'previousSecret'
        | 'previousSecretUntil'
      >
    >,
    manager?: EntityManager,
  ): Promise<Subscription> {
    const columns: Record<string, string> = {
      url: 'url',
      types: 'types',
      eventId: 'event_id',
      description: 'description',
      status: 'status',
      disabledReason: 'disabled_reason',
      secret: 'secret',
      previousSecret: 'previous_secret',
      previousSecretUntil: 'previous_secret_until',
    };
    const entries = Object.entries(change).filter(([, v]) => v !== undefined);
    const sets = entries.map(([k], i) => `${columns[k]} = $${i + 2}`);
    const [rows] = await (manager ?? this.dataSource.manager).query<[SubscriptionRow[], number]>(
      `UPDATE webhook_subscriptions SET ${[...sets, 'updated_at = clock_timestamp()'].join(', ')} WHERE id = $1 RETURNING *`,
      [id, ...entries.map(([, v]) => v)],
    );
    return toSubscription(rows[0]);
  }

  async remove(id: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  /** One pending delivery of entry `seq` for each active subscription that wants it (the caller's transaction). */
  async enqueue(
    manager: EntityManager,
    entry: { organizerId: string; seq: number; type: string; eventId: string | null },
  ) {
    await manager.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, organizer_id, seq, status)
       SELECT gen_random_uuid(), s.id, s.organizer_id, $2, 'pending' FROM webhook_subscriptions s
       WHERE s.organizer_id = $1 AND s.status = 'active' AND ('*' = ANY(s.types) OR $3 = ANY(s.types))
         AND (s.event_id IS NULL OR s.event_id = $4)
       ON CONFLICT (subscription_id, seq) DO NOTHING`,
      [entry.organizerId, entry.seq, entry.type, entry.eventId],
    );
  }

  /**
   * Leases up to `limit` active subscriptions whose first pending delivery is due and that no instance is
   * delivering for: one sender per subscription, so its deliveries go out in order.
   */
  async leaseDue(limit: number, leaseSeconds: number): Promise<Subscription[]> {
    const [rows] = await this.dataSource.query<[SubscriptionRow[], number]>(
      `UPDATE webhook_subscriptions SET leased_until = clock_timestamp() + make_interval(secs => $2)
       WHERE id IN (
         SELECT s.id FROM webhook_subscriptions s
         WHERE s.status = 'active' AND (s.leased_until IS NULL OR s.leased_until < clock_timestamp())
           AND (SELECT d.next_attempt_at FROM webhook_deliveries d
                WHERE d.subscription_id = s.id AND d.status = 'pending' ORDER BY d.seq LIMIT 1) <= clock_timestamp()
         LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, leaseSeconds],
    );
    return rows.map(toSubscription);
  }

  async release(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_subscriptions SET leased_until = NULL WHERE id = $1`, [id]);
  }

  /** The subscription's first pending delivery, if it is due. */
  async dueHead(subscriptionId: string): Promise<Delivery | null> {
    const [row] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT * FROM (SELECT * FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1) d
       WHERE d.next_attempt_at <= clock_timestamp()`,
      [subscriptionId],
    );
    return row ? toDelivery(row) : null;
  }

  /** Records an attempt: delivered, failed for good, or to be tried again at `nextAttemptAt`. */
  async recordAttempt(
    id: string,
    outcome: {
      status: DeliveryStatus;
      responseStatus: number | null;
      responseMs: number;
      excerpt: string | null;
      error: string | null;
      nextAttemptAt: Date | null;
    },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1,
         first_attempt_at = coalesce(first_attempt_at, clock_timestamp()), last_attempt_at = clock_timestamp(),
         response_status = $3, response_ms = $4, response_excerpt = $5, error = $6,
         next_attempt_at = coalesce($7, next_attempt_at),
         delivered_at = CASE WHEN $2 = 'delivered' THEN clock_timestamp() ELSE delivered_at END
       WHERE id = $1`,
      [
        id,
        outcome.status,
        outcome.responseStatus,
        outcome.responseMs,
        outcome.excerpt,
        outcome.error,
        outcome.nextAttemptAt,
      ],
    );
  }

  /** The subscription's deliveries, newest first, before `beforeSeq` when given. */
  async deliveries(
    subscriptionId: string,
    limit: number,
    beforeSeq?: number,
    status?: DeliveryStatus,
  ): Promise<Delivery[]> {
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT * FROM webhook_deliveries WHERE subscription_id = $1 AND ($2::bigint IS NULL OR seq < $2)
         AND ($3::text IS NULL OR status = $3)
       ORDER BY seq DESC LIMIT $4`,
      [subscriptionId, beforeSeq ?? null, status ?? null, limit],
    );
    return rows.map(toDelivery);
  }

  async delivery(subscriptionId: string, id: string): Promise<Delivery | null> {
    const [row] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT * FROM webhook_deliveries WHERE subscription_id = $1 AND id = $2`,
      [subscriptionId, id],
    );
    return row ? toDelivery(row) : null;
  }

  /** Sends a delivery again (same id), now; it goes out in its place in the order. */
  async redeliver(id: string): Promise<Delivery> {
    const [rows] = await this.dataSource.query<[DeliveryRow[], number]>(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = clock_timestamp() WHERE id = $1 RETURNING *`,
      [id],
    );
    return toDelivery(rows[0]);
  }

  /**
   * Queues the feed entries numbered `seqs` for the subscription again: deliveries made before are sent again
   * (same ids), missing ones are made. Returns how many are queued.
   */
  async queueAgain(subscription: Subscription, seqs: number[]): Promise<number> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO webhook_deliveries (id, subscription_id, organizer_id, seq, status)
       SELECT gen_random_uuid(), $1, $2, s.seq, 'pending' FROM unnest($3::bigint[]) AS s(seq)
       ON CONFLICT (subscription_id, seq) DO UPDATE SET status = 'pending', next_attempt_at = clock_timestamp()
       RETURNING id`,
      [subscription.id, subscription.organizerId, seqs],
    );
    return rows.length;
  }

  /** Gives up on the subscription's pending deliveries (it is being disabled); returns how many. */
  async failPending(subscriptionId: string, error: string): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE webhook_deliveries SET status = 'failed', error = coalesce(error, $2) WHERE subscription_id = $1 AND status = 'pending'`,
      [subscriptionId, error],
    );
    return count;
  }
}
