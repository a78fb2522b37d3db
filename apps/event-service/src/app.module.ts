import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { SchedulerModule } from '@evently/scheduler';
import { Module } from '@nestjs/common';
import { eventServiceConfigSchema } from './config/event-service.config';
import { EventEntity } from './event/event.entity';
import { EventModule } from './event/event.module';
import { eventServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('event-service', eventServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [EventEntity], migrations: eventServiceMigrations }),
    MessagingModule.forRoot(),
    SchedulerModule,
    AuthModule,
    EventModule,
  ],
})
export class AppModule {}
