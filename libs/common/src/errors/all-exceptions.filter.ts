import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from '../http/path-of';
import { AppException } from './app.exception';
import { ErrorBody, errorBodyOf } from './error-body';
import { CommonErrorCode, errorCodeForStatus } from './error-code';
import { isOverloadError, OVERLOAD_RETRY_AFTER_SECONDS } from './overload';

/** Renders every error thrown while handling an HTTP request as the api-v1 error shape; never leaks a stack. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const response = ctx.getResponse<FastifyReply>();
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
