import { jsonOf } from '@evently/testing/http';
import { AuthModule, authConfigSchema, AuthUser, CurrentUser, Role, Roles } from '@evently/auth';
import {
  baseConfigSchema,
  ConfigModule,
  DatabaseModule,
  LoggingModule,
  MetricsModule,
  Public,
} from '@evently/common';
import { Controller, Get, Module } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RunningApp, startHttpApp } from '@evently/testing/http-app';
import { serviceEnv, stackEnv, withEnv } from '@evently/testing/stack';
import { otherPrivateKey, signAccessToken } from '@evently/testing/tokens';

@Controller('probe')
class ProbeController {
  @Public()
  @Get('public')
  open(@CurrentUser() user: AuthUser | undefined): { user: AuthUser | null } {
    return { user: user ?? null };
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Roles(Role.Admin)
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}

@Module({
  imports: [
    ConfigModule.forRoot('test-service', baseConfigSchema.extend(authConfigSchema.shape)),
    LoggingModule,
    MetricsModule,
    // The revoked sessions the guard refuses are read from the service's database (booking-service's here).
    DatabaseModule.forRoot({ entities: [], migrations: [] }),
    AuthModule,
  ],
  controllers: [ProbeController],
})
class ProbeModule {}

describe('libs/auth: access-token verification', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await withEnv(serviceEnv('booking-service'), () => startHttpApp(ProbeModule));
  });
  afterAll(() => running.close());

  const call = (path: string, token?: string) =>
    fetch(`${running.url}/api/v1/probe/${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  async function expectUnauthorized(path: string, token?: string): Promise<void> {
    const res = await call(path, token);
    expect(res.status).toBe(401);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
  }

  it('lets a @Public() route through without a token', async () => {
    const res = await call('public');
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ user: null });
  });

  it('gives the verified caller to @CurrentUser()', async () => {
    const token = signAccessToken({
      sub: 'b3c1f0de-0000-4000-8000-000000000001',
      email: 'ann@example.test',
      role: 'organizer',
    });
    const res = await call('me', token);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({
      id: 'b3c1f0de-0000-4000-8000-000000000001',
      email: 'ann@example.test',
      role: 'organizer',
      // A token without `tv` and `sid` (issued before they existed): version 0, no session.
      tokenVersion: 0,
      sessionId: null,
    });
  });

  it('refuses a missing token with 401', () => expectUnauthorized('me'));

  it('refuses an expired token with 401', () =>
    expectUnauthorized('me', signAccessToken({ expiresInSeconds: -10 })));

  it('refuses a tampered token with 401', async () => {
    const [header, payload, signature] = signAccessToken({ role: 'customer' }).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    await expectUnauthorized('admin', `${header}.${forged}.${signature}`);
  });

  it('refuses a token signed with another key with 401', () =>
    expectUnauthorized('me', signAccessToken({ privateKey: otherPrivateKey() })));

  it('refuses an HS256 token keyed with the public key (algorithm confusion) with 401', () => {
    const publicKey = readFileSync(stackEnv('EVENTLY_JWT_PUBLIC_KEY_FILE'), 'utf8');
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode({
      sub: 'x',
      email: 'x@example.test',
      role: 'admin',
      iss: 'evently-user-service',
      aud: 'evently',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const signature = createHmac('sha256', publicKey).update(`${header}.${payload}`).digest('base64url');
    return expectUnauthorized('admin', `${header}.${payload}.${signature}`);
  });

  it('refuses a token for another audience or issuer with 401', async () => {
    await expectUnauthorized('me', signAccessToken({ audience: 'someone-else' }));
    await expectUnauthorized('me', signAccessToken({ issuer: 'evil' }));
  });

  it('refuses a token whose role is unknown with 401', () =>
    expectUnauthorized('me', signAccessToken({ role: 'root' })));

  it('gives 403 FORBIDDEN to a role @Roles() does not allow', async () => {
    const res = await call('admin', signAccessToken({ role: 'customer' }));
    expect(res.status).toBe(403);
    expect(await jsonOf(res)).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await call('admin', signAccessToken({ role: 'admin' }))).status).toBe(200);
  });
});
