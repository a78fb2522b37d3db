// The running stack as the benchmarks see it: its settings and accounts (tokens signed with its key), raw
// HTTP calls through the gateway, live notification streams, service databases, percentiles.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { readStackEnv } from './stack-env';

export const BUYERS = Number(process.env.BUYERS ?? 2000);
export const PLACES = Number(process.env.PLACES ?? 500);
export const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
export type Mode = 'ga' | 'seated';

export const stackName = process.env.EVENTLY_STACK ?? 'dev';
export const env = readStackEnv(stackName) ?? noStack();
export const privateKey = readFileSync(env.EVENTLY_JWT_PRIVATE_KEY_FILE, 'utf8');
export const gateway = new URL(env.EVENTLY_GATEWAY_URL);

function noStack(): never {
  console.error(`No ${stackName} stack found. Start it first: npm run stack`);
  process.exit(1);
}

/** A made-up account of `role`: its id, address and a token for it, signed as user-service signs them. */
export function account(role: string): { userId: string; email: string; token: string } {
  const userId = randomUUID();
  const email = `bench-${userId}@example.test`;
  const signed = jwt.sign({ email, role }, privateKey, {
    algorithm: 'RS256',
    subject: userId,
    issuer: 'evently-user-service',
    audience: 'evently',
    expiresIn: 3600,
  });
  return { userId, email, token: signed };
}

export const token = (role: string) => account(role).token;

/**
 * Tells the notifier the buyers' addresses, as each account's user.registered would have (the accounts are
 * made up, to spare 2,000 password hashes). Without it every confirmation email waits for an address that
 * never comes: retried eight times and given up, work a real sale does not do (it ran during later sales).
 */
export async function knownToNotifier(accounts: { userId: string; email: string }[]): Promise<void> {
  const db = await serviceDb('notifier');
  try {
    await db.query(
      `INSERT INTO contacts (user_id, email, full_name)
       SELECT id, email, 'Bench buyer' FROM unnest($1::uuid[], $2::text[]) AS a(id, email)
       ON CONFLICT (user_id) DO NOTHING`,
      [accounts.map((a) => a.userId), accounts.map((a) => a.email)],
    );
  } finally {
    await db.end();
  }
}

/** A connection to one service's database of the stack, as that service's role. */
export async function serviceDb(service: 'booking' | 'notifier'): Promise<Client> {
  const client = new Client({
    host: env.EVENTLY_PG_HOST,
    port: Number(env.EVENTLY_PG_PORT),
    database: `evently_${service}`,
    user: `${service}_service`,
    password: env[`${service.toUpperCase()}_SERVICE_DB_PASSWORD`],
  });
  await client.connect();
  return client;
}

export interface Reply {
  status: number;
  body: string;
  ms: number;
  retryAfter?: string;
}

/** What `call` rejects with when `timeoutMs` passed unanswered (the request is abandoned). */
export class CallTimeout extends Error {}

/** One request through the gateway from `from`, on its own connection (a new client). */
export function call(
  method: string,
  path: string,
  auth: string,
  body?: unknown,
  from?: string,
  timeoutMs?: number,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const req = request(
      {
        host: gateway.hostname,
        port: gateway.port,
        path: `/api/v1${path}`,
        method,
        localAddress: from,
        agent: false,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    if (timeoutMs !== undefined) {
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        fail(new CallTimeout(`no answer in ${timeoutMs} ms`));
      });
    }
    req.on('error', fail);
    req.end(payload);
  });
}

/**
 * Follows one person's live notifications (Server-Sent Events through the gateway, from their address) and
 * calls `confirmed` with the booking id of each `booking_confirmed` notification as it arrives.
 */
export function followNotifications(
  auth: string,
  from: string,
  confirmed: (bookingId: string) => void,
): { ready: Promise<void>; close(): void } {
  let close = () => undefined as void;
  const ready = new Promise<void>((done, fail) => {
    const req = request(
      {
        host: gateway.hostname,
        port: gateway.port,
        path: '/api/v1/notifications/stream',
        localAddress: from,
        agent: false,
        headers: { authorization: `Bearer ${auth}`, accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) return fail(new Error(`stream answered ${res.statusCode}`));
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          const events = pending.split('\n\n');
          pending = events.pop() ?? '';
          for (const event of events) {
            const data = event.split('\n').find((line) => line.startsWith('data: '));
            if (!data || !event.includes('event: notification')) continue;
            const notice = JSON.parse(data.slice(6)) as { type: string; data: { bookingId?: string } };
            if (notice.type === 'booking_confirmed' && notice.data.bookingId)
              confirmed(notice.data.bookingId);
          }
        });
        res.on('error', () => undefined);
        done();
      },
    );
    req.on('error', fail);
    req.end();
    close = () => void req.destroy();
  });
  return { ready, close: () => close() };
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Section A of 50-seat rows, plus a short section B for the remainder: exactly `places` seats. */
