import { Role } from './role';

/** The caller, as proven by a verified access token. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

/** Claims user-service puts in every access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  iat: number;
  exp: number;
  iss: string;
  aud: string | string[];
}

/** The only algorithm accepted: asymmetric, so that no verifying service can mint a token. */
export const ACCESS_TOKEN_ALGORITHM = 'RS256';
