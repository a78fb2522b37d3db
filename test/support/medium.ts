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
