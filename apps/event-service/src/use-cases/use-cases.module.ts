import { Module } from '@nestjs/common';
import { BookedPlacesModule } from '../booked-places/booked-places.module';
import { EventModule } from '../event/event.module';
import { CancelEvent } from './cancel-event';
import { PublishEvent } from './publish-event';
import { UpdateEvent } from './update-event';

/** Commands that span concepts (the event, its booked places, its completion job, the facts it emits). */
@Module({
  imports: [EventModule, BookedPlacesModule],
  providers: [PublishEvent, UpdateEvent, CancelEvent],
  exports: [PublishEvent, UpdateEvent, CancelEvent],
})
export class UseCasesModule {}
