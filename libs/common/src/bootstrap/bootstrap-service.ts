import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
    const app = await NestFactory.create<NestFastifyApplication>(definition.rootModule, createHttpAdapter(), {
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
  } catch (error) {
    const message =
      error instanceof ConfigValidationError
        ? error.message
        : `${definition.serviceName} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}
