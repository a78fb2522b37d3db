import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from '../http/path-of';
import { AppException } from './app.exception';
import { ErrorBody, errorBodyOf } from './error-body';
import { CommonErrorCode, errorCodeForStatus } from './error-code';
import { isConnectionLost, isOverloadError, OVERLOAD_RETRY_AFTER_SECONDS } from './overload';

/** Marks the one replay of a read (see replayRead): a replay that fails too is answered, not replayed. */
const REPLAY_HEADER = 'x-evently-read-replay';
/** A pause before the replay: the pool drops the broken connection meanwhile and connects afresh. */
const REPLAY_DELAY_MS = 100;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Renders every error thrown while handling an HTTP request as the api-v1 error shape; never leaks a stack. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const response = ctx.getResponse<FastifyReply>();
    if (isReplayable(exception, request, response)) {
      void this.replayRead(request, response).catch((error: unknown) =>
        this.answer(error, request, response),
      );
      return;
    }
    this.answer(exception, request, response);
  }

  /**
   * A read whose database connection was lost (a backend killed, PostgreSQL restarted) runs once more, on a
   * fresh connection: it changed nothing, so running it again is safe. It goes through the whole app again
   * (Fastify's inject: guards, pipes, handler), and its answer, whatever it is, is this request's answer.
   * Only the failure costs anything: an interceptor doing this would slow every request.
   */
  private async replayRead(request: FastifyRequest, response: FastifyReply): Promise<void> {
    this.logger.warn(
      { requestId: request.id, url: request.url },
      'Database connection lost in a read; replaying it',
    );
    await new Promise((resolve) => setTimeout(resolve, REPLAY_DELAY_MS));
    const replay = await request.server.inject({
      method: request.method as 'GET' | 'HEAD',
      url: request.url,
      headers: { ...request.headers, [REPLAY_HEADER]: '1' },
    });
    if (response.sent) return;
    for (const [name, value] of Object.entries(replay.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) void response.header(name, value);
    }
    void response.status(replay.statusCode).send(replay.rawPayload);
  }

  private answer(exception: unknown, request: FastifyRequest, response: FastifyReply): void {
    const body = this.toBody(exception, request);
    body.requestId = request.id;

    if (body.statusCode === 503) {
      this.logger.warn(
        { err: exception, requestId: body.requestId, method: request.method, url: request.url },
        'Overloaded while serving request',
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: body.requestId, method: request.method, url: request.url },
        'Unhandled error while serving request',
      );
    }
    if (response.sent) return;
    if (exception instanceof HttpException && body.statusCode === 429) {
      const retryAfter = (exception.getResponse() as { retryAfter?: number }).retryAfter;
      if (retryAfter) void response.header('Retry-After', String(retryAfter));
    }
    if (body.statusCode === 503 && !response.getHeader('Retry-After')) {
      void response.header('Retry-After', String(OVERLOAD_RETRY_AFTER_SECONDS));
    }
    void response.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof AppException) return errorBodyOf(exception);
    if (isOverloadError(exception)) return serviceUnavailable();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 503) return serviceUnavailable();
      if (status >= 500) return internalError();
      if (status === Number(HttpStatus.NOT_FOUND) && isUnmatchedRoute(exception)) {
        return {
          statusCode: 404,
          code: CommonErrorCode.NotFound,
          message: `No route for ${request.method} ${pathOf(request.url)}`,
        };
      }
      return { statusCode: status, code: errorCodeForStatus(status), message: httpMessage(exception) };
    }
    return internalError();
  }
}

/** Headers of the replay's response that belong to its own (injected) connection, not to this one. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

function isReplayable(exception: unknown, request: FastifyRequest, response: FastifyReply): boolean {
  return (
    SAFE_METHODS.has(request.method) &&
    request.headers[REPLAY_HEADER] === undefined &&
    !response.sent &&
    isConnectionLost(exception)
  );
}

function serviceUnavailable(): ErrorBody {
  return {
    statusCode: 503,
    code: CommonErrorCode.ServiceUnavailable,
    message: 'The service is busy; retry shortly',
  };
}

function internalError(): ErrorBody {
  return { statusCode: 500, code: CommonErrorCode.Internal, message: 'An unexpected error occurred' };
}

function isUnmatchedRoute(exception: HttpException): boolean {
  return /^Cannot [A-Z]+ /.test(exception.message);
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
