export * from './auth-user';
export * from './auth.module';
export * from './decorators';
export * from './guards';
export * from './jwt.strategy';
export * from './role';
export * from './verified-tokens';
export * from './auth.config';
export * from './auth.exception';
export * from './session/revoked-sessions';
export * from './session/revoked-sessions.migration';

import { CreateRevokedSessions1764900000000 } from './session/revoked-sessions.migration';
/** libs/auth's tables, in every service's database (after its own migrations of earlier dates). */
export const authMigrations = [CreateRevokedSessions1764900000000];
