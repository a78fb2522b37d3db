import { APP_CONFIG } from '@evently/common';
import type { AuthConfig } from './auth.config';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { isUUID } from 'class-validator';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN_ALGORITHM, AccessTokenClaims, AuthUser } from './auth-user';
import { isRole } from './role';
import { VerifiedTokens } from './verified-tokens';

/** The access token of a request: the Authorization header's Bearer credentials. */
export const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Verifies RS256 access tokens with user-service's public key, issuer and audience, and remembers the ones
 * it accepts (VerifiedTokens) so that JwtAuthGuard need not verify them again.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AuthConfig,
    private readonly verified: VerifiedTokens,
  ) {
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
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
  validate(request: { headers: IncomingHttpHeaders }, claims: Partial<AccessTokenClaims>): AuthUser | false {
    // The subject is a user id: anything else would reach uuid columns and queries as the caller's id.
    if (typeof claims.sub !== 'string' || !isUUID(claims.sub)) return false;
    if (typeof claims.email !== 'string' || !isRole(claims.role)) return false;
    if (claims.tv !== undefined && !(Number.isSafeInteger(claims.tv) && claims.tv >= 0)) return false;
    if (claims.sid !== undefined && !(typeof claims.sid === 'string' && isUUID(claims.sid))) return false;
    const user: AuthUser = {
      id: claims.sub.toLowerCase(),
      email: claims.email,
      role: claims.role,
      tokenVersion: claims.tv ?? 0,
      sessionId: claims.sid?.toLowerCase() ?? null,
    };
    const token = bearerToken(request);
    if (token) this.verified.remember(token, user, claims.exp);
    return user;
  }
}
