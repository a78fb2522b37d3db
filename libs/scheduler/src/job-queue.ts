/**
 * A named queue of timed jobs and its retry policy. `T` is the job's data (JSON); a job is planned with
 * `SchedulerService.schedule` in the transaction that decides it and run by the handler registered with
 * `SchedulerService.handle`.
 */
export interface JobQueue<T> {
  readonly name: string;
  /** Attempts after the first failure; then the job is kept as `failed` (visible in pgboss.job). */
  readonly retryLimit: number;
  /** First retry after this many seconds; each next one waits about twice as long. */
  readonly retryDelaySeconds: number;
  /** A job still active after this long (its worker died) is failed and retried. */
  readonly expireInSeconds: number;
  /** Phantom field: ties the queue to its data type. */
  readonly __data?: T;
}

export function defineJobQueue<T>(
  name: string,
  options: Partial<Omit<JobQueue<T>, 'name' | '__data'>> = {},
): JobQueue<T> {
  if (!/^[a-z][a-z0-9_.-]{0,49}$/.test(name)) throw new Error(`Invalid job queue name "${name}"`);
  return { name, retryLimit: 10, retryDelaySeconds: 1, expireInSeconds: 60, ...options };
}

/** What a handler learns of the job it runs besides its data. */
export interface JobInfo {
  id: string;
  /** When the job was due. */
  dueAt: Date;
  /** 0 on the first attempt. */
  retryCount: number;
}
