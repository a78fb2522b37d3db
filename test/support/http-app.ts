import { configureHttpApp, createHttpAdapter } from '@evently/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';

export interface RunningApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts `module` in-process exactly as main.ts would (same HTTP setup), on a free loopback port. */
export async function startHttpApp(module: unknown, serviceName = 'test-service'): Promise<RunningApp> {
  const app = await NestFactory.create(module as never, createHttpAdapter(), {
    bodyParser: false,
    logger: false,
    abortOnError: false,
  });
  configureHttpApp(app, { serviceName, description: 'test' });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as { address(): AddressInfo };
  const { port } = server.address();
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
