// What user-service's specs share: registering and signing in through the gateway.
import { randomUUID } from 'node:crypto';
import { gatewayRequest, GatewayResponse, newClientAddress } from '@evently/testing/gateway-client';

/** Every call from a fresh client address: login and register are rate-limited per address. */
export const call = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<GatewayResponse> =>
  gatewayRequest(path, {
    method,
    from: newClientAddress(),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

export const newEmail = () => `user-${randomUUID()}@Example.com`;
export const PASSWORD = 'correct horse battery';

export async function register(overrides: Record<string, unknown> = {}) {
  const body = { email: newEmail(), password: PASSWORD, fullName: 'Ann Lee', ...overrides };
  const res = await call('POST', '/api/v1/auth/register', body);
  expect(res.status).toBe(201);
  return {
    ...(res.json() as { id: string; email: string; role: string }),
    password: body.password,
  };
}

export async function login(email: string, password = PASSWORD) {
  const res = await call('POST', '/api/v1/auth/login', { email, password });
  expect(res.status).toBe(200);
  return res.json() as { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number };
}

export const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
