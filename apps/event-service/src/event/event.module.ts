import { Module } from '@nestjs/common';
import { EventController } from './event.controller';
import { EventHandler } from './event.handler';
import { EventService } from './event.service';

@Module({
  controllers: [EventController, EventHandler],
  providers: [EventService],
})
export class EventModule {}
