import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { z } from 'zod';
import { loadConfig } from './config.loader';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Injects the validated configuration object of the running service. */
export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(APP_CONFIG);

@Global()
@Module({})
export class ConfigModule {
  /** Validates process.env against the schema when the application is created (not at import time). */
  static forRoot<S extends z.ZodType>(serviceName: string, schema: S): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: APP_CONFIG, useFactory: () => loadConfig(serviceName, schema) },
      ],
      exports: [APP_CONFIG, SERVICE_NAME],
    };
  }
}
