import { ACCESS_TOKEN_ALGORITHM } from '@evently/auth';
import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EntityManager } from 'typeorm';
import { UserServiceConfig } from '../config/user-service.config';
import { UserEntity } from '../user/user.entity';
import { UserErrorCode, UserException } from '../user/user.exception';
import { SessionService } from '../session/session.service';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Signs access tokens (RS256, the only private key in Evently) and keeps opaque refresh tokens, hashed. */
@Injectable()
export class TokenService {
  private readonly privateKey: string;

  constructor(
    @InjectConfig() private readonly config: UserServiceConfig,
    private readonly sessions: SessionService,
  ) {
    this.privateKey = readFileSync(config.JWT_PRIVATE_KEY_FILE, 'utf8');
  }

  /** A new access token and a refresh token of `familyId` (a new family at login). */
  async issuePair(
    manager: EntityManager,
    user: UserEntity,
    familyId: string = randomUUID(),
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.insert(RefreshTokenEntity, {
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      usedAt: null,
      revokedAt: null,
    });
    const claims = { email: user.email, role: user.role, tv: user.tokenVersion, sid: familyId };
    const accessToken = jwt.sign(claims, this.privateKey, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      subject: user.id,
      issuer: this.config.JWT_ISSUER,
      audience: this.config.JWT_AUDIENCE,
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  /**
   * Spends a refresh token (row-locked, so two concurrent uses cannot both succeed) and returns its row.
   * A token already spent or revoked is a reuse: its whole family is revoked.
   */
  async spend(manager: EntityManager, refreshToken: string): Promise<RefreshTokenEntity> {
    const token = await manager
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :hash', { hash: hashToken(refreshToken) })
      .getOne();
    if (!token) throw new UserException(UserErrorCode.InvalidRefreshToken, 'Unknown refresh token');
    if (token.usedAt || token.revokedAt) {
      await this.revokeFamily(manager, token.userId, token.familyId, 'refresh-token-reused');
      throw new UserException(
        UserErrorCode.RefreshTokenReused,
        'This refresh token was already used; its sessions are revoked',
      );
    }
    if (token.expiresAt.getTime() <= Date.now()) {
      throw new UserException(UserErrorCode.InvalidRefreshToken, 'The refresh token has expired');
    }
    await manager.update(RefreshTokenEntity, { id: token.id }, { usedAt: new Date() });
    return token;
  }

  /** Logout: revokes the family of a token the caller owns (unknown or foreign tokens change nothing). */
  async revokeFamilyOf(manager: EntityManager, refreshToken: string, userId: string): Promise<void> {
    const token = await manager.findOneBy(RefreshTokenEntity, { tokenHash: hashToken(refreshToken), userId });
    if (token) await this.revokeFamily(manager, userId, token.familyId, 'logout');
  }

  /** The family's refresh tokens, and the access tokens issued with them (their `sid`). */
  private async revokeFamily(
    manager: EntityManager,
    userId: string,
    familyId: string,
    reason: 'logout' | 'refresh-token-reused',
  ): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = clock_timestamp() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
    await this.sessions.revokeSession(manager, userId, familyId, reason);
  }
}
