import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Whether an If-Match or If-None-Match value names `etag`: `*`, or a list holding it. Tags are compared
 * weakly (by value, with or without `W/`), because Nginx turns a strong ETag into a weak one when it
 * gzips the response.
 */
export function etagListNames(header: string, etag: string): boolean {
  const value = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === value);
}

/**
 * Fastify `onSend` hook: a GET or HEAD whose If-None-Match names the ETag its handler set (an event's
 * version) is answered 304 with no body (RFC 9110 13.1.2). Only responses that carry an ETag of their own
 * are compared; no body is hashed to make one.
 */
export function conditionalGetHook(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  const etag = reply.getHeader('etag');
  const ifNoneMatch = request.headers['if-none-match'];
  const notModified =
    (request.method === 'GET' || request.method === 'HEAD') &&
    reply.statusCode >= 200 &&
    reply.statusCode < 300 &&
    typeof etag === 'string' &&
    typeof ifNoneMatch === 'string' &&
    etagListNames(ifNoneMatch, etag);
  if (!notModified) return done(null, payload);
  void reply.code(304);
  done(null, '');
}
