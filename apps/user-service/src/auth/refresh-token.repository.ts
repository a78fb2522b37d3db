import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

/** The only reader and writer of `refresh_tokens` (stored as hashes; a family is one sign-in's chain). */
@Injectable()
export class RefreshTokenRepository {
  async insert(manager: EntityManager, token: Omit<RefreshTokenEntity, 'createdAt'>): Promise<void> {
    await manager.insert(RefreshTokenEntity, token);
  }

  /** The token with this hash, row-locked for the rest of the transaction (two uses cannot both pass). */
  lockByHash(manager: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return manager
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :tokenHash', { tokenHash })
      .getOne();
  }

  findOwned(manager: EntityManager, tokenHash: string, userId: string): Promise<RefreshTokenEntity | null> {
    return manager.findOneBy(RefreshTokenEntity, { tokenHash, userId });
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { id }, { usedAt: new Date() });
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = clock_timestamp() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  async revokeAllOf(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = clock_timestamp() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }
}
