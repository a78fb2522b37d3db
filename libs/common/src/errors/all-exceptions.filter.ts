import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from '../request-context/request-context';
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
    const request = ctx.getRequest<Request>();
    const response = ctx.getResponse<Response>();
    const body = this.toBody(exception, request);
    body.requestId = requestIdOf(request);

    if (body.statusCode === 503) {
      this.logger.warn(
        { err: exception, requestId: body.requestId, method: request.method, url: request.originalUrl },
        'Overloaded while serving request',
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: body.requestId, method: request.method, url: request.originalUrl },
        'Unhandled error while serving request',
      );
    }
    if (response.headersSent) return;
    if (exception instanceof HttpException && body.statusCode === 429) {
      const retryAfter = (exception.getResponse() as { retryAfter?: number }).retryAfter;
      if (retryAfter) response.setHeader('Retry-After', String(retryAfter));
    }
    if (body.statusCode === 503 && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', String(OVERLOAD_RETRY_AFTER_SECONDS));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
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
          message: `No route for ${request.method} ${request.path}`,
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
