import { jsonOf } from '@evently/testing/http';
import { RunningApp, startHttpApp } from '@evently/testing/http-app';
import { serviceEnv, withEnv } from '@evently/testing/stack';
import { dbEnv, ThingsController, ErrorShapesModule } from './error-shapes.app';

describe('HTTP error shapes (libs/common)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    Object.assign(dbEnv, serviceEnv('event-service'));
    running = await withEnv(dbEnv, () => startHttpApp(ErrorShapesModule));
  });
  afterAll(() => running.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers a valid body through the DTO', async () => {
    const res = await post(
      JSON.stringify({ title: 'Gala', quantity: 2, venue: { name: 'Hall', city: 'Oslo' } }),
    );
    expect(res.status).toBe(201);
    expect(await jsonOf(res)).toEqual({ title: 'Gala', quantity: 2, venue: { name: 'Hall', city: 'Oslo' } });
  });

  it('gives 400 VALIDATION_FAILED naming each bad field, unknown ones included', async () => {
    const res = await post(
      JSON.stringify({ title: 'ab', quantity: 0, venue: { name: 'Hall' }, isAdmin: true }),
    );
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(Object.keys(body.details.fields).sort()).toEqual(['isAdmin', 'quantity', 'title', 'venue.city']);
    expect(body.requestId).toEqual(res.headers.get('x-request-id'));
  });

  it('replays a read whose database connection was lost, once, and answers with the replay', async () => {
    const res = await fetch(`${running.url}/api/v1/things/flaky-read`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ calls: 2 });
  });

  it('answers 503 with Retry-After when the replayed read loses its connection too', async () => {
    const before = ThingsController.calls.lost;
    const res = await fetch(`${running.url}/api/v1/things/lost-read`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await jsonOf(res)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(ThingsController.calls.lost - before).toBe(2);
  });

  it('never replays a write whose connection was lost: 503 with Retry-After, run once', async () => {
    const before = ThingsController.calls.write;
    const res = await fetch(`${running.url}/api/v1/things/lost-write`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(ThingsController.calls.write - before).toBe(1);
  });

  it('gives 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await post('{"title": "unterminated');
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it('gives 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    const res = await post(JSON.stringify({ title: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('gives 404 NOT_FOUND as JSON for an unknown route', async () => {
    const res = await fetch(`${running.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('renders a domain exception with its code and details', async () => {
    const res = await fetch(`${running.url}/api/v1/things/sold-out`);
    expect(res.status).toBe(409);
    expect(await jsonOf(res)).toMatchObject({
      code: 'SOLD_OUT',
      message: 'No places left',
      details: { available: 0 },
    });
  });

  it('hides an unexpected error behind 500 INTERNAL, with no message or stack', async () => {
    const res = await fetch(`${running.url}/api/v1/things/crash`, {
      headers: { 'x-request-id': 'crash-req-1' },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'An unexpected error occurred',
      requestId: 'crash-req-1',
    });
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/\bat .*\.ts/);
  });

  it('validates query strings too (limit bounds, bad cursor)', async () => {
    const tooMany = await fetch(`${running.url}/api/v1/things?limit=1000`);
    expect(tooMany.status).toBe(400);
    expect((await jsonOf(tooMany)).details.fields).toHaveProperty('limit');
    const badCursor = await fetch(`${running.url}/api/v1/things?cursor=garbage`);
    expect(badCursor.status).toBe(400);
    expect(await jsonOf(badCursor)).toMatchObject({ code: 'INVALID_CURSOR' });
    const ok = await fetch(`${running.url}/api/v1/things`);
    expect(await jsonOf(ok)).toEqual({ limit: 20 });
  });

  it('echoes the caller request id and makes one up when absent', async () => {
    const given = await fetch(`${running.url}/api/v1/nothing`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    expect((await jsonOf(given)).requestId).toBe('abc-123');
    const made = await fetch(`${running.url}/api/v1/nothing`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers If-None-Match naming the ETag a handler set with 304 and no body, any other with 200', async () => {
    const read = (ifNoneMatch: string) =>
      fetch(`${running.url}/api/v1/things/versioned`, { headers: { 'if-none-match': ifNoneMatch } });
    for (const tag of ['"7"', 'W/"7"', '"6", "7"', '*']) {
      const res = await read(tag);
      expect({ tag, status: res.status, body: await res.text() }).toEqual({ tag, status: 304, body: '' });
    }
    const stale = await read('"6"');
    expect({ status: stale.status, etag: stale.headers.get('etag') }).toEqual({ status: 200, etag: '"7"' });
    expect(await stale.json()).toEqual({ version: 7 });
  });

  it('answers an exhausted database pool with 503 SERVICE_UNAVAILABLE and Retry-After, not 500', async () => {
    const res = await fetch(`${running.url}/api/v1/things/busy`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await jsonOf(res)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('answers a body-parser error that has a status but no type with that status, not 500', async () => {
    const res = await post('{"a":1}', { 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('refuses a NUL, an unpaired surrogate and deep nesting before validation', async () => {
    const nul = await post('{"title":"a\\u0000b","quantity":1,"venue":{"name":"x","city":"y"}}');
    expect(await jsonOf(nul)).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: { title: [expect.any(String)] } },
    });
    const surrogate = await post('{"venue":{"name":"\\udc00","city":"y"}}');
    expect((await jsonOf(surrogate)).details.fields).toHaveProperty(['venue.name']);
    const deep = await post('{"venue":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    expect(await jsonOf(deep)).toMatchObject({ statusCode: 400, code: 'NESTING_TOO_DEEP' });
  });

  it('routes only the exact path: a trailing slash or other letter case is 404', async () => {
    for (const path of ['/api/v1/things/', '/api/v1/Things', '/API/v1/things']) {
      const res = await fetch(`${running.url}${path}`);
      expect(res.status).toBe(404);
    }
  });
});
