import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtStrategy } from './jwt.strategy';
import { Role } from './role';

function strategy(): JwtStrategy {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-strategy-'));
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  return new JwtStrategy({
    JWT_PUBLIC_KEY_FILE: join(dir, 'public.pem'),
    JWT_ISSUER: 'evently-user-service',
    JWT_AUDIENCE: 'evently',
  });
}

describe('JwtStrategy.validate', () => {
  const jwt = strategy();
  const id = '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11';

  it('accepts the claims user-service issues', () => {
    expect(jwt.validate({ sub: id, email: 'a@example.test', role: Role.Customer })).toEqual({
      id,
      email: 'a@example.test',
      role: 'customer',
    });
  });

  it('lower-cases the subject, so one user has one id everywhere', () => {
    expect(jwt.validate({ sub: id.toUpperCase(), email: 'a@example.test', role: Role.Admin })).toMatchObject({
      id,
    });
  });

  it.each(['not-a-uuid', '', '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a1', `${id}x`])(
    'refuses the subject %j',
    (sub) => {
      expect(jwt.validate({ sub, email: 'a@example.test', role: Role.Customer })).toBe(false);
    },
  );

  it('refuses an unknown role', () => {
    expect(jwt.validate({ sub: id, email: 'a@example.test', role: 'root' as never })).toBe(false);
  });
});
