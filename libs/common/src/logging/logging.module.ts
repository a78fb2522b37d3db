import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, SERVICE_NAME } from '../config/config.module';
import { BaseConfig } from '../config/base.config';
import { REQUEST_ID_HEADER, requestIdOf, resolveRequestId } from '../request-context/request-context';

const QUIET_PATHS = new Set(['/health', '/metrics']);

/** pino JSON logs; every line written while serving a request carries its `requestId`. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG, SERVICE_NAME],
      useFactory: (config: BaseConfig, serviceName: string) => ({
        // Every path of the app, /health and /metrics included (outside the /api/v1 prefix), once each.
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.LOG_LEVEL,
          base: { service: serviceName, pid: process.pid },
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
          // Fastify's genReqId has already fixed the id (see createHttpAdapter); this covers apps built without it.
          genReqId: (req: IncomingMessage) =>
            requestIdOf(req) ?? resolveRequestId(req.headers[REQUEST_ID_HEADER]),
          customAttributeKeys: { reqId: 'requestId' },
          quietReqLogger: true,
          // Middleware sees the path it matched stripped from `url`; `originalUrl` is the request's.
          autoLogging: {
            ignore: (req: IncomingMessage & { originalUrl?: string }) =>
              QUIET_PATHS.has(req.originalUrl ?? req.url ?? ''),
          },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'],
            censor: '[redacted]',
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
