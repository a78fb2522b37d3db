import { AuthModule } from '@evently/auth';
import { CommonModule, DatabaseModule } from '@evently/common';
import { MessagingModule } from '@evently/messaging';
import { SchedulerModule } from '@evently/scheduler';
import { Module } from '@nestjs/common';
import { eventServiceConfigSchema } from './config/event-service.config';
import { BookedPlacesModule } from './booked-places/booked-places.module';
import { EventController } from './event/event.controller';
import { EventEntity } from './event/event.entity';
import { EventModule } from './event/event.module';
import { UseCasesModule } from './use-cases/use-cases.module';
import { eventServiceMigrations } from './migrations';

@Module({
  imports: [
    CommonModule.forRoot('event-service', eventServiceConfigSchema),
    DatabaseModule.forRoot({ entities: [EventEntity], migrations: eventServiceMigrations }),
    MessagingModule.forRoot(),
    SchedulerModule,
    AuthModule,
    EventModule,
    BookedPlacesModule,
    UseCasesModule,
  ],
  // HTTP edges sit beside the wiring: a controller may call a concept service or a use-case, and use-cases
  // import the concept modules, so a concept module registering its controller would import itself.
  controllers: [EventController],
})
export class AppModule {}
