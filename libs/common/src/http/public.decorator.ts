import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC_KEY = 'evently:isPublic';

/** Marks a route (or controller) as reachable without an access token (OpenAPI: `security: []`). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension(PUBLIC_OPERATION, true));

/** The OpenAPI extension that tells `completeDocument` an operation needs no token. */
export const PUBLIC_OPERATION = 'x-evently-public';
