import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable, retry, throwError, timer } from 'rxjs';
import { isConnectionLost } from './overload';

/** A pause before the retry: the pool drops the broken connection meanwhile and connects afresh. */
const RETRY_DELAY_MS = 100;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * A read whose database connection was lost (a backend killed, PostgreSQL restarted) runs once more, on a
 * fresh connection: it changed nothing, so running it again is safe. Writes are not retried here (their
 * callers retry, under an Idempotency-Key where it matters); a second loss is the client's 503.
 */
@Injectable()
export class ReadRetryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    if (!SAFE_METHODS.has(context.switchToHttp().getRequest<FastifyRequest>().method)) return next.handle();
    return next.handle().pipe(
      retry({
        count: 1,
        delay: (error: unknown) =>
          isConnectionLost(error) ? timer(RETRY_DELAY_MS) : throwError(() => error),
      }),
    );
  }
}
