import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressAllowed, excerpt, literalAddress } from './webhook.rules';

/** How a call to a receiver went: its status (null when none came), how long it took, what it said. */
export interface SendResult {
  ok: boolean;
  status: number | null;
  ms: number;
  excerpt: string | null;
  error: string | null;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Bytes of the answer read at most; the rest is never read. */
  maxResponseBytes: number;
}

/** A refusal to call a target whose address is not allowed (checked when sending: DNS may have changed). */
export class TargetRefused extends Error {}

/**
 * The addresses a host name resolves to, refused if any of them is not allowed: the resolver's answer is
 * checked, and the connection then goes to the checked address (no second lookup a rebinding DNS could
 * answer differently).
 */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !addressAllowed(a.address, allowPrivate));
      if (refused || addresses.length === 0) {
        return callback(
          new TargetRefused(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not allowed`),
          '',
          0,
        );
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Whether `url`'s host may be called now (a literal address, or every address its name resolves to). */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<string | null> {
  const { hostname } = new URL(url);
  const literal = literalAddress(hostname);
  if (literal)
    return addressAllowed(literal, allowPrivate) ? null : `${literal} is not an address webhooks may call`;
  return new Promise((resolve) =>
    checkedLookup(allowPrivate)(hostname, { all: true }, (error) =>
      resolve(
        error ? (error instanceof TargetRefused ? error.message : `${hostname} does not resolve`) : null,
      ),
    ),
  );
}

/**
 * POSTs `body` to `url` with `headers`: the target's address checked as it is connected to, at most
 * `timeoutMs` for the whole exchange, redirects not followed (a 3xx is a failure), at most
 * `maxResponseBytes` of the answer read. A 2xx answer is a success.
 */
export function send(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const target = new URL(url);
  const literal = literalAddress(target.hostname);
  const ms = () => Math.round(performance.now() - started);
  if (literal && !addressAllowed(literal, options.allowPrivate)) {
    return Promise.resolve({
      ok: false,
      status: null,
      ms: 0,
      excerpt: null,
      error: `${literal} is not an address webhooks may call`,
    });
  }
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'user-agent': 'Evently-Webhooks/1',
    },
    lookup: checkedLookup(options.allowPrivate),
    agent: false,
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, ms: ms() });
    };
    const req = request(target, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const done = () => {
        const status = res.statusCode ?? 0;
        finish({
          ok: status >= 200 && status < 300,
          status,
          excerpt: excerpt(Buffer.concat(chunks).toString('utf8')),
          error: status >= 300 && status < 400 ? 'redirects are not followed' : null,
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (read < options.maxResponseBytes) chunks.push(chunk.subarray(0, options.maxResponseBytes - read));
        read += chunk.length;
        if (read >= options.maxResponseBytes) done();
      });
      res.on('end', done);
      res.on('error', (error) =>
        finish({ ok: false, status: res.statusCode ?? null, excerpt: null, error: error.message }),
      );
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error) => finish({ ok: false, status: null, excerpt: null, error: error.message }));
    req.end(body);
  });
}
