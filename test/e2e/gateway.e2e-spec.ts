import { jsonOf } from '@evently/testing/http';
import { eventually } from '@evently/testing/eventually';
import { followLog, followServiceLogs } from '@evently/testing/log-tail';
import { gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { SERVICE_NAMES, stackEnv } from '@evently/testing/stack';

/** Like fetch, through the gateway, from a fresh client address each time (the per-address limit is on). */
async function gw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Response> {
  const res = await gatewayRequest(path, { ...init, from: newClientAddress() });
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Response([204, 304].includes(res.status) ? null : res.body, { status: res.status, headers });
}

interface AccessLogLine {
  requestId: string;
  upstream: string;
  status: number;
}

/** What the gateway's and booking-service's logs gain while this spec runs. */
const accessLog = followLog<AccessLogLine>('gateway-access.log');
const bookingServiceLog = followServiceLogs('booking-service');

describe('the local stack through the Nginx gateway', () => {
  it.each(SERVICE_NAMES)('GET /health/%s is 200 with the database and broker up', async (service) => {
    const res = await gw(`/health/${service}`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({
      status: 'ok',
      checks: { database: { status: 'up' }, broker: { status: 'up' } },
    });
  });

  it('serves the dashboard for a path that is no API route (its pages are client-side)', async () => {
    const res = await gw(`/no/such/page`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<div id="root"></div>');
  });

  it('answers an unknown API path with a JSON 404, not an HTML page', async () => {
    const res = await gw(`/api/no/such/thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await jsonOf(res)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('routes /api/v1 prefixes to the services, which answer unknown routes with their JSON 404', async () => {
    for (const path of [
      '/api/v1/users/nope',
      '/api/v1/events/x/nope',
      '/api/v1/bookings/x/nope',
      '/api/v1/notifications/x/y',
    ]) {
      const res = await gw(`${path}`, { method: 'DELETE' });
      expect(res.status).toBe(404);
      const body = await jsonOf(res);
      expect(body.message).toBe(`No route for DELETE ${path}`);
    }
  });

  it('turns malformed JSON into 400 MALFORMED_JSON end to end', async () => {
    const res = await gw(`/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":',
    });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('passes the request id to the service, returns it, and the service logs it', async () => {
    const requestId = `e2e-${Date.now()}`;
    const res = await gw(`/api/v1/bookings/unknown-route-for-log`, {
      headers: { 'x-request-id': requestId },
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect((await jsonOf(res)).requestId).toBe(requestId);
    // One line per request, at warn for a 4xx.
    const lines = await eventually(
      () => {
        const found = bookingServiceLog().filter((line) => line.requestId === requestId);
        return found.length > 0 ? found : undefined;
      },
      5000,
      'the log line',
    );
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'booking-service',
        level: 40,
        msg: 'request completed',
        method: 'GET',
        url: '/api/v1/bookings/unknown-route-for-log',
        statusCode: res.status,
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('spreads requests over every instance of a service', async () => {
    const tag = `spread-${Date.now()}`;
    for (let i = 0; i < 12; i++) {
      await gw(`/health/booking-service`, { headers: { 'x-request-id': `${tag}-${i}` } });
    }
    const upstreams = new Set(
      accessLog()
        .filter((l) => l.requestId.startsWith(tag))
        .map((l) => l.upstream),
    );
    expect(upstreams.size).toBe(Number(stackEnv('EVENTLY_BOOKING_SERVICE_INSTANCES')));
  });

  it('serves one Swagger UI and every service OpenAPI document', async () => {
    const ui = await gw(`/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const initializer = await (await gw(`/docs/swagger-initializer.js`)).text();
    for (const service of SERVICE_NAMES) {
      expect(initializer).toContain(`/docs/specs/${service}.json`);
      const spec = await gw(`/docs/specs/${service}.json`);
      expect(spec.status).toBe(200);
      expect((await jsonOf(spec)).info.title).toBe(`Evently ${service}`);
    }
  });

  it('exposes Prometheus metrics on each service with HTTP request counts', async () => {
    const port = stackEnv('EVENTLY_EVENT_SERVICE_PORT');
    await fetch(`http://127.0.0.1:${port}/health`);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/health",status="200",service="event-service"\} \d+/m,
    );
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('process_cpu_seconds_total');
  });
});
