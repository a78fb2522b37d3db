import { Role } from './role';

/** The caller, as proven by a verified access token. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The user's token version when the token was issued (`tv`; 0 for a token without one). */
  tokenVersion: number;
  /** The session (refresh-token family) the token belongs to (`sid`), if it names one. */
  sessionId: string | null;
}

/** Claims user-service puts in every access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  /** Token version: revoked when below the user's current one (user.sessions-revoked). */
  tv?: number;
  /** Session id: the refresh-token family the token was issued with. */
  sid?: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string | string[];
}

/** The only algorithm accepted: asymmetric, so that no verifying service can mint a token. */
export const ACCESS_TOKEN_ALGORITHM = 'RS256';
