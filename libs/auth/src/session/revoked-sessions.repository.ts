import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Revocation } from './revoked-sessions';

interface RevocationRow {
  user_id: string;
  token_version: number;
  session_id: string | null;
  expires_at: Date;
}

/** The session_id of a revocation of every session below a version (a key column cannot be null). */
const EVERY_SESSION = '00000000-0000-0000-0000-000000000000';

/**
 * The service's replica of revoked sessions, filled by user.sessions-revoked (RevokedSessionsHandler); one
 * row per user (the highest version) and one per revoked session, each until the tokens it covers expire.
 */
@Injectable()
export class RevokedSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, revocation: Revocation): Promise<void> {
    await manager.query(
      `INSERT INTO revoked_sessions (user_id, session_id, token_version, expires_at)
       VALUES ($1, coalesce($2, $5::uuid), $3, $4)
       ON CONFLICT (user_id, session_id) DO UPDATE
         SET token_version = greatest(revoked_sessions.token_version, excluded.token_version),
             expires_at = greatest(revoked_sessions.expires_at, excluded.expires_at)`,
      [revocation.userId, revocation.sessionId, revocation.tokenVersion, revocation.expiresAt, EVERY_SESSION],
    );
  }

  /** Every revocation whose tokens may still be alive. */
  async live(): Promise<Revocation[]> {
    const rows = await this.dataSource.query<RevocationRow[]>(
      `SELECT user_id, token_version, nullif(session_id, $1::uuid) AS session_id, expires_at
         FROM revoked_sessions WHERE expires_at > now()`,
      [EVERY_SESSION],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      tokenVersion: row.token_version,
      sessionId: row.session_id,
      expiresAt: row.expires_at,
    }));
  }

  /** Forgets revocations whose tokens have all expired. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM revoked_sessions WHERE expires_at <= now() - interval '1 minute'`,
    );
  }
}
