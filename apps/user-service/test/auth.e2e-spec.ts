import { randomUUID } from 'node:crypto';
import { stackEnv } from '@evently/testing/stack';
import { otherPrivateKey, signAccessToken } from '@evently/testing/tokens';
import { call, newEmail, PASSWORD, register, login, claimsOf } from './auth.helpers';

describe('user-service through the gateway', () => {
  let adminToken: string;

  beforeAll(async () => {
    adminToken = (await login(stackEnv('EVENTLY_ADMIN_EMAIL'), stackEnv('ADMIN_PASSWORD'))).accessToken;
  });

  it('registers, logs in, answers /me, refreshes and logs out', async () => {
    const user = await register({ role: 'organizer' });
    expect(user).toMatchObject({ role: 'organizer', fullName: 'Ann Lee' });
    expect(user.email).toBe(user.email.toLowerCase());

    const pair = await login(user.email.toUpperCase());
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(claimsOf(pair.accessToken)).toMatchObject({
      sub: user.id,
      role: 'organizer',
      email: user.email,
      iss: 'evently-user-service',
      aud: 'evently',
    });

    const me = await call('GET', '/api/v1/users/me', undefined, pair.accessToken);
    expect(me.status).toBe(200);
    expect(me.json()).toEqual({
      id: user.id,
      email: user.email,
      fullName: 'Ann Lee',
      role: 'organizer',
      createdAt: expect.any(String),
    });

    const refreshed = await call('POST', '/api/v1/auth/refresh', { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    const next = refreshed.json() as { accessToken: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(pair.refreshToken);

    expect(
      (await call('POST', '/api/v1/auth/logout', { refreshToken: next.refreshToken }, next.accessToken))
        .status,
    ).toBe(204);
    const afterLogout = await call('POST', '/api/v1/auth/refresh', { refreshToken: next.refreshToken });
    expect(afterLogout.status).toBe(401);
  });

  it('refuses a duplicate email, also differing in case, with 409 EMAIL_TAKEN', async () => {
    const user = await register();
    const again = await call('POST', '/api/v1/auth/register', {
      email: `  ${user.email.toUpperCase()} `,
      password: PASSWORD,
      fullName: 'B',
    });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('answers a wrong password and an unknown email alike: 401 INVALID_CREDENTIALS', async () => {
    const user = await register();
    const wrong = await call('POST', '/api/v1/auth/login', {
      email: user.email,
      password: 'not the password',
    });
    const unknown = await call('POST', '/api/v1/auth/login', { email: newEmail(), password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        message: 'Email or password is wrong',
      });
    }
  });

  it('revokes the whole family when a spent refresh token is used again', async () => {
    const user = await register();
    const first = await login(user.email);
    const second = (
      await call('POST', '/api/v1/auth/refresh', { refreshToken: first.refreshToken })
    ).json() as {
      refreshToken: string;
    };
    const reuse = await call('POST', '/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    const legit = await call('POST', '/api/v1/auth/refresh', { refreshToken: second.refreshToken });
    expect(legit.status).toBe(401);
    expect(legit.json()).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    // Another login (another family) is unaffected.
    expect((await login(user.email)).accessToken).toBeTruthy();
  });

  it('refuses expired, tampered and foreign-key tokens with 401', async () => {
    const user = await register();
    const token = (await login(user.email)).accessToken;
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(token), role: 'admin' })).toString('base64url');
    for (const bad of [
      signAccessToken({ sub: user.id, email: user.email, expiresInSeconds: -5 }),
      `${header}.${forged}.${signature}`,
      signAccessToken({ sub: user.id, email: user.email, role: 'admin', privateKey: otherPrivateKey() }),
    ]) {
      const res = await call('GET', '/api/v1/users', undefined, bad);
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('refuses a token it accepted (and remembered) once it expires, and one forged from it at any time', async () => {
    const user = await register();
    const token = signAccessToken({ sub: user.id, email: user.email, expiresInSeconds: 2 });
    const { exp } = claimsOf(token) as { exp: number };
    // Several reads, so that each instance behind the gateway has verified and remembered it.
    for (let i = 0; i < 4; i++)
      expect((await call('GET', '/api/v1/users/me', undefined, token)).status).toBe(200);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(token), role: 'admin' })).toString('base64url');
    expect((await call('GET', '/api/v1/users', undefined, `${header}.${forged}.${signature}`)).status).toBe(
      401,
    );
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 200));
    for (let i = 0; i < 4; i++) {
      const res = await call('GET', '/api/v1/users/me', undefined, token);
      expect({ status: res.status, code: (res.json() as { code?: string }).code }).toEqual({
        status: 401,
        code: 'UNAUTHORIZED',
      });
    }
  });

  describe('admin routes', () => {
    it('give 403 to a customer', async () => {
      const user = await register();
      const pair = await login(user.email);
      expect((await call('GET', '/api/v1/users', undefined, pair.accessToken)).status).toBe(403);
      expect(
        (await call('PATCH', `/api/v1/users/${user.id}`, { role: 'admin' }, pair.accessToken)).status,
      ).toBe(403);
    });

    it('list users to an admin by pages, without repeating one', async () => {
      // At least two users besides the admin, whatever ran before.
      await register();
      await register();
      const first = await call('GET', '/api/v1/users?limit=2', undefined, adminToken);
      expect(first.status).toBe(200);
      const page1 = first.json() as { items: { id: string }[]; nextCursor: string };
      expect(page1.items).toHaveLength(2);
      const page2 = (
        await call('GET', `/api/v1/users?limit=2&cursor=${page1.nextCursor}`, undefined, adminToken)
      ).json() as {
        items: { id: string }[];
      };
      expect(page2.items.map((u) => u.id)).not.toContain(page1.items[0].id);
      expect(page2.items.map((u) => u.id)).not.toContain(page1.items[1].id);
    });

    it("let an admin change a role, which reaches the user's token on the next refresh", async () => {
      const user = await register();
      const pair = await login(user.email);
      const changed = await call('PATCH', `/api/v1/users/${user.id}`, { role: 'organizer' }, adminToken);
      expect(changed.status).toBe(200);
      expect(changed.json()).toMatchObject({ id: user.id, role: 'organizer' });
      const refreshed = (
        await call('POST', '/api/v1/auth/refresh', { refreshToken: pair.refreshToken })
      ).json() as { accessToken: string };
      expect(claimsOf(refreshed.accessToken).role).toBe('organizer');
    });

    it('answer an unknown user 404 and a malformed id 400', async () => {
      expect(
        (await call('PATCH', `/api/v1/users/${randomUUID()}`, { role: 'admin' }, adminToken)).json(),
      ).toMatchObject({
        statusCode: 404,
        code: 'USER_NOT_FOUND',
      });
      expect(
        (await call('PATCH', '/api/v1/users/not-a-uuid', { role: 'admin' }, adminToken)).json(),
      ).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
      });
    });
  });

  it('changes the name, and the password only with the current one (which signs out other sessions)', async () => {
    const user = await register();
    const pair = await login(user.email);
    const renamed = await call('PATCH', '/api/v1/users/me', { fullName: '  Ann Marie  ' }, pair.accessToken);
    expect(renamed.json()).toMatchObject({ fullName: 'Ann Marie' });

    const missing = await call(
      'PATCH',
      '/api/v1/users/me',
      { newPassword: 'a brand new secret' },
      pair.accessToken,
    );
    expect(missing.status).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'CURRENT_PASSWORD_REQUIRED' });
    const wrong = await call(
      'PATCH',
      '/api/v1/users/me',
      { currentPassword: 'nope nope nope', newPassword: 'a brand new secret' },
      pair.accessToken,
    );
    expect(wrong.status).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'CURRENT_PASSWORD_INVALID' });
    const ok = await call(
      'PATCH',
      '/api/v1/users/me',
      { currentPassword: PASSWORD, newPassword: 'a brand new secret' },
      pair.accessToken,
    );
    expect(ok.status).toBe(200);
    expect((await call('POST', '/api/v1/auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(
      401,
    );
    expect((await login(user.email, 'a brand new secret')).accessToken).toBeTruthy();
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD, fullName: 'A' }, 'email'],
    [{ email: newEmail(), password: 'short', fullName: 'A' }, 'password'],
    [{ email: newEmail(), password: PASSWORD, fullName: 'A', role: 'admin' }, 'role'],
    [{ email: newEmail(), password: PASSWORD, fullName: 'A', isAdmin: true }, 'isAdmin'],
    [{ email: newEmail(), password: PASSWORD, fullName: 'x'.repeat(201) }, 'fullName'],
  ])('refuses %j with 400 VALIDATION_FAILED naming %s', async (body, field) => {
    const res = await call('POST', '/api/v1/auth/register', body);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(Object.keys(res.json().details.fields)).toContain(field);
  });
});
