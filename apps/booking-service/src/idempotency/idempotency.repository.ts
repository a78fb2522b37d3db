import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A response as it was sent (its JSON body), replayed as it was for a repeated Idempotency-Key. */
export interface RecordedResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  requestHash: string;
  /** Set once the request finished; absent while it is in flight. */
  response?: RecordedResponse;
}

/** The only reader and writer of `idempotency_keys`, scoped to the user. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key (committed `in_flight`, with this claim's token and instance): a new one, an expired one,
   * or one left in flight by a request that died (the same request, past the lease, or claimed by an instance
   * whose heartbeat stopped). Returns whether this caller holds it now.
   *
   * A take-over waits for the row lock that the original's transaction holds (`hold`) and then finds the key
   * done, so it never runs beside a transaction that may still commit; an original that had not yet begun
   * its transaction finds its token gone and gives up.
   */
  async claim(claim: {
    userId: string;
    key: string;
    hash: string;
    token: string;
    instanceId: string;
    ttlHours: number;
    leaseSeconds: number;
    goneSeconds: number;
  }): Promise<boolean> {
    const taken = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at, claim_token, claimed_by)
       VALUES ($1, $2, $3, 'in_flight', clock_timestamp() + make_interval(hours => $4), $6, $7)
       ON CONFLICT (user_id, key) DO UPDATE SET
         request_hash = EXCLUDED.request_hash, state = 'in_flight', response_status = NULL, response_body = NULL,
         locked_at = clock_timestamp(), expires_at = EXCLUDED.expires_at,
         claim_token = EXCLUDED.claim_token, claimed_by = EXCLUDED.claimed_by
       WHERE idempotency_keys.expires_at < clock_timestamp()
          OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.request_hash = EXCLUDED.request_hash
              AND (idempotency_keys.locked_at < clock_timestamp() - make_interval(secs => $5)
                   OR booking_instance_gone(idempotency_keys.claimed_by, $8)))
       RETURNING key`,
      [
        claim.userId,
        claim.key,
        claim.hash,
        claim.ttlHours,
        claim.leaseSeconds,
        claim.token,
        claim.instanceId,
        claim.goneSeconds,
      ],
    );
    return taken.length > 0;
  }

  /**
   * In the work's transaction, first: locks the key's row if this claim still holds it. False when a retry
   * took it over meanwhile (the work must not run); while true, no take-over can happen until the
   * transaction ends.
   */
  async hold(manager: EntityManager, userId: string, key: string, token: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM idempotency_keys
       WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND state = 'in_flight' FOR UPDATE`,
      [userId, key, token],
    );
    return rows.length > 0;
  }

  async find(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const [row] = await this.dataSource.query<
      { request_hash: string; state: string; response_status: number | null; response_body: string | null }[]
    >(
      `SELECT request_hash, state, response_status, response_body FROM idempotency_keys
       WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!row) return undefined;
    const done = row.state === 'done' && row.response_status !== null && row.response_body !== null;
    return {
      requestHash: row.request_hash,
      response: done
        ? { status: row.response_status!, body: JSON.parse(row.response_body!) as unknown }
        : undefined,
    };
  }

  /**
   * Records the response of this claim; in the work's own transaction when given, so that both commit
   * together. A claim taken over meanwhile records nothing.
   */
  async complete(
    userId: string,
    key: string,
    token: string,
    response: RecordedResponse,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5
       WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND state = 'in_flight'`,
      [userId, key, token, response.status, JSON.stringify(response.body)],
    );
  }

  /** Gives up this claim (its request failed before an outcome was written), so a retry runs at once. */
  async release(userId: string, key: string, token: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND claim_token = $3 AND state = 'in_flight'`,
      [userId, key, token],
    );
  }

  async purgeExpired(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM idempotency_keys WHERE expires_at < clock_timestamp()`,
    );
    return count;
  }
}
