import { ErrorDetails } from './app.exception';

/** The error shape of api-v1.md. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetails;
  requestId?: string;
}
