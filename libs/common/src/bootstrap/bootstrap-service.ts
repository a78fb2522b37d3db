import type { Server } from 'node:http';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_CONFIG } from '../config/config.module';
import { BaseConfig } from '../config/base.config';
import { ConfigValidationError } from '../config/config.loader';
import { configureHttpApp, createHttpAdapter, HttpAppOptions } from './configure-http-app';

export interface ServiceDefinition extends HttpAppOptions {
  rootModule: Type<unknown>;
  /** Attaches the message consumer (libs/messaging `connectConsumer`) before the app listens. */
  connectMessaging?: (app: INestApplication) => unknown;
}

/** Starts one service: HTTP app (and, through its modules, its message consumer). Exits 1 on failure. */
export async function bootstrapService(definition: ServiceDefinition): Promise<void> {
  try {
    const app = await NestFactory.create<NestExpressApplication>(definition.rootModule, createHttpAdapter(), {
      bodyParser: false,
      bufferLogs: true,
      abortOnError: false,
    });
    configureHttpApp(app, definition);
    if (definition.connectMessaging) {
      definition.connectMessaging(app);
      await app.startAllMicroservices();
    }
    const config = app.get<BaseConfig>(APP_CONFIG);
    await app.listen(config.PORT, config.HOST);
    // Outlive the gateway's idle upstream connections (keepalive_timeout 30s): if Node closed one first,
    // Nginx could send a request on it as it closes, and a POST on a reset connection is not retried (502).
    const server: Server = app.getHttpServer();
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  } catch (error) {
    const message =
      error instanceof ConfigValidationError
        ? error.message
        : `${definition.serviceName} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}
