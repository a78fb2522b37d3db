import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AuthUser } from './auth-user';

/** How many distinct tokens one process remembers (least recently used ones are forgotten first). */
const REMEMBERED_TOKENS = 10_000;

/**
 * Access tokens this process has verified, each until it expires: a token seen again (every request of a
 * signed-in person carries the same one) skips the RS256 signature check, most of the cost of an
 * authenticated request. Verification is a pure function of the token and the public key, which is read
 * once at start, so a remembered answer is the answer verifying again would give until `exp`. Only
 * accepted tokens are remembered, keyed by the whole token: a token altered in any byte is checked afresh.
 */
@Injectable()
export class VerifiedTokens {
  private readonly tokens = new LRUCache<string, AuthUser>({ max: REMEMBERED_TOKENS });

  /** The caller a token was verified for, if it was and has not expired since. */
  userOf(token: string): AuthUser | undefined {
    return this.tokens.get(token);
  }

  /** Remembers an accepted token until its `exp` (seconds since the epoch); one without `exp` is not kept. */
  remember(token: string, user: AuthUser, exp: number | undefined): void {
    const ttl = typeof exp === 'number' ? exp * 1000 - Date.now() : 0;
    // Frozen: every request with this token gets the same object as its caller.
    if (ttl > 0) this.tokens.set(token, Object.freeze({ ...user }), { ttl });
  }
}
