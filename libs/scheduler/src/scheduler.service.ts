import { APP_CONFIG, BaseConfig, MetricsService, Poller } from '@evently/common';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { Counter, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { JobInfo, JobQueue } from './job-queue';
import type { SchedulerConfig } from './scheduler.config';

export type JobHandler<T> = (manager: EntityManager, data: T, job: JobInfo) => Promise<void>;

interface Registration {
  queue: JobQueue<unknown>;
  handler?: JobHandler<unknown>;
}

/** pg-boss's `Db`: statements run on the caller's transaction. */
const onManager = (manager: EntityManager): PgBoss.Db => ({
  executeSql: async (text, values) => ({ rows: await manager.query(text, values) }),
});

/** A job that finished its work but was no longer this worker's to complete (its lease ran out). */
class JobLeaseLost extends Error {}

/**
 * Timed work over the service's own PostgreSQL, on pg-boss (schema `pgboss`): "do X at time T, exactly
 * once, across instances and restarts".
 *
 * - `schedule()` writes the job in the caller's transaction, so a job exists exactly when the change that
 *   needs it commits; `cancel()` likewise.
 * - Each queue is polled by one loop per instance; pg-boss hands a due job to one instance only (FOR UPDATE
 *   SKIP LOCKED). The handler runs in a transaction that also marks the job completed, so its effects and
 *   the completion commit together; if the worker dies, the transaction rolls back and the job is retried
 *   once its lease (`expireInSeconds`) ends. A handler that throws is retried with exponential backoff.
 * - Handlers still re-check the state they act on under a lock: a job may be stale (the plan changed after
 *   it was written) and re-planning is "cancel the old job, schedule a new one" in the same transaction.
 *
 * Metrics: `scheduler_job_lag_seconds` (start - due) and `scheduler_jobs_total` by queue and outcome.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly registrations = new Map<string, Registration>();
  private readonly loops: Poller[] = [];
  private readonly boss: PgBoss;
  private readonly lag: Histogram<'queue'>;
  private readonly outcomes: Counter<'queue' | 'outcome'>;
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: BaseConfig & SchedulerConfig,
  ) {
    this.boss = new PgBoss({
      host: config.DATABASE_HOST,
      port: config.DATABASE_PORT,
      database: config.DATABASE_NAME,
      user: config.DATABASE_USER,
      password: config.DATABASE_PASSWORD,
      application_name: `${config.DATABASE_USER}-scheduler`,
      max: config.SCHEDULER_POOL_SIZE,
      schema: 'pgboss',
      migrate: true,
      supervise: true,
      // Cron schedules are not used; the clock-skew monitor only serves them.
      schedule: false,
      maintenanceIntervalSeconds: 30,
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error) => this.logger.warn({ err: error }, 'pg-boss reported an error'));
    this.lag = new Histogram({
      name: 'scheduler_job_lag_seconds',
      help: 'How long after its due time a timed job started, by queue',
      labelNames: ['queue'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300],
      registers: [metrics.registry],
    });
    this.outcomes = new Counter({
      name: 'scheduler_jobs_total',
      help: 'Timed jobs run, by queue and outcome (done, failed, lost)',
      labelNames: ['queue', 'outcome'],
      registers: [metrics.registry],
    });
  }

  /** Declares a queue this service schedules jobs on (queues with a handler are declared by `handle`). */
  declare(queue: JobQueue<unknown>): void {
    if (this.started) throw new Error(`Queue ${queue.name} declared after the scheduler started`);
    if (!this.registrations.has(queue.name)) this.registrations.set(queue.name, { queue });
  }

  /** Runs `handler` for each due job of `queue` on this instance; one handler per queue. */
  handle<T>(queue: JobQueue<T>, handler: JobHandler<T>): void {
    this.declare(queue);
    const registration = this.registrations.get(queue.name)!;
    if (registration.handler) throw new Error(`Queue ${queue.name} already has a handler`);
    registration.handler = handler as JobHandler<unknown>;
  }

  /** Plans a job for `runAt` (now if past) in the caller's transaction; returns its id. */
  async schedule<T>(manager: EntityManager, queue: JobQueue<T>, data: T, runAt: Date): Promise<string> {
    this.assertDeclared(queue);
    const id = await this.boss.send(queue.name, data as object, {
      startAfter: runAt,
      db: onManager(manager),
    });
    if (!id) throw new Error(`pg-boss refused a job on ${queue.name}`);
    return id;
  }

  /** Cancels a job not yet done, in the caller's transaction (a job already running still finishes). */
  async cancel(manager: EntityManager, queue: JobQueue<unknown>, jobId: string): Promise<void> {
    this.assertDeclared(queue);
    await this.boss.cancel(queue.name, jobId, { db: onManager(manager) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    await this.declareQueues();
    for (const { queue, handler } of this.registrations.values()) {
      if (!handler) continue;
      this.loops.push(
        new Poller({
          name: `scheduler:${queue.name}`,
          intervalMs: this.config.SCHEDULER_POLL_INTERVAL_MS,
          registry: this.metrics.registry,
          round: () => this.runDueJobs(queue, handler),
        }),
      );
    }
    this.started = true;
    for (const loop of this.loops) loop.start();
  }

  /**
   * Creates (or updates) every queue, one instance at a time: pg-boss creates a queue's partition with DDL,
   * and two instances starting together on a fresh database deadlock on it otherwise.
   */
  private async declareQueues(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('evently.scheduler.queues'))`);
      for (const { queue } of this.registrations.values()) {
        const options = {
          name: queue.name,
          policy: 'standard' as const,
          retryLimit: queue.retryLimit,
          retryDelay: queue.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: queue.expireInSeconds,
        };
        await this.boss.createQueue(queue.name, options);
        await this.boss.updateQueue(queue.name, options);
      }
    } finally {
      await runner
        .query(`SELECT pg_advisory_unlock(hashtext('evently.scheduler.queues'))`)
        .catch(() => undefined);
      await runner.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
    // Jobs in flight have finished (or rolled back) above; nothing of pg-boss's own is left to wait for.
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }

  /** One round: takes up to a batch of due jobs and runs them a few at a time; true if there may be more. */
  private async runDueJobs(queue: JobQueue<unknown>, handler: JobHandler<unknown>): Promise<boolean> {
    const jobs = await this.boss.fetch<unknown>(queue.name, {
      batchSize: this.config.SCHEDULER_BATCH_SIZE,
      includeMetadata: true,
    });
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) await this.runJob(queue, handler, jobs[next++]);
    };
    await Promise.all(
      Array.from({ length: Math.min(this.config.SCHEDULER_CONCURRENCY, jobs.length) }, worker),
    );
    return jobs.length === this.config.SCHEDULER_BATCH_SIZE;
  }

  private async runJob(
    queue: JobQueue<unknown>,
    handler: JobHandler<unknown>,
    job: PgBoss.JobWithMetadata<unknown>,
  ): Promise<void> {
    const dueAt = new Date(job.startAfter);
    this.lag.observe({ queue: queue.name }, Math.max(0, Date.now() - dueAt.getTime()) / 1000);
    try {
      await this.dataSource.transaction(async (manager) => {
        await handler(manager, job.data, { id: job.id, dueAt, retryCount: job.retryCount });
        // complete() answers how many jobs it moved from active to completed (its typings say void).
        const result = (await this.boss.complete(queue.name, job.id, null as unknown as object, {
          db: onManager(manager),
        })) as unknown as { affected: number };
        if (result.affected !== 1)
          throw new JobLeaseLost(`job ${job.id} of ${queue.name} is no longer active`);
      });
      this.outcomes.inc({ queue: queue.name, outcome: 'done' });
    } catch (error) {
      if (error instanceof JobLeaseLost) {
        // Another attempt owns it now; this attempt's effects were rolled back.
        this.outcomes.inc({ queue: queue.name, outcome: 'lost' });
        this.logger.warn(error.message);
        return;
      }
      this.outcomes.inc({ queue: queue.name, outcome: 'failed' });
      this.logger.warn(
        { err: error, queue: queue.name, jobId: job.id, retryCount: job.retryCount },
        'Timed job failed; pg-boss retries it with backoff',
      );
      await this.boss
        .fail(queue.name, job.id, { message: error instanceof Error ? error.message : String(error) })
        .catch((failError: unknown) =>
          this.logger.warn(
            { err: failError },
            `Could not mark job ${job.id} failed; it expires and is retried`,
          ),
        );
    }
  }

  private assertDeclared(queue: JobQueue<unknown>): void {
    if (!this.registrations.has(queue.name)) {
      throw new Error(`Queue ${queue.name} is not declared: call SchedulerService.declare or handle first`);
    }
  }
}
