// The middle test tier: one service's modules (repositories, services, outbox relay, background loops) against
// the test stack's real PostgreSQL and RabbitMQ, in a database and on an exchange of their own, without
// Nginx, HTTP or the other services. Fast enough to run while developing:
//   npx jest --selectProjects medium   (with a test stack up)
import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppException } from '@evently/common';
import { DataSource } from 'typeorm';
import { MediumServiceName, serviceEnv, withEnv } from './stack';

export interface MediumService {
  get<T>(token: Type<T>): T;
  dataSource: DataSource;
  /** Runs SQL on the service's own database (as the service's role). */
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** Starts `rootModule` (a service's AppModule) on the medium database of `service`. */
export async function startMedium(
  rootModule: Type<unknown>,
  service: MediumServiceName,
  overrides: Record<string, string> = {},
): Promise<MediumService> {
  const env = serviceEnv(service, {
    // Facts go to an exchange of their own, bound to nothing: they stay in the outbox, where specs read them.
    MESSAGING_EXCHANGE: `${service}.events`,
    MESSAGING_DEAD_LETTER_EXCHANGE: `${service}.dlx`,
    MESSAGING_QUEUE: service,
    ...overrides,
  });
  const app: INestApplicationContext = await withEnv(env, async () => {
    const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
    return moduleRef.init();
  });
  const dataSource = app.get(DataSource);
  return {
    get: (token) => app.get(token),
    dataSource,
    query: <R>(sql: string, params: unknown[] = []) => dataSource.query<R[]>(sql, params),
    close: () => app.close(),
  };
}

/** The stable code a domain refusal carries, or 'OK' when the work succeeds (anything else is rethrown). */
export async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppException) return error.code;
    throw error;
  }
  return 'OK';
}

/**
 * Runs `task(0..count-1)` with at most `limit` calls in flight; results in call order. For races larger
 * than the pool (10 connections): still more transactions than connections, so they contend for the same
 * rows, but none waits for a connection behind hundreds of others past the pool's 5-s timeout on a busy
 * machine, which would test the machine's speed rather than the rule.
 */
export async function withAtMostInFlight<T>(
  limit: number,
  count: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
