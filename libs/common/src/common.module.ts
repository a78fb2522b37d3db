import { DynamicModule, Module } from '@nestjs/common';
import { z } from 'zod';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

/** Config (validated at boot), logging, metrics and health: what every service imports first. */
@Module({})
export class CommonModule {
  static forRoot<S extends z.ZodType>(serviceName: string, configSchema: S): DynamicModule {
    return {
      module: CommonModule,
      imports: [ConfigModule.forRoot(serviceName, configSchema), LoggingModule, MetricsModule, HealthModule],
    };
  }
}
