import { MetricsService } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

/** Published / consumed / retried / dead-lettered counters and the outbox backlog, on the service's /metrics. */
@Injectable()
export class MessagingMetrics {
  readonly published: Counter<'routing_key'>;
  readonly unroutable: Counter<'routing_key'>;
  readonly consumed: Counter<'routing_key' | 'outcome'>;
  readonly retried: Counter<'routing_key' | 'tier'>;
  readonly deadLettered: Counter<'routing_key' | 'reason'>;

  constructor(metrics: MetricsService, dataSource: DataSource) {
    const registers = [metrics.registry];
    this.published = new Counter({
      name: 'messaging_published_total',
      help: 'Outbox messages published and confirmed by the broker',
      labelNames: ['routing_key'],
      registers,
    });
    this.unroutable = new Counter({
      name: 'messaging_unroutable_total',
      help: 'Publishes returned by the broker because no queue was bound (kept in the outbox)',
      labelNames: ['routing_key'],
      registers,
    });
    this.consumed = new Counter({
      name: 'messaging_consumed_total',
      help: 'Messages consumed, by outcome: handled, or duplicate (already in the inbox)',
      labelNames: ['routing_key', 'outcome'],
      registers,
    });
    this.retried = new Counter({
      name: 'messaging_retried_total',
      help: 'Messages sent to a retry tier after their handler failed',
      labelNames: ['routing_key', 'tier'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'messaging_dead_lettered_total',
      help: 'Messages parked in the DLQ, by reason',
      labelNames: ['routing_key', 'reason'],
      registers,
    });
    // Both gauges come from one query per scrape (prom-client collects metrics concurrently).
    let snapshot: { at: number; value: Promise<{ count: number; age: number }> } | undefined;
    const readBacklog = () => {
      if (!snapshot || Date.now() - snapshot.at > 500) {
        const value = dataSource
          .query(
            `SELECT count(*)::int AS count,
                    COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
               FROM outbox WHERE published_at IS NULL`,
          )
          .then((rows: { count: number; age: number }[]) => rows[0]);
        snapshot = { at: Date.now(), value };
      }
      return snapshot.value;
    };
    new Gauge({
      name: 'messaging_outbox_backlog',
      help: 'Outbox rows not yet published',
      registers,
      async collect() {
        const backlog = await readBacklog().catch(() => undefined);
        if (backlog) this.set(backlog.count);
      },
    });
    new Gauge({
      name: 'messaging_outbox_oldest_age_seconds',
      help: 'Age in seconds of the oldest unpublished outbox row (0 when none)',
      registers,
      async collect() {
        const backlog = await readBacklog().catch(() => undefined);
        if (backlog) this.set(backlog.age);
      },
    });
  }
}
