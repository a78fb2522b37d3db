import { AppException, ErrorDetails } from './app.exception';

/** The error shape of api-v1.md. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetails;
  requestId?: string;
}

/** The body of a domain error, as the global filter sends it (and as an idempotent replay must repeat it). */
export function errorBodyOf(exception: AppException, requestId?: string): ErrorBody {
  return {
    statusCode: exception.status,
    code: exception.code,
    message: exception.message,
    ...(exception.details ? { details: exception.details } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
