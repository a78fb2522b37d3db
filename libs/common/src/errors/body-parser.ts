import { json } from 'body-parser';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';
import { assertSafeInput } from '../validation/input-guard';
import { AppException } from './app.exception';
import { CommonErrorCode, errorCodeForStatus } from './error-code';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
}

/**
 * Reads JSON bodies with the size cap (body-parser's reader: gzip/deflate/br bodies, charsets, declared
 * lengths) and refuses input no service could store (NUL, unpaired surrogates, nesting) before a validator
 * sees it. Any other media type is left unread, so the validator reports the missing body. What is refused
 * here is an AppException, which the global filter renders like any other.
 */
export function installJsonBodyParser(fastify: FastifyInstance, limit: string): void {
  // The bytes as they came are kept beside the parsed body: a signed webhook is verified over them.
  const readJson = json({
    limit,
    verify: (req: IncomingMessage & { rawBody?: Buffer }, _res, buf) => {
      req.rawBody = buf;
    },
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request, _payload, done) => {
    const raw = request.raw as IncomingMessage & { body?: unknown };
    // body-parser's middleware reads the raw request; it never touches the response.
    readJson(raw, undefined as never, (error?: unknown) => {
      if (!error) return done(null, raw.body);
      // Fastify closes the connection after refusing a body. One refused before it was read (an unknown
      // Content-Encoding, a declared length over the cap) is read to its end and dropped first: closing
      // with it unread would reset the connection under the gateway, which then answers 502 instead.
      if (raw.complete) return done(bodyError(error));
      finished(raw, () => done(bodyError(error)));
      raw.resume();
    });
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      assertSafeInput(request.body, 'body');
      assertSafeInput(request.query, 'query');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

/** The JSON body of a request exactly as it was received (for signature checks), or undefined. */
export const rawBodyOf = (request: { raw: IncomingMessage }): Buffer | undefined =>
  (request.raw as IncomingMessage & { rawBody?: Buffer }).rawBody;

/** What the body reader raised, as the api-v1 error it stands for; anything unrecognised stays a 500. */
function bodyError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const parserError = err as BodyParserError;
  const status = parserError.status ?? parserError.statusCode;
  if (typeof parserError.type !== 'string' && typeof status !== 'number') return err;
  switch (parserError.type) {
    case 'entity.parse.failed':
      return new AppException(400, CommonErrorCode.MalformedJson, 'Request body is not valid JSON');
    case 'entity.too.large':
      return new AppException(413, CommonErrorCode.PayloadTooLarge, 'Request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppException(415, CommonErrorCode.UnsupportedMediaType, 'Unsupported body encoding');
  }
  if (typeof status === 'number' && status >= 500) return err;
  // Anything else the reader raises with a client status (a gzip header on a plain body, an aborted or
  // truncated upload, a length mismatch) keeps that status; none of them is the server's fault.
  const clientStatus = typeof status === 'number' && status >= 400 ? status : 400;
  return new AppException(clientStatus, errorCodeForStatus(clientStatus), 'Request body could not be read');
}
