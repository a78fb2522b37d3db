import { Module } from '@nestjs/common';
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
        pinoHttp: {
          level: config.LOG_LEVEL,
          base: { service: serviceName, pid: process.pid },
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
          // requestContextMiddleware has already fixed the id; this only covers apps built without it.
          genReqId: (req: IncomingMessage) =>
            requestIdOf(req) ?? resolveRequestId(req.headers[REQUEST_ID_HEADER]),
          customAttributeKeys: { reqId: 'requestId' },
          quietReqLogger: true,
          autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url ?? '') },
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
