import { spawnSync } from 'node:child_process';
import { eventually } from '@evently/testing/eventually';
import { followLog } from '@evently/testing/log-tail';
import { gatewayRequest, GatewayResponse, newClientAddress } from '@evently/testing/gateway-client';
import { stackEnv } from '@evently/testing/stack';

const apiBurst = Number(stackEnv('EVENTLY_API_BURST'));
const authBurst = Number(stackEnv('EVENTLY_AUTH_BURST'));

/** Fires `count` requests at once from one address. */
const burst = (
  count: number,
  path: string,
  from: string,
  init: { method?: string; headers?: (i: number) => Record<string, string> } = {},
) =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      gatewayRequest(path, { method: init.method, headers: init.headers?.(i), from }),
    ),
  );

/** The gateway's access log lines written since this spec started. */
const accessLogLines = followLog('gateway-access.log');

function expectRateLimited(res: GatewayResponse, retryAfter: string): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toContain('application/json');
  expect(res.headers['retry-after']).toBe(retryAfter);
  expect(res.headers['x-request-id']).toBeTruthy();
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.json()).toMatchObject({
    statusCode: 429,
    code: 'RATE_LIMITED',
    requestId: res.headers['x-request-id'],
  });
}

describe('gateway rate limits, per client address', () => {
  it(`answers 429 JSON with Retry-After past the API burst (${apiBurst}), and leaves another address alone`, async () => {
    const noisy = newClientAddress();
    const responses = await burst(apiBurst + 20, '/health/event-service', noisy);
    const allowed = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(allowed.length).toBeGreaterThanOrEqual(apiBurst);
    expect(allowed.length).toBeLessThanOrEqual(apiBurst + 3); // the burst, plus what refills meanwhile
    expect(limited.length).toBe(responses.length - allowed.length);
    expectRateLimited(limited[0], '1');

    const quiet = await gatewayRequest('/health/event-service', { from: newClientAddress() });
    expect(quiet.status).toBe(200);
  });

  // These locations have error pages of their own (the sale's cap, the stream limit), which replace the
  // server's: each must still answer the API limit's 429 as JSON.
  it.each([
    '/api/v1/bookings',
    '/api/v1/events/6f1c2b8e-1111-4a4a-9b9b-000000000000/queue',
    '/api/v1/events/6f1c2b8e-1111-4a4a-9b9b-000000000000/queue/stream',
    '/api/v1/events/6f1c2b8e-1111-4a4a-9b9b-000000000000/checkins/stream',
    '/api/v1/notifications/stream',
  ])('answers the API limit on %s as the same 429 JSON', async (path) => {
    // One after another (each answered 401 at once), so that the streams' own cap on open connections
    // (429 TOO_MANY_STREAMS) is never reached: only the rate is over.
    const from = newClientAddress();
    const responses: GatewayResponse[] = [];
    for (let i = 0; i < apiBurst + 10; i++) responses.push(await gatewayRequest(path, { from }));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expectRateLimited(limited[0], '1');
  });

  it(`limits login far more strictly (burst ${authBurst}), with a longer Retry-After`, async () => {
    const from = newClientAddress();
    const responses = await burst(authBurst + 6, '/api/v1/auth/login', from, { method: 'POST' });
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.length - limited.length).toBeLessThanOrEqual(authBurst + 1);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expectRateLimited(limited[0], '6');
  });

  it('ignores a spoofed X-Forwarded-For: the limit key stays the socket address', async () => {
    const from = newClientAddress();
    const tag = `xff-${Date.now()}`;
    const responses = await burst(apiBurst + 15, '/health/user-service', from, {
      headers: (i) => ({ 'x-forwarded-for': `10.9.${i}.${i + 1}`, 'x-request-id': `${tag}-${i}` }),
    });
    expect(responses.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(10);
    const lines = await eventually(() => {
      const found = accessLogLines().filter((l) => String(l.requestId).startsWith(tag));
      return found.length === responses.length ? found : undefined;
    });
    expect(new Set(lines.map((l) => l.remote))).toEqual(new Set([from]));
  });
});

describe('gateway behaviour', () => {
  it('answers an oversize body with a JSON 413 before it reaches a service', async () => {
    const res = await gatewayRequest('/api/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(1_500_000) }),
      from: newClientAddress(),
    });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });

  it('logs each request as JSON with request id, upstream, status and timings', async () => {
    const requestId = `acc-${Date.now()}`;
    await gatewayRequest('/health/notifier-service', {
      headers: { 'x-request-id': requestId },
      from: newClientAddress(),
    });
    const line = await eventually(() => accessLogLines().find((l) => l.requestId === requestId));
    expect(line).toMatchObject({
      method: 'GET',
      uri: '/health/notifier-service',
      status: 200,
      upstreamStatus: '200',
    });
    expect(String(line.upstream)).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(typeof line.requestTime).toBe('number');
  });

  it('sends security headers, hides its version and gzips JSON', async () => {
    const res = await gatewayRequest('/docs/specs/event-service.json', {
      headers: { 'accept-encoding': 'gzip' },
      from: newClientAddress(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.server).toBe('nginx');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('has a rendered configuration that nginx -t accepts', () => {
    const result = spawnSync(
      'nginx',
      ['-t', '-p', stackEnv('EVENTLY_NGINX_PREFIX'), '-c', stackEnv('EVENTLY_NGINX_CONF'), '-e', '/dev/null'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toContain('syntax is ok');
    expect(result.status).toBe(0);
  });
});
