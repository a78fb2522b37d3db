import { Module } from '@nestjs/common';
import { EventCompletion } from './event-completion';
import { EventRepository } from './event.repository';
import { EventService } from './event.service';

@Module({
  providers: [EventService, EventRepository, EventCompletion],
  exports: [EventService, EventCompletion],
})
export class EventModule {}
