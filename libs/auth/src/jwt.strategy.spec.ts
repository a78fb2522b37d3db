import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtStrategy } from './jwt.strategy';
import { Role } from './role';
import { VerifiedTokens } from './verified-tokens';

const verified = new VerifiedTokens();
const noToken = { headers: {} };

function strategy(): JwtStrategy {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-strategy-'));
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  return new JwtStrategy(
    {
      JWT_PUBLIC_KEY_FILE: join(dir, 'public.pem'),
      JWT_ISSUER: 'evently-user-service',
      JWT_AUDIENCE: 'evently',
    },
    verified,
  );
}

describe('JwtStrategy.validate', () => {
  const jwt = strategy();
  const id = '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11';

  it('accepts the claims user-service issues', () => {
    expect(jwt.validate(noToken, { sub: id, email: 'a@example.test', role: Role.Customer })).toEqual({
      id,
      email: 'a@example.test',
      role: 'customer',
      tokenVersion: 0,
      sessionId: null,
    });
  });

  it('reads the token version and the session the token belongs to', () => {
    const sid = '0B7C2F4E-1D2A-4C3B-9E8F-7A6B5C4D3E2F';
    expect(
      jwt.validate(noToken, { sub: id, email: 'a@example.test', role: Role.Customer, tv: 3, sid }),
    ).toMatchObject({ tokenVersion: 3, sessionId: sid.toLowerCase() });
  });

  it.each([{ tv: -1 }, { tv: 1.5 }, { tv: '2' }, { sid: 'not-a-uuid' }, { sid: 7 }])(
    'refuses a token whose revocation claims are malformed (%j)',
    (claims) => {
      expect(
        jwt.validate(noToken, {
          sub: id,
          email: 'a@example.test',
          role: Role.Customer,
          ...(claims as object),
        }),
      ).toBe(false);
    },
  );

  it('lower-cases the subject, so one user has one id everywhere', () => {
    expect(
      jwt.validate(noToken, { sub: id.toUpperCase(), email: 'a@example.test', role: Role.Admin }),
    ).toMatchObject({
      id,
    });
  });

  it.each(['not-a-uuid', '', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a1', `${id}x`])(
    'refuses the subject %j',
    (sub) => {
      expect(jwt.validate(noToken, { sub, email: 'a@example.test', role: Role.Customer })).toBe(false);
    },
  );

  it('refuses an unknown role', () => {
    expect(jwt.validate(noToken, { sub: id, email: 'a@example.test', role: 'root' as never })).toBe(false);
  });

  it('remembers the token of the claims it accepts until their exp, and none it refuses', () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const accepted = { headers: { authorization: 'Bearer accepted.token.sig' } };
    const user = jwt.validate(accepted, { sub: id, email: 'a@example.test', role: Role.Customer, exp });
    expect(verified.userOf('accepted.token.sig')).toEqual(user);
    const refused = { headers: { authorization: 'Bearer refused.token.sig' } };
    expect(jwt.validate(refused, { sub: 'nope', email: 'a@example.test', role: Role.Customer, exp })).toBe(
      false,
    );
    expect(verified.userOf('refused.token.sig')).toBeUndefined();
  });
});

describe('VerifiedTokens', () => {
  const user = {
    id: '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11',
    email: 'a@example.test',
    role: Role.Customer,
    tokenVersion: 0,
    sessionId: null,
  };

  it('forgets a token once it expires', async () => {
    const tokens = new VerifiedTokens();
    tokens.remember('soon', user, Date.now() / 1000 + 0.3);
    expect(tokens.userOf('soon')).toEqual(user);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(tokens.userOf('soon')).toBeUndefined();
  });

  it('keeps no token that has expired already or has no exp, and knows no other token', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('expired', user, Date.now() / 1000 - 1);
    tokens.remember('no-exp', user, undefined);
    tokens.remember('good', user, Date.now() / 1000 + 60);
    expect([tokens.userOf('expired'), tokens.userOf('no-exp'), tokens.userOf('good.')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
