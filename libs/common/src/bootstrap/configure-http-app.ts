import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { APP_CONFIG } from '../config/config.module';
import { BaseConfig } from '../config/base.config';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { installJsonBodyParser } from '../errors/body-parser';
import { conditionalGetHook } from '../http/conditional-get';
import { accessLogHook } from '../logging/access-log.hook';
import { httpMetricsHook } from '../metrics/http-metrics.hook';
import { MetricsService } from '../metrics/metrics.service';
import { setupOpenApi } from '../openapi/openapi';
import { REQUEST_ID_HEADER, requestContextHook, resolveRequestId } from '../request-context/request-context';
import { UnexpectedBodyGuard } from '../validation/unexpected-body.guard';
import { createValidationPipe } from '../validation/validation.pipe';

export const API_PREFIX = 'api/v1';

/**
 * Node closes idle keep-alive connections after this long: longer than the gateway's idle upstream
 * connections (keepalive_timeout 30s), so Nginx is the one to close them. If Node closed one first, Nginx
 * could send a request on it as it closes, and a POST on a reset connection is not retried (502).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface HttpAppOptions {
  serviceName: string;
  description: string;
}

/**
 * The HTTP adapter of every Evently app (pass it to NestFactory.create): Fastify, which matches paths
 * exactly as api-v1 spells them (case, trailing slash). The request context hook is added here, ahead of
 * every other hook (Nest's and its middleware's), so that all of a request's work runs in its context.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // The request id: the gateway's X-Request-Id when it is sane, otherwise a new one.
    genReqId: (raw: IncomingMessage) => resolveRequestId(raw.headers[REQUEST_ID_HEADER]),
    // Ids in paths are validated by the handlers (400 INVALID_ID); a longer one must reach them, not 404.
    routerOptions: { maxParamLength: 1024 },
  });
  adapter.getInstance().addHook('onRequest', requestContextHook);
  return adapter;
}

/**
 * Everything an Evently HTTP app needs before it listens: request ids, metrics, the JSON body parser,
 * the access log, the error filter, validation, the /api/v1 prefix and the OpenAPI document. Shared by main.ts and tests.
 * The app must be created with `createHttpAdapter()` and `bodyParser: false`.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const config = app.get<BaseConfig>(APP_CONFIG);
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.addHook('onSend', conditionalGetHook);
  fastify.addHook('onResponse', httpMetricsHook(app.get(MetricsService)));
  fastify.addHook('onResponse', accessLogHook);
  installJsonBodyParser(fastify, config.HTTP_BODY_LIMIT);
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalGuards(new UnexpectedBodyGuard());
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics'] });
  setupOpenApi(app, options.serviceName, options.description);
  app.enableShutdownHooks();
}
