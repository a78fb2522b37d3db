import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ValidationFailedException } from '../errors/app.exception';

const BODY_ARGUMENT = `${RouteParamtypes.BODY}:`;

/** True when a route handler reads a body (`@Body()` on one of its parameters). */
function readsBody(controller: object, handler: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
    string,
    unknown
  >;
  return Object.keys(args).some((key) => key.startsWith(BODY_ARGUMENT));
}

/**
 * A route that takes no body refuses one with fields (400 VALIDATION_FAILED, like any unknown field): the
 * validator only runs on routes that declare a body, so `{"x": 1}` would otherwise pass unseen. An empty
 * object, or no body, is fine. A guard, not an interceptor: any global interceptor puts every request
 * through Nest's observable pipeline, which cost a third of a signed-in read's throughput here.
 */
@Injectable()
export class UnexpectedBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (body === undefined || isEmptyObject(body)) return true;
    if (readsBody(context.getClass(), context.getHandler().name)) return true;
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body)
        ? Object.fromEntries(Object.keys(body).map((field) => [field, ['property should not exist']]))
        : { '(body)': ['this request takes no body'] };
    throw new ValidationFailedException(fields);
  }
}

const isEmptyObject = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
