import { Global, Module } from '@nestjs/common';
import { SchedulerService } from './scheduler.service';

/** The service's job scheduler (pg-boss over its own database); domain modules register their queues. */
@Global()
@Module({ providers: [SchedulerService], exports: [SchedulerService] })
export class SchedulerModule {}
