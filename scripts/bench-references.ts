// The references measured in the same run: wrk's rate against a bare Node server and a Fastify + pg floor.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { env } from './bench-stack';

/** Seconds of each wrk or crowd run. */
export const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 5);

/** requests/s that wrk measures (keep-alive connections from 127.0.0.1; only for paths without the gateway). */
export function wrk(url: string, headers: Record<string, string> = {}, connections = 32): number {
  const args = ['-t2', `-c${connections}`, `-d${LOAD_SECONDS}s`];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  const output = execFileSync('wrk', [...args, url], { encoding: 'utf8' });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (!rate) throw new Error(`wrk printed no rate:\n${output}`);
  if (errors) throw new Error(`wrk saw ${errors[1]} non-2xx answers from ${url}:\n${output}`);
  return Number(rate[1]);
}

/** A bare Node `http` server answering a small JSON body: what one process can do with no framework. */
export async function bareNode(): Promise<{ url: string; close(): void }> {
  // In a process of its own, as a service instance is, so that it does not share this event loop.
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"items":[],"nextCursor":null}'); })` +
        `.listen(0, '127.0.0.1', function () { console.log(this.address().port); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((done) =>
    child.stdout.once('data', (d: Buffer) => done(Number(String(d).trim()))),
  );
  return { url: `http://127.0.0.1:${port}/`, close: () => child.kill() };
}

/** The floor of a database read in one process: Fastify + pg, no framework (scripts/bench-floor-server.ts). */
export async function floorServer(): Promise<{ url: string; close(): void }> {
  const child = spawn(process.execPath, [join(__dirname, 'bench-floor-server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PGHOST: env.EVENTLY_PG_HOST,
      PGPORT: env.EVENTLY_PG_PORT,
      PGDATABASE: 'evently_booking',
      PGUSER: 'booking_service',
      PGPASSWORD: env.BOOKING_SERVICE_DB_PASSWORD,
      FLOOR_USER_ID: randomUUID(),
    },
  });
  const port = await new Promise<number>((done) =>
    child.stdout.once('data', (d: Buffer) => done(Number(String(d).trim()))),
  );
  return { url: `http://127.0.0.1:${port}/bookings`, close: () => child.kill() };
}
