// What a hostile or careless client tried (issue 12), each through the gateway: the answer is a 4xx with
// the JSON error shape and a stable code, and nothing is stored.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { connect } from 'node:net';
import { api, Caller, createEvent, EventBody, makeCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { FactTap } from '@evently/testing/fact-tap';
import {
  expectError,
  gatewayRequest,
  GatewayResponse,
  newClientAddress,
} from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';
import { stackEnv } from '@evently/testing/stack';
import { signAccessToken } from '@evently/testing/tokens';

const invalidFields = (res: GatewayResponse): string[] =>
  Object.keys((res.json() as { details?: { fields?: object } }).details?.fields ?? {});

async function publishedEvent(caller: Caller, overrides: Record<string, unknown> = {}): Promise<EventBody> {
  const event = await createEvent(caller, overrides);
  const res = await api('POST', `/events/${event.id}/publish`, { caller });
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${res.text()}`);
  return res.json() as EventBody;
}

/** Waits until booking-service sells places for `eventId`, which means its replica has the event. */
const bookable = (eventId: string, caller: Caller) =>
  eventually(async () => {
    const res = await api('GET', `/availability/${eventId}`, { caller });
    return res.status === 200 ? res : undefined;
  }, 15_000);

/** One raw HTTP/1.1 exchange, for requests no HTTP client library would send (bad escapes, odd framing). */
function rawRequest(text: string): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(stackEnv('EVENTLY_GATEWAY_URL'));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: newClientAddress() });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const response = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = response.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

describe('explicit null: 400 unless the field is documented as clearable', () => {
  const organizer = makeCaller('organizer');
  let draft: EventBody;

  beforeAll(async () => {
    draft = await createEvent(organizer);
  });

  it.each([
    [{ title: null }, 'title'],
    [{ visibility: null }, 'visibility'],
    [{ venue: null }, 'venue'],
    [{ seating: null }, 'seating'],
    [{ capacity: null }, 'capacity'],
    [{ startsAt: null }, 'startsAt'],
  ])('PATCH /events/:id with %j is 400 naming the field', async (body, field) => {
    const res = await api('PATCH', `/events/${draft.id}`, { caller: organizer, body });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(invalidFields(res)).toEqual([field]);
  });

  it('leaves the draft as it was after the refused nulls (no 1970 start)', async () => {
    const res = await api('GET', `/events/${draft.id}`, { caller: organizer });
    expect(res.json()).toMatchObject({
      title: draft.title,
      startsAt: draft.startsAt,
      version: draft.version,
    });
  });

  it('clears the description, a clearable field, with null', async () => {
    const res = await api('PATCH', `/events/${draft.id}`, { caller: organizer, body: { description: null } });
    expect(res.status).toBe(200);
    expect((res.json() as { description: unknown }).description).toBeNull();
  });

  it('refuses a venue given as an array', async () => {
    const res = await api('POST', '/events', {
      caller: organizer,
      body: { ...draftBody(), venue: [] },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(invalidFields(res)).toContain('venue');
  });

  it.each(['0000-01-01T10:00:00Z', '1969-12-31T23:00:00Z', '10000-01-01T00:00:00Z'])(
    'refuses a start in year-range-breaking %s',
    async (startsAt) => {
      const res = await api('PATCH', `/events/${draft.id}`, { caller: organizer, body: { startsAt } });
      expectError(res, 400, 'VALIDATION_FAILED');
    },
  );

  it.each([[{ fullName: null }], [{ currentPassword: 'correct horse battery', newPassword: null }]])(
    'PATCH /users/me with %j is 400',
    async (body) => {
      const user = await registeredUser();
      const res = await api('PATCH', '/users/me', { caller: user, body });
      expectError(res, 400, 'VALIDATION_FAILED');
    },
  );

  it('POST /bookings with "seats": null is 400', async () => {
    const res = await api('POST', '/bookings', {
      caller: makeCaller('customer'),
      body: { eventId: randomUUID(), seats: null },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(invalidFields(res)).toEqual(['seats']);
  });
});

function draftBody() {
  return {
    title: 'A careful evening',
    venue: { name: 'Hall', city: 'Lisbon' },
    startsAt: new Date(Date.now() + 86400_000 * 10).toISOString(),
    endsAt: new Date(Date.now() + 86400_000 * 10 + 3600_000).toISOString(),
    capacity: 10,
  };
}

async function registeredUser(): Promise<Caller> {
  const email = `hardening-${randomUUID()}@example.test`;
  const registered = await api('POST', '/auth/register', {
    body: { email, password: 'correct horse battery', fullName: 'Hardening' },
  });
  expect(registered.status).toBe(201);
  const login = await api('POST', '/auth/login', { body: { email, password: 'correct horse battery' } });
  return {
    id: (registered.json() as { id: string }).id,
    role: 'customer',
    token: (login.json() as { accessToken: string }).accessToken,
  };
}

describe('malformed cursors', () => {
  const notAKey = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
  const yearZero = Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', randomUUID()])).toString(
    'base64url',
  );

  it.each([
    ['/events', undefined],
    ['/bookings', 'customer'],
    ['/notifications', 'customer'],
    ['/users', 'admin'],
  ] as const)(
    'GET %s with a cursor that decodes to no valid key is 400 INVALID_CURSOR',
    async (path, role) => {
      const caller = role ? makeCaller(role) : undefined;
      for (const cursor of [notAKey, yearZero]) {
        expectError(await api('GET', `${path}?cursor=${cursor}`, { caller }), 400, 'INVALID_CURSOR');
      }
    },
  );
});

describe('text no service can store', () => {
  it('refuses a NUL in a query parameter', async () => {
    const res = await api('GET', '/events?q=%00');
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(invalidFields(res)).toEqual(['q']);
  });

  it.each([
    ['a NUL', 'a\u0000@example.test'],
    ['an unpaired surrogate', '\ud800@example.test'],
  ])('refuses %s in the login email', async (_what, email) => {
    const res = await api('POST', '/auth/login', { body: { email, password: 'whatever it is' } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(invalidFields(res)).toEqual(['email']);
  });

  it('refuses an unpaired surrogate in an event title, and stores nothing', async () => {
    const organizer = makeCaller('organizer');
    const res = await api('POST', '/events', {
      caller: organizer,
      body: { ...draftBody(), title: 'Fado \ud800 night' },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    const mine = await api('GET', '/events?mine=true', { caller: organizer });
    expect((mine.json() as { items: unknown[] }).items).toEqual([]);
  });
});

describe('request bodies the parser or the validator cannot take', () => {
  it('refuses JSON nested 2,000 levels deep with 400 NESTING_TOO_DEEP', async () => {
    const res = await gatewayRequest('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '['.repeat(2000) + ']'.repeat(2000),
      from: newClientAddress(),
    });
    expectError(res, 400, 'NESTING_TOO_DEEP');
  });

  it.each(['gzip', 'deflate', 'br'])(
    'answers a plain body labelled Content-Encoding: %s with 400',
    async (encoding) => {
      const res = await gatewayRequest('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: '{"email":"a@example.test","password":"whatever it is"}',
        from: newClientAddress(),
      });
      expectError(res, 400, 'BAD_REQUEST');
    },
  );

  it('still reads a body that really is gzipped', async () => {
    const res = await gatewayRequest('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"email":"nobody@example.test","password":"whatever it is"}'),
      from: newClientAddress(),
    });
    expectError(res, 401, 'INVALID_CREDENTIALS');
  });

  it('answers an unknown Content-Encoding with 415', async () => {
    const res = await gatewayRequest('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
      body: '{}',
      from: newClientAddress(),
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown Content-Encoding on large bodies with 415, never a reset connection (502)', async () => {
    // Refused before it is read: the service reads the rest before it closes the connection. Closing
    // with it unread resets the connection while Nginx is still sending (about 1 in 10 here), and the
    // gateway answers 502 and takes that instance out of its pool for a while.
    const body = JSON.stringify({ title: 'x'.repeat(900_000) });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await gatewayRequest('/api/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
        body,
        from: newClientAddress(),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(statuses.map(() => 415));
  });

  it("carries the request's X-Request-Id past its body into the facts it causes", async () => {
    const organizer = makeCaller('organizer');
    const event = await publishedEvent(organizer);
    const requestId = `hardening-${randomUUID()}`;
    const res = await api('POST', `/events/${event.id}/cancel`, {
      caller: organizer,
      body: { reason: 'The venue is flooded' },
      headers: { 'x-request-id': requestId },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    const facts = await queryServiceDb<{ type: string; correlation: string }>(
      'event-service',
      `SELECT envelope->>'type' AS type, envelope->>'correlationId' AS correlation FROM outbox
       WHERE envelope->'payload'->>'eventId' = $1 AND envelope->>'type' = 'event.cancelled'`,
      [event.id],
    );
    expect(facts).toEqual([{ type: 'event.cancelled', correlation: requestId }]);
  });
});

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
