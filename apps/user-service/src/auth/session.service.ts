import { RoutingKeys, UserSessionsRevokedV1 } from '@evently/contracts';
import { InjectConfig } from '@evently/common';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { UserServiceConfig } from '../config/user-service.config';
import { RefreshTokenRepository } from './refresh-token.repository';

/**
 * Ends sessions: their refresh tokens, and their access tokens on every service before they expire (each
 * ending is a user.sessions-revoked fact, written in the transaction of the change that causes it). Every
 * access token carries its user's token version (`tv`) and its session (`sid`, the refresh-token family).
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly outbox: OutboxService,
    @InjectConfig() private readonly config: UserServiceConfig,
  ) {}

  /** A new password: every session ends, refresh tokens and access tokens below `tokenVersion` alike. */
  async endAll(manager: EntityManager, userId: string, tokenVersion: number): Promise<void> {
    await this.refreshTokens.revokeAllOf(manager, userId);
    await this.announce(manager, { userId, tokenVersion, sessionId: null, reason: 'password-changed' });
  }

  /** A new role: access tokens below `tokenVersion` stop; a refresh gets one with the new role. */
  async revokeAccessTokens(manager: EntityManager, userId: string, tokenVersion: number): Promise<void> {
    await this.announce(manager, { userId, tokenVersion, sessionId: null, reason: 'role-changed' });
  }

  /** One session ends (logout, or a reused refresh token): its family and the access tokens issued with it. */
  async endSession(
    manager: EntityManager,
    userId: string,
    familyId: string,
    reason: 'logout' | 'refresh-token-reused',
  ): Promise<void> {
    await this.refreshTokens.revokeFamily(manager, familyId);
    // Version 0 revokes no token by version: only this session's.
    await this.announce(manager, { userId, tokenVersion: 0, sessionId: familyId, reason });
  }

  private async announce(
    manager: EntityManager,
    revocation: Omit<UserSessionsRevokedV1, 'expiresAt'>,
  ): Promise<void> {
    // No token issued before now lives past this: the fact need not be remembered longer (+ clock skew).
    const expiresAt = new Date(Date.now() + (this.config.ACCESS_TOKEN_TTL_SECONDS + 60) * 1000).toISOString();
    await this.outbox.add(manager, RoutingKeys.UserSessionsRevoked, { ...revocation, expiresAt });
  }
}
