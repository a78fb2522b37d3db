// A flash crowd for benchmarks: CONCURRENCY requests in flight for SECONDS, each on a new connection from
// the next of many 127.x.y.z addresses (as thousands of people would arrive, each under the gateway's
// per-address limit), spread over worker processes so that one Node event loop is not the ceiling.
// The same crowd measures a path and its reference (a static file), so the two figures compare.
import { fork } from 'node:child_process';
import { request } from 'node:http';

export interface CrowdOptions {
  host: string;
  port: number;
  path: string;
  concurrency: number;
  seconds: number;
  /** Distinct source addresses to rotate over (each sees about total/addresses requests per second). */
  addresses?: number;
  workers?: number;
  headers?: Record<string, string>;
}

export interface CrowdResult {
  requests: number;
  perSecond: number;
  byStatus: Record<string, number>;
  p50: number;
  p99: number;
}

interface WorkerResult {
  byStatus: Record<string, number>;
  latencies: number[];
}

const addressOf = (n: number) =>
  `127.${100 + Math.floor(n / 62500)}.${Math.floor(n / 250) % 250}.${1 + (n % 250)}`;

async function work(options: CrowdOptions, worker: number, workers: number): Promise<WorkerResult> {
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  const addresses = options.addresses ?? 20_000;
  const until = Date.now() + options.seconds * 1000;
  let next = worker;
  const one = () =>
    new Promise<void>((done) => {
      const from = addressOf(next % addresses);
      next += workers;
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: options.host,
          port: options.port,
          path: options.path,
          localAddress: from,
          agent: false,
          headers: { connection: 'close', ...options.headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const key = String(res.statusCode);
            byStatus[key] = (byStatus[key] ?? 0) + 1;
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            done();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        byStatus[error.code ?? 'error'] = (byStatus[error.code ?? 'error'] ?? 0) + 1;
        done();
      });
      req.end();
    });
  const lanes = Math.max(1, Math.round(options.concurrency / workers));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (Date.now() < until) await one();
    }),
  );
  return { byStatus, latencies };
}

/** Runs the crowd in `workers` child processes and adds up what they saw. */
export async function crowd(options: CrowdOptions): Promise<CrowdResult> {
  const workers = options.workers ?? 2;
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, index) =>
        new Promise<WorkerResult>((resolve, reject) => {
          const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          child.once('message', (message) => {
            resolve(message as WorkerResult);
            child.kill();
          });
          child.once('error', reject);
          child.send({ options, index, workers });
        }),
    ),
  );
  const byStatus: Record<string, number> = {};
  const latencies: number[] = [];
  for (const result of results) {
    for (const [status, n] of Object.entries(result.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
    latencies.push(...result.latencies);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? NaN;
  const requests = latencies.length;
  // Counted over the crowd's own seconds: starting the worker processes is not part of it.
  return { requests, perSecond: requests / options.seconds, byStatus, p50: at(0.5), p99: at(0.99) };
}

if (require.main === module && process.send) {
  process.once('message', (message: { options: CrowdOptions; index: number; workers: number }) => {
    void work(message.options, message.index, message.workers).then((result) => process.send!(result));
  });
}
