import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { stackEnv } from './stack';

export interface TokenOptions {
  sub?: string;
  email?: string;
  role?: string;
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  privateKey?: string;
}

/** Signs an access token the way user-service does (RS256, iss, aud), with the test stack's key by default. */
export function signAccessToken(options: TokenOptions = {}): string {
  const privateKey = options.privateKey ?? readFileSync(stackEnv('EVENTLY_JWT_PRIVATE_KEY_FILE'), 'utf8');
  return jwt.sign(
    { email: options.email ?? 'someone@example.test', role: options.role ?? 'customer' },
    privateKey,
    {
      algorithm: 'RS256',
      subject: options.sub ?? '6f1c1f64-8a39-4a52-9a83-2f3f7f0e8a11',
      issuer: options.issuer ?? 'evently-user-service',
      audience: options.audience ?? 'evently',
      expiresIn: options.expiresInSeconds ?? 900,
    },
  );
}

export function otherPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}
