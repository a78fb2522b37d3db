// The fuzz run's settings (FUZZ_SEED, FUZZ_REQUESTS, FUZZ_TIME_LIMIT_MS), its id, and the shapes of a case.
import { Caller } from '../../support/evently-api';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
/** Requests in all, spread evenly over the operations. */
export const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2100);
export const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 150_000);
/** Every request carries it as X-Request-Id, so the facts it caused can be found by correlation id. */
export const RUN_ID = `fuzz-${SEED}-${Date.now()}`;

export interface Fixtures {
  callers: Record<'customer' | 'organizer' | 'admin' | 'registered', Caller>;
  ids: { event: string[]; booking: string[]; user: string[]; notification: string[] };
  seats: string[];
  refreshToken: string;
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}
