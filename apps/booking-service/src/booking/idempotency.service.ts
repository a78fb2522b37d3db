import { InjectConfig } from '@evently/common';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { BookingErrorCode, BookingException } from './booking.exception';

const PURGE_INTERVAL_MS = 10 * 60_000;

/** A response as it was sent, replayed byte for byte for a repeated Idempotency-Key. */
export interface RecordedResponse {
  status: number;
  body: string;
}

export interface IdempotencyClaim {
  userId: string;
  key: string;
}

/** Same request, same hash: key order does not matter. */
export function requestHash(request: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest('hex');
}

/**
 * Idempotency-Key records, scoped to the user. A key is claimed (committed `in_flight`) before the work
 * runs, so a concurrent duplicate sees it at once; the response is recorded in the work's own transaction,
 * so a booking and its recorded response commit together or not at all.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {}

  onModuleInit(): void {
    // Expired records are taken over on reuse anyway; this only keeps the table small.
    this.purgeTimer = setInterval(() => {
      this.purgeExpired().catch((err: unknown) =>
        this.logger.warn({ err }, 'Purging idempotency keys failed'),
      );
    }, PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /** The recorded response of an earlier identical request, or a claim on the key for this one. */
  async claim(
    userId: string,
    key: string,
    hash: string,
  ): Promise<{ replay: RecordedResponse } | { claim: IdempotencyClaim }> {
    const taken = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, 'in_flight', clock_timestamp() + make_interval(hours => $4))
       ON CONFLICT (user_id, key) DO UPDATE SET
         request_hash = EXCLUDED.request_hash, state = 'in_flight', response_status = NULL, response_body = NULL,
         locked_at = clock_timestamp(), expires_at = EXCLUDED.expires_at
       -- Take over an expired record, or one left in flight by a request that died.
       WHERE idempotency_keys.expires_at < clock_timestamp()
          OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.request_hash = EXCLUDED.request_hash
              AND idempotency_keys.locked_at < clock_timestamp() - make_interval(secs => $5))
       RETURNING key`,
      [userId, key, hash, this.config.IDEMPOTENCY_TTL_HOURS, this.config.IDEMPOTENCY_LEASE_SECONDS],
    );
    if (taken.length > 0) return { claim: { userId, key } };

    const [existing] = await this.dataSource.query<
      { request_hash: string; state: string; response_status: number | null; response_body: string | null }[]
    >(
      `SELECT request_hash, state, response_status, response_body FROM idempotency_keys
       WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    // Deleted meanwhile (the other request failed unexpectedly): the client may simply retry.
    if (!existing || existing.request_hash !== hash) {
      if (!existing) return this.claim(userId, key, hash);
      throw new BookingException(
        BookingErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used for a different request',
      );
    }
    if (
      existing.state === 'in_flight' ||
      existing.response_status === null ||
      existing.response_body === null
    ) {
      throw new BookingException(
        BookingErrorCode.IdempotencyInProgress,
        'A request with this Idempotency-Key is still being processed',
      );
    }
    return { replay: { status: existing.response_status, body: existing.response_body } };
  }

  /** Records the response; pass the work's transaction so that both commit together. */
  async complete(
    claim: IdempotencyClaim,
    response: RecordedResponse,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4
       WHERE user_id = $1 AND key = $2`,
      [claim.userId, claim.key, response.status, response.body],
    );
  }

  /** Forgets the claim after an unexpected failure, so that a retry runs the request again. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`,
      [claim.userId, claim.key],
    );
  }

  /** Drops records past their time; run now and then. */
  async purgeExpired(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM idempotency_keys WHERE expires_at < clock_timestamp()`,
    );
    return count;
  }
}
