import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import expressFactory from 'express';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.module';
import { BaseConfig } from '../config/base.config';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { installJsonBodyParser } from '../errors/body-parser';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsService } from '../metrics/metrics.service';
import { setupOpenApi } from '../openapi/openapi';
import { requestContextMiddleware } from '../request-context/request-context';
import { createValidationPipe } from '../validation/validation.pipe';

export const API_PREFIX = 'api/v1';

export interface HttpAppOptions {
  serviceName: string;
  description: string;
}

/**
 * The HTTP adapter of every Evently app (pass it to NestFactory.create). Paths are matched exactly as api-v1
 * spells them: Express would otherwise also route /auth/LOGIN and /auth/login/ to the login handler,
 * spellings the gateway's per-path rules need not know. The settings must precede the adapter, which
 * creates the router (and freezes them) in its constructor.
 */
export function createHttpAdapter(): ExpressAdapter {
  const instance = expressFactory();
  instance.set('case sensitive routing', true);
  instance.set('strict routing', true);
  return new ExpressAdapter(instance);
}

/**
 * Everything an Evently HTTP app needs before it listens: request ids, metrics, the JSON body parser,
 * the error filter, validation, the /api/v1 prefix and the OpenAPI document. Shared by main.ts and tests.
 * The app must be created with `bodyParser: false`.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const config = app.get<BaseConfig>(APP_CONFIG);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  app.use(requestContextMiddleware);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  installJsonBodyParser(app, config.HTTP_BODY_LIMIT);
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics'] });
  setupOpenApi(app, options.serviceName, options.description);
  app.enableShutdownHooks();
}
