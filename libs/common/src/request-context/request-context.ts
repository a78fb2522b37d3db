import type { FastifyReply, FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestContextData {
  requestId: string;
  /** The caller's address: the gateway's X-Forwarded-For (it sets it to the client's), else the peer's. */
  address?: string;
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
  address(): string | undefined {
    return storage.getStore()?.address;
  },
};

/** The caller's X-Request-Id when it is sane (the gateway always sends one), otherwise a fresh UUID. */
export function resolveRequestId(headerValue: string | string[] | undefined): string {
  const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return value && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Fastify `onRequest` hook, first of all: echoes the request id (Fastify's `genReqId` made it from the
 * caller's header) and runs the rest of the request inside its context.
 */
export function requestContextHook(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  void reply.header('X-Request-Id', request.id);
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  const address = (first && first.length <= 64 ? first : undefined) ?? request.ip;
  RequestContext.run({ requestId: request.id, address }, done);
}
