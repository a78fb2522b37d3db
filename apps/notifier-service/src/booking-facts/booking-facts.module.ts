import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { CalendarModule } from '../calendar/calendar.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { NotificationModule } from '../notification/notification.module';
import { BookingFactsHandler } from './booking-facts.handler';
import { BookingFactsService } from './booking-facts.service';

@Module({
  imports: [ChangesModule, AttendanceModule, CalendarModule, EventReplicaModule, NotificationModule],
  controllers: [BookingFactsHandler],
  providers: [BookingFactsService],
})
export class BookingFactsModule {}
