// What the second hostile probe found (issue 27), each through the gateway: addresses the contracts
// refused (500), access tokens that outlived a demotion, a password change or a revoked session, live
// streams without a cap, pages without a Content-Security-Policy, bodies made of inherited keys, control
// characters stored verbatim, and upper-case API paths answered by the dashboard.
import { randomUUID } from 'node:crypto';
import { api, makeCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError, fieldsOf, gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { queryServiceDb } from '@evently/testing/service-db';
import { openSse, SseConnection } from '@evently/testing/sse-client';
import { gatewayUrl, stackEnv } from '@evently/testing/stack';
import {
  PASSWORD,
  register,
  login,
  account,
  bearer,
  refusedEverywhere,
  acceptedEverywhere,
} from './hostile-probe-ii.helpers';

describe('email addresses: one rule for the HTTP layer and every contract', () => {
  it.each(['straße-x@x.test', 'alıce@x.test', 'ALİCE@x.test', 'ﬀoo@x.test'])(
    'refuses %s with 400 VALIDATION_FAILED naming the field (it was a 500)',
    async (email) => {
      const res = await register('customer', email);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(Object.keys(fieldsOf(res))).toEqual(['email']);
    },
  );

  it('accepts an internationalised domain, stores it in punycode, and the notifier hears of it', async () => {
    const local = `x-${randomUUID().slice(0, 8)}`;
    const res = await register('customer', `${local}@bücher.test`);
    expect(res.status).toBe(201);
    expect((res.json() as { email: string }).email).toBe(`${local}@xn--bcher-kva.test`);
    const { id } = res.json() as { id: string };
    // user.registered passed its contract: the notifier's contact replica has the address.
    const contact = await eventually(async () => {
      const [row] = await queryServiceDb<{ email: string }>(
        'notifier-service',
        `SELECT email FROM contacts WHERE user_id = $1`,
        [id],
      );
      return row;
    }, 10_000);
    expect(contact.email).toBe(`${local}@xn--bcher-kva.test`);
    // And the person signs in with the address as they typed it.
    expect((await login(`${local}@BÜCHER.test`)).accessToken).toEqual(expect.any(String));
  });
});

describe('access tokens are revoked within seconds on every service', () => {
  const admin = makeCaller('admin');

  it('refuses the token of an organizer demoted to customer (TOKEN_REVOKED), and a refreshed one has the new role', async () => {
    const organizer = await account('organizer');
    const before = await api('POST', '/events', {
      caller: bearer(organizer.accessToken),
      body: {
        title: 'Before the demotion',
        venue: { name: 'V', city: 'C' },
        startsAt: '2030-01-01T10:00:00Z',
        endsAt: '2030-01-01T12:00:00Z',
        timeZone: 'UTC',
        capacity: 5,
      },
    });
    expect(before.status).toBe(201);
    const demoted = await api('PATCH', `/users/${organizer.id}`, {
      caller: admin,
      body: { role: 'customer' },
    });
    expect(demoted.status).toBe(200);
    await refusedEverywhere(organizer.accessToken);
    // Every instance: each learns of the revocation within its loop's second (the gateway spreads requests).
    const write = await eventually(
      async () => {
        const answer = await api('POST', '/events', { caller: bearer(organizer.accessToken), body: {} });
        return answer.status === 401 ? answer : undefined;
      },
      5_000,
      'event-service to refuse a write with the revoked token',
    );
    expectError(write, 401, 'TOKEN_REVOKED');
    const refreshed = await api('POST', '/auth/refresh', { body: { refreshToken: organizer.refreshToken } });
    expect(refreshed.status).toBe(200);
    const fresh = (refreshed.json() as { accessToken: string }).accessToken;
    expect(await acceptedEverywhere(fresh)).toEqual([200, 200, 200, 200]);
    expectError(
      await api('POST', '/events', {
        caller: bearer(fresh),
        body: {
          title: 'After',
          venue: { name: 'V', city: 'C' },
          startsAt: '2030-01-01T10:00:00Z',
          endsAt: '2030-01-01T12:00:00Z',
          timeZone: 'UTC',
          capacity: 5,
        },
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses every earlier token after a password change; the new password signs in', async () => {
    const person = await account('customer');
    const other = await login(person.email);
    expect(await acceptedEverywhere(person.accessToken)).toEqual([200, 200, 200, 200]);
    const changed = await api('PATCH', '/users/me', {
      caller: bearer(person.accessToken),
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    await refusedEverywhere(person.accessToken);
    await refusedEverywhere(other.accessToken);
    const again = await login(person.email, 'a brand new passphrase');
    expect(await acceptedEverywhere(again.accessToken)).toEqual([200, 200, 200, 200]);
  });

  it('refuses the tokens of a family revoked by refresh-token reuse, and only those', async () => {
    const person = await account('customer');
    const elsewhere = await login(person.email);
    const rotated = await api('POST', '/auth/refresh', { body: { refreshToken: person.refreshToken } });
    expect(rotated.status).toBe(200);
    const successor = rotated.json() as { accessToken: string };
    // The spent token presented again: someone else holds a copy, so the family is revoked.
    const reused = await api('POST', '/auth/refresh', { body: { refreshToken: person.refreshToken } });
    expectError(reused, 401, 'REFRESH_TOKEN_REUSED');
    await refusedEverywhere(person.accessToken);
    await refusedEverywhere(successor.accessToken);
    // The person's other session (another family) is untouched.
    expect(await acceptedEverywhere(elsewhere.accessToken)).toEqual([200, 200, 200, 200]);
  });

  it('refuses the access token of a session that logged out', async () => {
    const person = await account('customer');
    const out = await api('POST', '/auth/logout', {
      caller: bearer(person.accessToken),
      body: { refreshToken: person.refreshToken },
    });
    expect(out.status).toBe(204);
    await refusedEverywhere(person.accessToken);
  });

  it('ends a live stream opened with a token that is then revoked (last event: revoked)', async () => {
    const person = await account('customer');
    const stream = openSse('/api/v1/notifications/stream', person.accessToken);
    expect(await stream.status).toBe(200);
    await api('POST', '/auth/logout', {
      caller: bearer(person.accessToken),
      body: { refreshToken: person.refreshToken },
    });
    await eventually(
      () => (stream.events.some((e) => e.event === 'revoked') ? true : undefined),
      5_000,
      'revoked',
    );
    await stream.ended;
    expect(stream.events.at(-1)?.event).toBe('revoked');
  });
});

describe('live streams are capped', () => {
  const streams: SseConnection[] = [];
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  it('closes the oldest stream of a user past 5 on one notifier instance, with a last `replaced` event', async () => {
    const user = makeCaller('customer');
    const instance = `http://127.0.0.1:${stackEnv('EVENTLY_NOTIFIER_SERVICE_PORT')}`;
    for (let i = 0; i < 6; i++) {
      const stream = openSse('/api/v1/notifications/stream', user.token, instance);
      streams.push(stream);
      expect(await stream.status).toBe(200);
    }
    await streams[0].ended;
    expect(streams[0].events.map((e) => e.event)).toEqual(['replaced']);
    // The five newest stay open.
    const stillOpen = await Promise.race([
      Promise.any(streams.slice(1).map((s) => s.ended.then(() => false))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 500)),
    ]);
    expect(stillOpen).toBe(true);
  });

  it('answers 429 TOO_MANY_STREAMS (JSON, Retry-After) past the per-address cap at the gateway', async () => {
    const perAddress = Number(stackEnv('EVENTLY_STREAMS_PER_ADDRESS'));
    const from = newClientAddress();
    for (let i = 0; i < perAddress; i++) {
      const stream = openSse(
        '/api/v1/notifications/stream',
        makeCaller('customer').token,
        gatewayUrl(),
        from,
      );
      streams.push(stream);
      expect(await stream.status).toBe(200);
    }
    const refused = await gatewayRequest('/api/v1/notifications/stream', {
      from,
      headers: { authorization: `Bearer ${makeCaller('customer').token}`, accept: 'text/event-stream' },
    });
    expectError(refused, 429, 'TOO_MANY_STREAMS');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // Another address still gets one.
    const elsewhere = openSse('/api/v1/notifications/stream', makeCaller('customer').token);
    streams.push(elsewhere);
    expect(await elsewhere.status).toBe(200);
  });
});
