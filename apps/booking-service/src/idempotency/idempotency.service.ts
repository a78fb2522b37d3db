import {
  AppException,
  BackgroundLoop,
  InjectConfig,
  MetricsService,
  ValidationFailedException,
} from '@evently/common';
import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { BookingErrorCode, BookingException } from '../errors';
import { InstanceHeartbeat } from '../instance/instance-heartbeat';
import { IdempotencyRepository, RecordedResponse } from './idempotency.repository';
import { UndoWhenBack } from './undo-when-back';

export type { RecordedResponse } from './idempotency.repository';

const PURGE_INTERVAL_MS = 10 * 60_000;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header of a request, checked (1 to 255 visible ASCII characters), or undefined. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header)) {
    throw new ValidationFailedException({ 'Idempotency-Key': ['1 to 255 visible ASCII characters'] });
  }
  return header;
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

/** A request under an Idempotency-Key: whose, which key, and what it asked (hashed). */
export interface IdempotentRequest {
  userId: string;
  key: string;
  request: unknown;
}

/** How the caller turns the work's result, or its refusal, into the response to record and send. */
export interface ResponseRenderer<T> {
  done(result: T): RecordedResponse;
  refused(error: AppException): RecordedResponse;
}

/**
 * A step before the transaction (after the key is ours, so a replay takes nothing) and its undoing when the
 * transaction fails: a booking's general-admission places are claimed outside its transaction.
 */
export interface PreparedStages<P> {
  prepare(): Promise<P>;
  abandon(prepared: P): Promise<void>;
}

/**
 * Runs work at most once per (user, Idempotency-Key): the key is claimed (committed `in_flight`) before the
 * work, so a concurrent duplicate sees it at once; the response is recorded in the work's own transaction,
 * so the work and its recorded response commit together or not at all. Refusals (4xx) are recorded too, so a
 * retry sees the same answer; an unexpected failure releases the key so that a retry runs again (later, if
 * the database is away just then). The claims of an instance that died are taken over by a retry at once.
 */
@Injectable()
export class IdempotencyService extends BackgroundLoop {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: IdempotencyRepository,
    private readonly heartbeat: InstanceHeartbeat,
    private readonly undo: UndoWhenBack,
    @InjectConfig() private readonly config: BookingServiceConfig,
    metrics: MetricsService,
  ) {
    super({ name: 'idempotency-purge', intervalMs: PURGE_INTERVAL_MS, registry: metrics.registry });
  }

  /** The background loop: expired records are taken over on reuse anyway; this only keeps the table small. */
  protected async round(): Promise<void> {
    await this.keys.purgeExpired();
  }

  /** Runs `work` in a transaction, or replays what an identical earlier request under the key got. */
  async run<T, P = undefined>(
    idempotent: IdempotentRequest | undefined,
    work: (manager: EntityManager, prepared: P) => Promise<T>,
    render: ResponseRenderer<T>,
    stages?: PreparedStages<P>,
  ): Promise<RecordedResponse> {
    // Without a key there is nothing to record: a refusal propagates to the global error filter.
    if (!idempotent) {
      const prepared = (await stages?.prepare()) as P;
      return render.done(await this.inTransaction(work, prepared, stages));
    }
    const { userId, key } = idempotent;
    const token = randomUUID();
    const replay = await this.claimOrReplay(userId, key, requestHash(idempotent.request), token);
    if (replay) return replay;
    try {
      const prepared = (await stages?.prepare()) as P;
      return await this.inTransaction(
        async (manager) => {
          if (!(await this.keys.hold(manager, userId, key, token))) throw takenOver();
          const response = render.done(await work(manager, prepared));
          await this.keys.complete(userId, key, token, response, manager);
          return response;
        },
        prepared,
        stages,
      );
    } catch (error) {
      if (!isRefusal(error)) {
        await this.release(userId, key, token);
        throw error;
      }
      const response = render.refused(error);
      try {
        await this.keys.complete(userId, key, token, response);
      } catch (failure) {
        await this.release(userId, key, token);
        throw failure;
      }
      return response;
    }
  }

  /** Gives the key back now, or as soon as the database answers again (after what was queued before). */
  private release(userId: string, key: string, token: string): Promise<void> {
    return this.undo.now('Idempotency-Key released', () => this.keys.release(userId, key, token));
  }

  /** `work` in a transaction; when it fails, what `prepare` took is given back (`abandon`). */
  private async inTransaction<T, P>(
    work: (manager: EntityManager, prepared: P) => Promise<T>,
    prepared: P,
    stages: PreparedStages<P> | undefined,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction((manager) => work(manager, prepared));
    } catch (error) {
      // What was prepared goes back; if that fails too (the database is away), as soon as it answers again.
      // The transaction's error is still the one to report.
      if (stages) await this.undo.now('claimed places given back', () => stages.abandon(prepared));
      throw error;
    }
  }

  /** Undefined once the key is ours; the recorded response of an identical finished request otherwise. */
  private async claimOrReplay(
    userId: string,
    key: string,
    hash: string,
    token: string,
  ): Promise<RecordedResponse | undefined> {
    const claim = {
      userId,
      key,
      hash,
      token,
      instanceId: this.heartbeat.instanceId,
      ttlHours: this.config.IDEMPOTENCY_TTL_HOURS,
      leaseSeconds: this.config.IDEMPOTENCY_LEASE_SECONDS,
      goneSeconds: this.heartbeat.goneSeconds,
    };
    for (;;) {
      if (await this.keys.claim(claim)) return undefined;
      const existing = await this.keys.find(userId, key);
      // Deleted meanwhile (the other request failed unexpectedly): claim again.
      if (!existing) continue;
      if (existing.requestHash !== hash) {
        throw new BookingException(
          BookingErrorCode.IdempotencyKeyReused,
          'This Idempotency-Key was used for a different request',
        );
      }
      if (!existing.response) {
        throw new BookingException(
          BookingErrorCode.IdempotencyInProgress,
          'A request with this Idempotency-Key is still being processed',
        );
      }
      return existing.response;
    }
  }
}

const isRefusal = (error: unknown): error is AppException =>
  error instanceof AppException && Number(error.status) < 500;

/** This request's claim was taken over by a retry (its instance looked dead): the retry does the work. */
const takenOver = () =>
  new BookingException(
    BookingErrorCode.IdempotencyInProgress,
    'A retry with this Idempotency-Key took the request over',
  );
