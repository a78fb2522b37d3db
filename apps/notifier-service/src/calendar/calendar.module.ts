import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarFiles } from './calendar-files';
import { CalendarController } from './calendar.controller';

/** Calendar files of bookings (sent with notices) and each person's private calendar feed. */
@Module({
  imports: [AttendanceModule, EventReplicaModule],
  controllers: [CalendarController],
  providers: [CalendarFiles, CalendarFeedService, CalendarFeedRepository],
  exports: [CalendarFiles],
})
export class CalendarModule {}
