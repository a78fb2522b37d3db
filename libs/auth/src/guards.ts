import { IS_PUBLIC_KEY } from '@evently/common';
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AuthUser } from './auth-user';
import { TokenRevokedException } from './auth.exception';
import { ROLES_KEY } from './decorators';
import { bearerToken } from './jwt.strategy';
import { Role } from './role';
import { RevokedSessions } from './session/revoked-sessions';
import { VerifiedTokens } from './verified-tokens';

/**
 * Global guard: every route needs a valid access token unless marked @Public(); a token whose session was
 * revoked is refused (401 TOKEN_REVOKED), decided in memory (RevokedSessions), without a database read.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly verified: VerifiedTokens,
    private readonly revoked: RevokedSessions,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    if (isPublic && !request.headers.authorization) return true;
    const token = bearerToken(request);
    const known = token ? this.verified.userOf(token) : undefined;
    if (known) {
      if (this.revoked.isRevoked(known)) throw new TokenRevokedException();
      request.user = known;
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err || !user) throw new UnauthorizedException('Missing, invalid or expired access token');
    if (this.revoked.isRevoked(user as unknown as AuthUser)) throw new TokenRevokedException();
    return user;
  }
}

/** Global guard: enforces @Roles(...) after authentication. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>().user;
    if (!user) throw new UnauthorizedException('Missing, invalid or expired access token');
    if (!roles.includes(user.role)) throw new ForbiddenException('Your role may not do this');
    return true;
  }
}
