import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestContextData {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/** Per-request context (request id) carried across awaits; used for log lines and message correlation ids. */
export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
};

/** The caller's X-Request-Id when it is sane (the gateway always sends one), otherwise a fresh UUID. */
export function resolveRequestId(headerValue: string | string[] | undefined): string {
  const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return value && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function requestIdOf(req: IncomingMessage): string | undefined {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Express middleware: fixes the request id (the gateway's, or a new one), echoes it in the response
 * and runs the rest of the request inside its context.
 */
export function requestContextMiddleware(
  req: IncomingMessage,
  res: { setHeader(name: string, value: string): unknown },
  next: () => void,
): void {
  const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
  (req as IncomingMessage & { id?: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  RequestContext.run({ requestId }, next);
}
