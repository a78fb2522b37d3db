import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';
import { RevokedSessions } from './session/revoked-sessions';
import { RevokedSessionsHandler } from './session/revoked-sessions.handler';
import { RevokedSessionsLoop } from './session/revoked-sessions.loop';
import { RevokedSessionsRepository } from './session/revoked-sessions.repository';
import { VerifiedTokens } from './verified-tokens';

/**
 * Access-token verification for a service: global JWT guard (opt out with @Public()) then @Roles(), and the
 * revoked sessions it refuses (kept from user.sessions-revoked, in the service's own table and in memory).
 */
@Global()
@Module({
  imports: [PassportModule],
  controllers: [RevokedSessionsHandler],
  providers: [
    JwtStrategy,
    VerifiedTokens,
    RevokedSessions,
    RevokedSessionsRepository,
    RevokedSessionsLoop,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [RevokedSessions],
})
export class AuthModule {}
