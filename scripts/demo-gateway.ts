// The demo's people and how they reach the stack: through the gateway (each from an own loopback address,
// so per-address limits apply per person), and their notification streams.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { SseParser } from '@evently/sse';

export type Persona = 'eager' | 'busy' | 'unsure' | 'plus-one' | 'silent';

export interface Person {
  label: string;
  name: string;
  email: string;
  persona?: Persona;
  address?: string;
  token?: string;
  /** Answers given, in order (guests). */
  answers: { response: string; plusOnes: number; at: number }[];
}

export interface Notice {
  type: string;
  title: string;
  data: Record<string, unknown>;
}

export const started = Date.now();
export function say(who: string, what: string): void {
  process.stdout.write(`${String(Date.now() - started).padStart(7)} ms  ${who.padEnd(18)} ${what}\n`);
}
export function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

/** Calls, streams and sign-up through `gateway`. */
export function gatewayClient(gateway: URL) {
  /** On a loopback gateway each person calls from an own 127.x.y.z address: per-address limits apply per person. */
  const loopback =
    gateway.hostname === 'localhost' || (isIP(gateway.hostname) === 4 && gateway.hostname.startsWith('127.'));
  let nextAddress = 0;
  const newAddress = () => {
    const i = nextAddress++;
    return loopback ? `127.${10 + (process.pid % 200)}.${Math.floor(i / 250)}.${1 + (i % 250)}` : undefined;
  };

  interface Reply {
    status: number;
    body: Record<string, unknown>;
  }

  function open(method: string, path: string, headers: Record<string, string | number>, from?: string) {
    const send = gateway.protocol === 'https:' ? httpsRequest : httpRequest;
    return send({
      host: gateway.hostname === 'localhost' ? '127.0.0.1' : gateway.hostname,
      port: gateway.port || (gateway.protocol === 'https:' ? 443 : 80),
      path: `/api/v1${path}`,
      method,
      headers: { host: gateway.host, ...headers },
      localAddress: from,
      agent: false,
    });
  }

  async function call(person: Person | null, method: string, path: string, body?: unknown): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const reply = await new Promise<Reply & { retryAfter?: number }>((done, reject) => {
        const req = open(
          method,
          path,
          {
            ...(person?.token ? { authorization: `Bearer ${person.token}` } : {}),
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
          person?.address,
        );
        req.on('response', (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            done({
              status: res.statusCode ?? 0,
              body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
              retryAfter: Number(res.headers['retry-after'] ?? 0),
            });
          });
        });
        req.on('error', reject);
        req.end(payload);
      }).catch((error: Error) =>
        fail(`${method} ${path}: ${error.message} (is the stack running? npm run stack)`),
      );
      // Rate limited (a remote gateway, where every person shares one address): wait as told, then again.
      if (reply.status === 429 && attempt < 10) {
        await sleep(Math.max(1, reply.retryAfter ?? 1) * 1000);
        continue;
      }
      // A service instance still starting (or restarting) behind the gateway: a short wait, then again.
      if ((reply.status === 502 || reply.status === 503) && attempt < 10) {
        await sleep(500);
        continue;
      }
      return reply;
    }
  }

  async function expectStatus(
    reply: Promise<Reply>,
    status: number,
    what: string,
  ): Promise<Record<string, unknown>> {
    const { status: got, body } = await reply;
    if (got !== status) fail(`${what}: expected ${status}, got ${got} ${JSON.stringify(body)}`);
    return body;
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The person's notification stream: calls `onNotice` with each notification as it arrives. */
  function listen(person: Person, onNotice: (notice: Notice) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = open(
        'GET',
        '/notifications/stream',
        { authorization: `Bearer ${person.token}`, accept: 'text/event-stream' },
        person.address,
      );
      req.on('response', (res: IncomingMessage) => {
        if (res.statusCode !== 200) return reject(new Error(`stream of ${person.label}: ${res.statusCode}`));
        const parser = new SseParser();
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const event of parser.push(chunk)) {
            if (event.event === 'notification' && event.data) onNotice(JSON.parse(event.data) as Notice);
          }
        });
        resolve(() => req.destroy());
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function signUp(
    person: Person,
    role: 'organizer' | 'customer',
    password = `demo-${randomUUID()}`,
  ): Promise<{ accessToken: string; refreshToken: string }> {
    await expectStatus(
      call(person, 'POST', '/auth/register', { email: person.email, password, fullName: person.name, role }),
      201,
      `register ${person.label}`,
    );
    const login = await expectStatus(
      call(person, 'POST', '/auth/login', { email: person.email, password }),
      200,
      `login ${person.label}`,
    );
    person.token = login.accessToken as string;
    return { accessToken: person.token, refreshToken: login.refreshToken as string };
  }

  return { call, expectStatus, listen, newAddress, signUp, sleep };
}
