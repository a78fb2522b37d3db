import { APP_CONFIG } from '@evently/common';
import type { AuthConfig } from './auth.config';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN_ALGORITHM, AccessTokenClaims, AuthUser } from './auth-user';
import { isRole } from './role';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The subject is a user id: anything else would reach uuid columns and queries as the caller's id. */
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Verifies RS256 access tokens with user-service's public key, issuer and audience. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AuthConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // Parsed once into a KeyObject (jsonwebtoken accepts one): given the PEM text, it would parse the key
      // again for every request. The typings only know string | Buffer.
      secretOrKey: createPublicKey(readFileSync(config.JWT_PUBLIC_KEY_FILE, 'utf8')) as unknown as Buffer,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  /** A token whose claims are not what user-service issues is refused (passport answers 401). */
  validate(claims: Partial<AccessTokenClaims>): AuthUser | false {
    if (!isUuid(claims.sub) || typeof claims.email !== 'string' || !isRole(claims.role)) return false;
    return { id: claims.sub.toLowerCase(), email: claims.email, role: claims.role };
  }
}
