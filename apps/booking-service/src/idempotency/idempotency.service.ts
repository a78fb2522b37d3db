import {
  AppException,
  BackgroundLoop,
  InjectConfig,
  MetricsService,
  ValidationFailedException,
} from '@evently/common';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
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
 * Runs work at most once per (user, Idempotency-Key): the key is claimed (committed `in_flight`) before the
 * work, so a concurrent duplicate sees it at once; the response is recorded in the work's own transaction,
 * so the work and its recorded response commit together or not at all. Refusals (4xx) are recorded too, so a
 * retry sees the same answer; an unexpected failure releases the key so that a retry runs again (later, if
 * the database is away just then). The claims of an instance that died are taken over by a retry at once.
 * A use-case drives it step by step through an IdempotentCall (see PlaceBooking).
 */
@Injectable()
export class IdempotencyService extends BackgroundLoop {
  constructor(
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

  /**
   * Starts a request under `idempotent` (none: nothing to record): the recorded response of an identical
   * finished request to replay, or the call through which the work holds the key and records its answer.
   */
  async begin(idempotent: IdempotentRequest | undefined): Promise<IdempotentCall> {
    if (!idempotent) return new IdempotentCall(undefined, this);
    const { userId, key } = idempotent;
    const token = randomUUID();
    const replay = await this.claimOrReplay(userId, key, requestHash(idempotent.request), token);
    return new IdempotentCall({ userId, key, token }, this, replay);
  }

  /** In the work's transaction, first: the key is still this request's, and stays so until it commits. */
  async hold(manager: EntityManager, ticket: KeyTicket): Promise<void> {
    if (!(await this.keys.hold(manager, ticket.userId, ticket.key, ticket.token))) throw takenOver();
  }

  /** Records the response (in the work's transaction, or alone for a refusal). */
  complete(ticket: KeyTicket, response: RecordedResponse, manager?: EntityManager): Promise<void> {
    return this.keys.complete(ticket.userId, ticket.key, ticket.token, response, manager);
  }

  /** Gives the key back now, or as soon as the database answers again (after what was queued before). */
  release(ticket: KeyTicket): Promise<void> {
    const { userId, key, token } = ticket;
    return this.undo.now('Idempotency-Key released', () => this.keys.release(userId, key, token));
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

/** The key of a request that claimed it: only this request (its token) may record the answer or release it. */
export interface KeyTicket {
  userId: string;
  key: string;
  token: string;
}

/**
 * One request's use of its key (or of none), step by step: `replay` if an identical request finished before;
 * else `hold` then `record` in the work's transaction, and `settle` when the work failed.
 */
export class IdempotentCall {
  constructor(
    private readonly ticket: KeyTicket | undefined,
    private readonly service: IdempotencyService,
    readonly replay?: RecordedResponse,
  ) {}

  async hold(manager: EntityManager): Promise<void> {
    if (this.ticket) await this.service.hold(manager, this.ticket);
  }

  /** The response, recorded with the work (same transaction): they commit together or not at all. */
  async record(manager: EntityManager, response: RecordedResponse): Promise<RecordedResponse> {
    if (this.ticket) await this.service.complete(this.ticket, response, manager);
    return response;
  }

  /**
   * The work failed: a refusal (4xx) is recorded and answered, so a retry sees the same answer; anything else
   * gives the key back (a retry runs again) and is rethrown. Without a key, every failure is rethrown.
   */
  async settle(error: unknown, render: ResponseRenderer<unknown>): Promise<RecordedResponse> {
    const ticket = this.ticket;
    if (!ticket) throw error;
    if (!isRefusal(error)) {
      await this.service.release(ticket);
      throw error;
    }
    const response = render.refused(error);
    try {
      await this.service.complete(ticket, response);
    } catch (failure) {
      await this.service.release(ticket);
      throw failure;
    }
    return response;
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
