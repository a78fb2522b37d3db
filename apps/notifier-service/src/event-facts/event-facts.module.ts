import { Module } from '@nestjs/common';
import { EventModule } from '../event/event.module';
import { FanoutModule } from '../fanout/fanout.module';
import { EventFactsHandler } from './event-facts.handler';
import { EventFactsService } from './event-facts.service';

@Module({
  imports: [EventModule, FanoutModule],
  controllers: [EventFactsHandler],
  providers: [EventFactsService],
})
export class EventFactsModule {}
