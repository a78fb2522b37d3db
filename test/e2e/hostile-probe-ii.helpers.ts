// What the second hostile probe's specs share: accounts of each role, and signed-in reads on every service.
import { randomUUID } from 'node:crypto';
import { api, Caller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { expectError } from '@evently/testing/gateway-client';

export const PASSWORD = 'correct horse battery';

export interface Account {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export async function register(
  role: 'customer' | 'organizer',
  email = `${role}-${randomUUID()}@example.test`,
) {
  return api('POST', '/auth/register', { body: { email, password: PASSWORD, fullName: 'Probe', role } });
}

export async function login(
  email: string,
  password = PASSWORD,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await api('POST', '/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text()}`);
  return res.json() as { accessToken: string; refreshToken: string };
}

export async function account(role: 'customer' | 'organizer'): Promise<Account> {
  const registered = await register(role);
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${registered.text()}`);
  const { id, email } = registered.json() as { id: string; email: string };
  return { id, email, ...(await login(email)) };
}

export const bearer = (accessToken: string): Caller => ({ id: '', role: 'customer', token: accessToken });

/** One signed-in request per service, each of which needs a valid access token. */
export const SIGNED_IN_READS: { service: string; path: string }[] = [
  { service: 'user-service', path: '/users/me' },
  { service: 'event-service', path: '/events?mine=true' },
  { service: 'booking-service', path: '/bookings' },
  { service: 'notifier-service', path: '/notifications' },
];

/** Waits (5 s at most, the bound) until `token` is refused as revoked by every service. */
export async function refusedEverywhere(token: string): Promise<void> {
  for (const { service, path } of SIGNED_IN_READS) {
    const res = await eventually(
      async () => {
        const answer = await api('GET', path, { caller: bearer(token) });
        return answer.status === 401 ? answer : undefined;
      },
      5_000,
      `${service} to refuse the revoked token`,
    );
    expectError(res, 401, 'TOKEN_REVOKED');
  }
}

export async function acceptedEverywhere(token: string): Promise<number[]> {
  return Promise.all(
    SIGNED_IN_READS.map(async ({ path }) => (await api('GET', path, { caller: bearer(token) })).status),
  );
}
