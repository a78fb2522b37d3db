// libs/scheduler as a service uses it: a small lab app (config, database, metrics, scheduler) on a lab
// database of the test stack, two instances at once, restarts, failures and rollbacks.
import {
  baseConfigSchema,
  ConfigModule,
  DatabaseModule,
  LoggingModule,
  MetricsModule,
  MetricsService,
} from '@evently/common';
import {
  defineJobQueue,
  JobQueue,
  SchedulerModule,
  schedulerConfigSchema,
  SchedulerService,
} from '@evently/scheduler';
import { eventually } from '@evently/testing/eventually';
import { serviceEnv, withEnv } from '@evently/testing/stack';
import { DynamicModule, INestApplicationContext, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

class CreateProbeEffects1764300000001 implements MigrationInterface {
  name = 'CreateProbeEffects1764300000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS probe_effects (
        key text PRIMARY KEY, runs integer NOT NULL, instance text NOT NULL, ran_at timestamptz NOT NULL)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE probe_effects`);
  }
}

interface ProbeJob {
  key: string;
  /** The handler throws (after writing its effect) on this many first attempts. */
  failTimes: number;
}

const PROBE_TOKEN = 'PROBE_QUEUE';

/** Records one effect row per job run, in the job's transaction; fails on demand after writing it. */
@Injectable()
class Probe implements OnModuleInit {
  readonly attempts = new Map<string, number>();
  readonly instance = randomUUID();

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly queue: JobQueue<ProbeJob>,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(this.queue, (manager, job) => this.run(manager, job));
  }

  private async run(manager: EntityManager, job: ProbeJob): Promise<void> {
    this.attempts.set(job.key, (this.attempts.get(job.key) ?? 0) + 1);
    await manager.query(
      `INSERT INTO probe_effects (key, runs, instance, ran_at) VALUES ($1, 1, $2, clock_timestamp())
       ON CONFLICT (key) DO UPDATE SET runs = probe_effects.runs + 1`,
      [job.key, this.instance],
    );
    if (this.attempts.get(job.key)! <= job.failTimes) throw new Error(`probe ${job.key} fails on purpose`);
  }
}

function probeModule(queue: JobQueue<ProbeJob>): DynamicModule {
  @Module({})
  class ProbeModule {}
  return {
    module: ProbeModule,
    imports: [
      ConfigModule.forRoot('lab9-service', baseConfigSchema.extend(schedulerConfigSchema.shape)),
      LoggingModule,
      MetricsModule,
      DatabaseModule.forRoot({ entities: [], migrations: [CreateProbeEffects1764300000001] }),
      SchedulerModule,
    ],
    providers: [
      { provide: PROBE_TOKEN, useValue: queue },
      {
        provide: Probe,
        inject: [SchedulerService, PROBE_TOKEN],
        useFactory: (s: SchedulerService, q: JobQueue<ProbeJob>) => new Probe(s, q),
      },
    ],
  };
}

interface ProbeApp {
  app: INestApplicationContext;
  probe: Probe;
  scheduler: SchedulerService;
  dataSource: DataSource;
  metrics: MetricsService;
}

async function startProbe(queue: JobQueue<ProbeJob>): Promise<ProbeApp> {
  const env = serviceEnv('lab9-service', { SCHEDULER_POLL_INTERVAL_MS: '500', LOG_LEVEL: 'silent' });
  const app = await withEnv(env, async () => {
    const created = await NestFactory.createApplicationContext(probeModule(queue), { logger: false });
    await created.init();
    return created;
  });
  return {
    app,
    probe: app.get(Probe),
    scheduler: app.get(SchedulerService),
    dataSource: app.get(DataSource),
    metrics: app.get(MetricsService),
  };
}

describe('libs/scheduler (pg-boss over the service database)', () => {
  const queue = defineJobQueue<ProbeJob>(`probe-${randomBytes(4).toString('hex')}`, {
    retryLimit: 5,
    retryDelaySeconds: 1,
    expireInSeconds: 30,
  });
  const running: ProbeApp[] = [];
  const start = async () => {
    const probe = await startProbe(queue);
    running.push(probe);
    return probe;
  };
  const stop = async (probe: ProbeApp) => {
    running.splice(running.indexOf(probe), 1);
    await probe.app.close();
  };
  afterAll(async () => {
    for (const probe of [...running]) await stop(probe);
  });

  const prefix = () => randomBytes(4).toString('hex');
  const effects = (db: DataSource, keyPrefix: string) =>
    db.query<{ key: string; runs: number; instance: string }[]>(
      `SELECT key, runs, instance FROM probe_effects WHERE key LIKE $1 || '%' ORDER BY key`,
      [keyPrefix],
    );
  const schedule = (probe: ProbeApp, jobs: ProbeJob[], runAt = new Date()) =>
    probe.dataSource.transaction(async (manager) => {
      for (const job of jobs) await probe.scheduler.schedule(manager, queue, job, runAt);
    });
  const effectsWhen = (db: DataSource, keyPrefix: string, count: number, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const rows = await effects(db, keyPrefix);
        return rows.length >= count ? rows : undefined;
      },
      timeoutMs,
      `${count} effects of ${keyPrefix}`,
    );

  it('runs each due job exactly once with two instances polling the same queue', async () => {
    const [a, b] = [await start(), await start()];
    const p = prefix();
    const jobs = Array.from({ length: 300 }, (_, i) => ({
      key: `${p}-${String(i).padStart(3, '0')}`,
      failTimes: 0,
    }));
    await schedule(a, jobs);
    const rows = await effectsWhen(a.dataSource, p, 300);
    // Give a duplicate run time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = await effects(a.dataSource, p);
    expect(settled).toHaveLength(300);
    expect(settled.filter((r) => r.runs !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.instance)).size).toBeGreaterThanOrEqual(1);
    await stop(b);
  }, 60_000);

  it('rolls back a failing job with its effects and retries it (with backoff) until it succeeds', async () => {
    const a = running[0] ?? (await start());
    const key = `${prefix()}-flaky`;
    await schedule(a, [{ key, failTimes: 2 }]);
    const [row] = await effectsWhen(a.dataSource, key, 1, 30_000);
    expect(row.runs).toBe(1);
    expect(a.probe.attempts.get(key)).toBe(3);
    const [job] = await a.dataSource.query<{ state: string; retry_count: number }[]>(
      `SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND data->>'key' = $2`,
      [queue.name, key],
    );
    expect(job).toEqual({ state: 'completed', retry_count: 2 });
  }, 60_000);

  it('never runs a job planned in a transaction that rolled back, nor one cancelled', async () => {
    const a = running[0] ?? (await start());
    const p = prefix();
    await expect(
      a.dataSource.transaction(async (manager) => {
        await a.scheduler.schedule(manager, queue, { key: `${p}-rolled-back`, failTimes: 0 }, new Date());
        throw new Error('the change that needed the job failed');
      }),
    ).rejects.toThrow('the change that needed the job failed');
    await a.dataSource.transaction(async (manager) => {
      const id = await a.scheduler.schedule(
        manager,
        queue,
        { key: `${p}-cancelled`, failTimes: 0 },
        new Date(Date.now() + 1000),
      );
      await a.scheduler.cancel(manager, queue, id);
    });
    await schedule(a, [{ key: `${p}-kept`, failTimes: 0 }], new Date(Date.now() + 1000));
    await effectsWhen(a.dataSource, `${p}-kept`, 1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await effects(a.dataSource, p)).map((r) => r.key)).toEqual([`${p}-kept`]);
  }, 30_000);

  it('keeps jobs across a restart: planned before it, run on time by the next instance, lag measured', async () => {
    for (const probe of [...running]) await stop(probe);
    const planner = await start();
    const p = prefix();
    const dueAt = new Date(Date.now() + 3000);
    await schedule(
      planner,
      Array.from({ length: 20 }, (_, i) => ({ key: `${p}-${i}`, failTimes: 0 })),
      dueAt,
    );
    await stop(planner);
    const next = await start();
    const rows = await effectsWhen(next.dataSource, p, 20);
    expect(rows.every((r) => r.instance === next.probe.instance)).toBe(true);
    const [{ earliest }] = await next.dataSource.query<{ earliest: Date }[]>(
      `SELECT min(ran_at) AS earliest FROM probe_effects WHERE key LIKE $1 || '%'`,
      [p],
    );
    expect(earliest.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    const lag = await next.metrics.registry.getSingleMetric('scheduler_job_lag_seconds')!.get();
    const count = lag.values.find(
      (v) =>
        (v as { metricName?: string }).metricName === 'scheduler_job_lag_seconds_count' &&
        v.labels.queue === queue.name,
    );
    expect(count?.value).toBe(20);
  }, 60_000);
});
