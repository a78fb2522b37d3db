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
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionService } from './session.service';

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
    private readonly refreshTokens: RefreshTokenRepository,
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
    await this.refreshTokens.insert(manager, {
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
    const token = await this.refreshTokens.lockByHash(manager, hashToken(refreshToken));
    if (!token) throw new UserException(UserErrorCode.InvalidRefreshToken, 'Unknown refresh token');
    if (token.usedAt || token.revokedAt) {
      await this.sessions.endSession(manager, token.userId, token.familyId, 'refresh-token-reused');
      throw new UserException(
        UserErrorCode.RefreshTokenReused,
        'This refresh token was already used; its sessions are revoked',
      );
    }
    if (token.expiresAt.getTime() <= Date.now()) {
      throw new UserException(UserErrorCode.InvalidRefreshToken, 'The refresh token has expired');
    }
    await this.refreshTokens.markUsed(manager, token.id);
    return token;
  }

  /** Logout: ends the session of a token the caller owns (unknown or foreign tokens change nothing). */
  async revokeFamilyOf(manager: EntityManager, refreshToken: string, userId: string): Promise<void> {
    const token = await this.refreshTokens.findOwned(manager, hashToken(refreshToken), userId);
    if (token) await this.sessions.endSession(manager, userId, token.familyId, 'logout');
  }
}
