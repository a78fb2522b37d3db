// The second hostile probe, continued: unknown and inherited body fields, control characters in text, and
// what the gateway answers itself.
// What the second hostile probe found (issue 27), each through the gateway: addresses the contracts
// refused (500), access tokens that outlived a demotion, a password change or a revoked session, live
// streams without a cap, pages without a Content-Security-Policy, bodies made of inherited keys, control
// characters stored verbatim, and upper-case API paths answered by the dashboard.
import { randomUUID } from 'node:crypto';
import { api, Caller, createEvent, makeCaller, makeEvent } from '@evently/testing/evently-api';
import { expectError, fieldsOf, gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';

describe('bodies: unknown fields are refused everywhere, inherited keys included', () => {
  const organizer = makeCaller('organizer');
  const INHERITED = [
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{}}}',
    '{"hasOwnProperty":1}',
  ];
  let eventId: string;

  beforeAll(async () => {
    eventId = (await createEvent(organizer)).id;
  });

  const send = (method: string, path: string, caller: Caller, raw: string) =>
    gatewayRequest(`/api/v1${path}`, {
      method,
      from: newClientAddress(),
      headers: { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' },
      body: raw,
    });

  it.each(INHERITED)('PATCH /users/me with %s is 400 VALIDATION_FAILED', async (raw) => {
    expectError(await send('PATCH', '/users/me', makeCaller('customer'), raw), 400, 'VALIDATION_FAILED');
  });

  it.each(INHERITED)('PATCH /events/:id with %s is 400 and changes nothing', async (raw) => {
    expectError(await send('PATCH', `/events/${eventId}`, organizer, raw), 400, 'VALIDATION_FAILED');
    const after = await api('GET', `/events/${eventId}`, { caller: organizer });
    expect((after.json() as { version: number }).version).toBe(1);
  });

  it.each(INHERITED)('POST /notifications/:id/read with %s is 400', async (raw) => {
    expectError(
      await send('POST', `/notifications/${randomUUID()}/read`, makeCaller('customer'), raw),
      400,
      'VALIDATION_FAILED',
    );
  });

  it.each(INHERITED)('POST /events/:id/cancel with %s is 400', async (raw) => {
    expectError(await send('POST', `/events/${eventId}/cancel`, organizer, raw), 400, 'VALIDATION_FAILED');
  });

  it('refuses any field on a route that takes no body, naming it', async () => {
    const res = await send(
      'POST',
      `/notifications/${randomUUID()}/read`,
      makeCaller('customer'),
      '{"read":true}',
    );
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(Object.keys(fieldsOf(res))).toEqual(['read']);
  });

  it.each(['/users/me', 'event'])('refuses an empty PATCH of %s: nothing to change', async (target) => {
    const path = target === 'event' ? `/events/${eventId}` : target;
    const res = await send('PATCH', path, target === 'event' ? organizer : makeCaller('customer'), '{}');
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual({ '(body)': ['must name at least one field to change'] });
  });
});

describe('text: control characters and bidi overrides are refused, a line feed only in multi-line text', () => {
  const organizer = makeCaller('organizer');
  const FORBIDDEN = ['\r', '\n', '\u0001', '\u0007', '\u001b[31m', '\u0085', '\u202e', '\u2066'];

  it.each(FORBIDDEN.map((c) => [JSON.stringify(c)]))('refuses %s in a title, naming the field', async (c) => {
    const res = await api('POST', '/events', {
      caller: organizer,
      body: makeEvent({ title: `Jazz ${JSON.parse(c) as string} night` }),
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(Object.keys(fieldsOf(res))).toEqual(['title']);
  });

  it.each([
    ['venue.name', { venue: { name: 'Hall\u202eevil', city: 'Porto' } }],
    ['venue.city', { venue: { name: 'Hall', city: 'Por\nto' } }],
  ])('refuses it in a nested single-line field (%s)', async (field, change) => {
    const res = await api('POST', '/events', { caller: organizer, body: makeEvent(change) });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(Object.keys(fieldsOf(res))).toEqual([field]);
  });

  it('refuses a control character in a guest name and a person name', async () => {
    const guest = await api('POST', '/invitations', {
      caller: organizer,
      body: { eventId: randomUUID(), guests: [{ email: 'g@example.test', name: 'Ann\r\nBcc: x@evil.test' }] },
    });
    expectError(guest, 400, 'VALIDATION_FAILED');
    expect(Object.keys(fieldsOf(guest))).toEqual(['guests[0].name']);
    const renamed = await api('PATCH', '/users/me', {
      caller: makeCaller('customer'),
      body: { fullName: 'Eve\u202eevil' },
    });
    expectError(renamed, 400, 'VALIDATION_FAILED');
    expect(Object.keys(fieldsOf(renamed))).toEqual(['fullName']);
  });

  it('keeps line feeds in a description, verbatim, and refuses a carriage return there', async () => {
    const created = await api('POST', '/events', {
      caller: organizer,
      body: makeEvent({ description: 'First line\nSecond line' }),
    });
    expect(created.status).toBe(201);
    expect((created.json() as { description: string }).description).toBe('First line\nSecond line');
    const crlf = await api('POST', '/events', {
      caller: organizer,
      body: makeEvent({ description: 'First line\r\nSecond line' }),
    });
    expectError(crlf, 400, 'VALIDATION_FAILED');
    expect(Object.keys(fieldsOf(crlf))).toEqual(['description']);
  });
});

describe('the gateway', () => {
  it.each(['/API/V1/USERS', '/Api/v1/events', '/API/', '/api/V1/bookings/x', '/API'])(
    'answers %s with a JSON 404, never the dashboard',
    async (path) => {
      const res = await gatewayRequest(path, { from: newClientAddress() });
      expectError(res, 404, 'NOT_FOUND');
    },
  );

  it.each([
    ['/', "script-src 'self'", "connect-src 'self'"],
    ['/events', "script-src 'self'", "connect-src 'self'"],
    ['/docs/', "script-src 'self'", "connect-src 'self'"],
    ['/api/v1/events', "default-src 'none'", "frame-ancestors 'none'"],
    ['/api/v1/nothing-here', "default-src 'none'", "frame-ancestors 'none'"],
  ])('sends a Content-Security-Policy with %s', async (path, ...directives) => {
    const res = await gatewayRequest(path, { from: newClientAddress() });
    const policy = String(res.headers['content-security-policy'] ?? '');
    for (const directive of [...directives, "frame-ancestors 'none'"]) expect(policy).toContain(directive);
    expect(policy).not.toContain("'unsafe-eval'");
    if (!path.startsWith('/docs')) expect(policy).not.toContain("'unsafe-inline'");
  });
});
