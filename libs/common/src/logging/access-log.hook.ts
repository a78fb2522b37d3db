import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { pathOf } from '../http/path-of';

/** Probed every few seconds by the stack and by Prometheus: not worth a line each. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** Addresses that are secrets (a calendar feed's, an RSVP link's token): never written to a log. */
const SECRET_SEGMENTS = /(\/calendar\/)[^/?]+(\.ics)|(\/rsvp\/)[^/?]+/g;

export const redactedUrl = (url: string): string =>
  url.replace(SECRET_SEGMENTS, (_all, calendar?: string, ics?: string, rsvp?: string) =>
    calendar ? `${calendar}[secret]${ics}` : `${rsvp}[secret]`,
  );

/**
 * Fastify `onResponse` hook: one line per request, with its id, method, URL, status and time; `warn` for a
 * 4xx, `error` for a 5xx (whose cause the error filter has logged already).
 */
export function accessLogHook(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const { url } = request;
  if (!QUIET_PATHS.has(pathOf(url))) {
    const status = reply.statusCode;
    PinoLogger.root[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'](
      {
        requestId: request.id,
        method: request.method,
        url: redactedUrl(url),
        statusCode: status,
        responseTime: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  }
  done();
}
