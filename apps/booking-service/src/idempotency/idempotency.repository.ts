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
   * Claims the key (committed `in_flight`): a new one, an expired one, or one left in flight by a request
   * that died (same request, past the lease). Returns whether this caller holds it now.
   */
  async claim(
    userId: string,
    key: string,
    hash: string,
    ttlHours: number,
    leaseSeconds: number,
  ): Promise<boolean> {
    const taken = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, 'in_flight', clock_timestamp() + make_interval(hours => $4))
       ON CONFLICT (user_id, key) DO UPDATE SET
         request_hash = EXCLUDED.request_hash, state = 'in_flight', response_status = NULL, response_body = NULL,
         locked_at = clock_timestamp(), expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at < clock_timestamp()
          OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.request_hash = EXCLUDED.request_hash
              AND idempotency_keys.locked_at < clock_timestamp() - make_interval(secs => $5))
       RETURNING key`,
      [userId, key, hash, ttlHours, leaseSeconds],
    );
    return taken.length > 0;
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

  /** Records the response; in the work's own transaction when given, so that both commit together. */
  async complete(
    userId: string,
    key: string,
    response: RecordedResponse,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4
       WHERE user_id = $1 AND key = $2`,
      [userId, key, response.status, JSON.stringify(response.body)],
    );
  }

  async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`,
      [userId, key],
    );
  }

  async purgeExpired(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM idempotency_keys WHERE expires_at < clock_timestamp()`,
    );
    return count;
  }
}
