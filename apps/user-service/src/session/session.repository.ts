import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The users' token versions (a column of users, which user-service owns). */
@Injectable()
export class SessionRepository {
  async tokenVersion(manager: EntityManager, userId: string): Promise<number> {
    const [row] = await manager.query<{ token_version: number }[]>(
      `SELECT token_version FROM users WHERE id = $1`,
      [userId],
    );
    return row?.token_version ?? 0;
  }

  /** Raises the user's token version and returns the new one: tokens below it are revoked. */
  async nextTokenVersion(manager: EntityManager, userId: string): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = await manager.query<[{ token_version: number }[], number]>(
      `UPDATE users SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version`,
      [userId],
    );
    if (!row) throw new Error(`No user ${userId} to revoke the tokens of`);
    return row.token_version;
  }
}
