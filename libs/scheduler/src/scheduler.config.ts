import { z } from 'zod';

/** What libs/scheduler reads; the database is the service's own (DATABASE_* of the base schema). */
export const schedulerConfigSchema = z.object({
  /** How often an idle queue looks for due jobs; a job runs at most this long after it is due (plus backlog). */
  SCHEDULER_POLL_INTERVAL_MS: z.coerce.number().int().min(500).max(60_000).default(1000),
  /** Due jobs taken per round of one queue; they run `SCHEDULER_CONCURRENCY` at a time. */
  SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  SCHEDULER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Connections of pg-boss's own pool (fetching, completing outside a job, maintenance). */
  SCHEDULER_POOL_SIZE: z.coerce.number().int().min(1).max(20).default(2),
});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
