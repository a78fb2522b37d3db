import { request } from 'node:http';
import { randomInt } from 'node:crypto';
import { gatewayUrl } from './stack';

export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

/** A fresh loopback source address (all of 127.0.0.0/8 is local), i.e. a distinct client for Nginx. */
export function newClientAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** One HTTP request to the gateway from `from`; nothing is decompressed or followed. */
export function gatewayRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {},
): Promise<GatewayResponse> {
  const url = new URL(path, gatewayUrl());
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString('utf8'),
            json: () => JSON.parse(body.toString('utf8')) as unknown,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Asserts the api-v1 error shape: `status`, JSON, and the stable `code`. */
export function expectError(res: GatewayResponse, status: number, code: string): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringContaining('application/json'),
  });
  expect(res.json()).toMatchObject({ statusCode: status, code });
}

/** The fields a 400 VALIDATION_FAILED names, with their messages. */
export const fieldsOf = (res: GatewayResponse): Record<string, string[]> =>
  (res.json() as { details?: { fields?: Record<string, string[]> } }).details?.fields ?? {};
