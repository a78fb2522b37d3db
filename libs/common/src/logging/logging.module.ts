import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, SERVICE_NAME } from '../config/config.module';
import { BaseConfig } from '../config/base.config';
import { RequestContext } from '../request-context/request-context';

/**
 * pino JSON logs. Every line written while serving a request, or while handling a message a request
 * caused, carries its `requestId` (from RequestContext, so no logger is made per request); each request
 * ends with one `request completed` line (accessLogHook).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG, SERVICE_NAME],
      useFactory: (config: BaseConfig, serviceName: string) => ({
        // No HTTP middleware: the request's line is written by accessLogHook, a Fastify hook.
        forRoutes: [],
        pinoHttp: {
          level: config.LOG_LEVEL,
          base: { service: serviceName, pid: process.pid },
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
          mixin: () => {
            const requestId = RequestContext.requestId();
            return requestId === undefined ? {} : { requestId };
          },
          redact: { paths: ['*.password', '*.refreshToken'], censor: '[redacted]' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
