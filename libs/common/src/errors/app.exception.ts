import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode } from './error-code';

export type ErrorDetails = Record<string, unknown>;

/**
 * Base of every domain exception: a stable code, an HTTP status and optional details.
 * Domains subclass it with their own code enum; the global filter renders it.
 */
export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedException extends AppException {
  constructor(fields: Record<string, string[]>, message = 'Request validation failed') {
    super(HttpStatus.BAD_REQUEST, CommonErrorCode.ValidationFailed, message, { fields });
  }
}

/** 503 SERVICE_UNAVAILABLE: busy or interrupted, nothing written; the error filter adds Retry-After. */
export class RetryLaterException extends AppException {
  constructor(message: string) {
    super(HttpStatus.SERVICE_UNAVAILABLE, CommonErrorCode.ServiceUnavailable, message);
  }
}

/**
 * The base of a domain's one exception class: its code enum, each code with its HTTP status, e.g.
 * `export class EventException extends domainException(statusOf) {}`.
 */
export function domainException<C extends string>(statusOf: Record<C, HttpStatus>) {
  return class extends AppException {
    constructor(code: C, message: string, details?: ErrorDetails) {
      super(statusOf[code], code, message, details);
    }
  };
}
