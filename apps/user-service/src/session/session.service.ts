import { RoutingKeys, UserSessionsRevokedV1 } from '@evently/contracts';
import { InjectConfig } from '@evently/common';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { UserServiceConfig } from '../config/user-service.config';
import { SessionRepository } from './session.repository';

type Reason = UserSessionsRevokedV1['reason'];

/**
 * Ends access tokens before they expire, on every service: each revocation is a user.sessions-revoked fact,
 * written in the transaction of the change that causes it. Every access token carries its user's token
 * version (`tv`) and its session (`sid`, the refresh-token family).
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly outbox: OutboxService,
    @InjectConfig() private readonly config: UserServiceConfig,
  ) {}

  /** Every access token of the user issued so far (role or password changed). */
  async revokeAll(manager: EntityManager, userId: string, reason: Reason): Promise<void> {
    const tokenVersion = await this.sessions.nextTokenVersion(manager, userId);
    await this.announce(manager, { userId, tokenVersion, sessionId: null, reason });
  }

  /** The access tokens of one session (a refresh-token family): logout, or a reused refresh token. */
  async revokeSession(
    manager: EntityManager,
    userId: string,
    sessionId: string,
    reason: Reason,
  ): Promise<void> {
    const tokenVersion = await this.sessions.tokenVersion(manager, userId);
    await this.announce(manager, { userId, tokenVersion, sessionId, reason });
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
