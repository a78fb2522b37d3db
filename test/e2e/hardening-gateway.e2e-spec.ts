// Hardening through the gateway, continued: the strict auth limit, the gateway's own answers, id spellings,
// odd token subjects, and private events in booking-service.
// What a hostile or careless client tried (issue 12), each through the gateway: the answer is a 4xx with
// the JSON error shape and a stable code, and nothing is stored.
import { api, Caller, createEvent, EventBody, makeCaller } from '@evently/testing/evently-api';
import { FactTap } from '@evently/testing/fact-tap';
import { expectError, gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { stackEnv } from '@evently/testing/stack';
import { signAccessToken } from '@evently/testing/tokens';
import { publishedEvent, bookable, rawRequest, draftBody } from './hardening.helpers';

describe('the strict login/register limit holds for every spelling', () => {
  const authBurst = Number(stackEnv('EVENTLY_AUTH_BURST'));

  it.each([
    '/api/v1/auth/login/',
    '/api/v1/auth/LOGIN',
    '/api/v1/auth/Login',
    '/api/v1/auth/register/',
    '/API/V1/AUTH/LOGIN',
  ])('%s is rate limited like /api/v1/auth/login', async (path) => {
    const from = newClientAddress();
    const responses = await Promise.all(
      Array.from({ length: authBurst + 6 }, () => gatewayRequest(path, { method: 'POST', from })),
    );
    expect(responses.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(5);
  });

  it.each(['/api/v1/auth/login/', '/api/v1/auth/LOGIN'])(
    '%s does not reach the login handler (404)',
    async (path) => {
      const res = await gatewayRequest(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        from: newClientAddress(),
      });
      expectError(res, 404, 'NOT_FOUND');
    },
  );
});

describe('every response the gateway produces itself is JSON with a code', () => {
  it('answers a 1.1 MB login body with a JSON 413', async () => {
    const res = await gatewayRequest('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x'.repeat(1_100_000) }),
      from: newClientAddress(),
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a bad % escape with a JSON 400', async () => {
    const res = await rawRequest('GET /api/v1/events/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.headers.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('answers oversized headers with a JSON 400', async () => {
    const res = await gatewayRequest('/api/v1/events', {
      headers: { 'x-big': 'a'.repeat(20_000) },
      from: newClientAddress(),
    });
    expectError(res, 400, 'BAD_REQUEST');
  });

  it('answers a method Nginx does not serve with a JSON 405', async () => {
    const res = await gatewayRequest('/api/v1/events', { method: 'TRACE', from: newClientAddress() });
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
  });

  it('answers an unknown Transfer-Encoding with a JSON 501', async () => {
    const res = await rawRequest(
      'POST /api/v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: x-custom\r\nConnection: close\r\n\r\n',
    );
    expect(res.status).toBe(501);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 501, code: 'NOT_IMPLEMENTED' });
  });

  it('answers a request for a missing file under /docs/ with a JSON 404', async () => {
    const res = await gatewayRequest('/docs/no-such-file.js', { from: newClientAddress() });
    expectError(res, 404, 'NOT_FOUND');
  });
});

describe('ids are one spelling, whatever the caller types', () => {
  let tap: FactTap;

  beforeAll(async () => {
    tap = await FactTap.open(['event.*']);
  });
  afterAll(() => tap.close());

  it('publishes and cancels an event addressed in upper case, with facts that carry the lower-case id', async () => {
    const organizer = makeCaller('organizer');
    const event = await createEvent(organizer);
    const upper = event.id.toUpperCase();
    expect((await api('POST', `/events/${upper}/publish`, { caller: organizer })).status).toBe(200);
    expect((await api('POST', `/events/${upper}/cancel`, { caller: organizer, body: {} })).status).toBe(200);
    const [published] = await tap.waitFor<{ eventId: string }>(
      'event.published',
      (p) => p.eventId === event.id,
    );
    const [cancelled] = await tap.waitFor<{ eventId: string }>(
      'event.cancelled',
      (p) => p.eventId === event.id,
    );
    expect([published.payload.eventId, cancelled.payload.eventId]).toEqual([event.id, event.id]);
    expect(tap.facts.some((f) => JSON.stringify(f.payload).includes(upper))).toBe(false);
  });

  it('books an event named in upper case in the body under its lower-case id', async () => {
    const organizer = makeCaller('organizer');
    const event = await publishedEvent(organizer);
    const customer = makeCaller('customer');
    await bookable(event.id, customer);
    const res = await api('POST', '/bookings', {
      caller: customer,
      body: { eventId: event.id.toUpperCase(), quantity: 1 },
    });
    expect(res.status).toBe(201);
    expect((res.json() as { eventId: string }).eventId).toBe(event.id);
  });
});

describe('a token whose subject is not a user id', () => {
  const token = signAccessToken({ sub: 'not-a-uuid', role: 'admin' });
  const caller: Caller = { id: 'not-a-uuid', role: 'admin', token };

  it.each([
    ['GET', '/users/me'],
    ['GET', '/bookings'],
    ['GET', '/notifications'],
    ['GET', '/events?mine=true'],
    ['POST', '/events'],
  ])('%s %s is 401', async (method, path) => {
    expectError(
      await api(method, path, { caller, body: method === 'POST' ? draftBody() : undefined }),
      401,
      'UNAUTHORIZED',
    );
  });
});

describe('private events in booking-service: the organizer and admins only', () => {
  const organizer = makeCaller('organizer');
  let event: EventBody;

  beforeAll(async () => {
    event = await publishedEvent(organizer, { visibility: 'private' });
    await bookable(event.id, organizer);
  });

  it('shows its availability to the organizer and to an admin', async () => {
    expect((await api('GET', `/availability/${event.id}`, { caller: organizer })).status).toBe(200);
    expect((await api('GET', `/availability/${event.id}`, { caller: makeCaller('admin') })).status).toBe(200);
  });

  it('answers anyone else, signed in or not, as if it did not exist', async () => {
    expectError(await api('GET', `/availability/${event.id}`), 404, 'EVENT_NOT_FOUND');
    expectError(
      await api('GET', `/availability/${event.id}`, { caller: makeCaller('customer') }),
      404,
      'EVENT_NOT_FOUND',
    );
  });

  it('refuses a booking by someone else with 404 and sells nothing', async () => {
    const res = await api('POST', '/bookings', {
      caller: makeCaller('customer'),
      body: { eventId: event.id, quantity: 1 },
    });
    expectError(res, 404, 'EVENT_NOT_FOUND');
    const availability = await api('GET', `/availability/${event.id}`, { caller: organizer });
    expect((availability.json() as { booked: number }).booked).toBe(0);
  });
});
