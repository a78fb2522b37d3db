import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth-user';

/** One revocation as the table keeps it (filled by user.sessions-revoked). */
export interface Revocation {
  userId: string;
  tokenVersion: number;
  sessionId: string | null;
  expiresAt: Date;
}

/**
 * The revocations this process knows, in memory, so that the guard decides without a database read: a
 * token is revoked when its version is below its user's latest revoked version, or its session was revoked.
 * Only revocations younger than an access token's lifetime are kept (older tokens have expired anyway).
 * Replaced whole from the service's table every round of RevokedSessionsLoop, and at start.
 */
@Injectable()
export class RevokedSessions {
  private versions = new Map<string, number>();
  private sessions = new Set<string>();

  isRevoked(user: AuthUser): boolean {
    if (user.sessionId !== null && this.sessions.has(user.sessionId)) return true;
    const version = this.versions.get(user.id);
    return version !== undefined && user.tokenVersion < version;
  }

  /** Takes the live revocations (those not yet expired) as the whole truth. */
  replace(revocations: readonly Revocation[], now = new Date()): void {
    const versions = new Map<string, number>();
    const sessions = new Set<string>();
    for (const revocation of revocations) {
      if (revocation.expiresAt <= now) continue;
      versions.set(
        revocation.userId,
        Math.max(versions.get(revocation.userId) ?? 0, revocation.tokenVersion),
      );
      if (revocation.sessionId !== null) sessions.add(revocation.sessionId);
    }
    this.versions = versions;
    this.sessions = sessions;
  }

  get size(): number {
    return this.versions.size + this.sessions.size;
  }
}
