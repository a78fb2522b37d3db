import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthUser } from './auth-user';
import { Role } from './role';

export const ROLES_KEY = 'evently:roles';

/** Restricts a route (or controller) to the given roles; checked after authentication. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller (undefined on a @Public() route called without a token). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser | undefined =>
    ctx.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>().user as AuthUser | undefined,
);
