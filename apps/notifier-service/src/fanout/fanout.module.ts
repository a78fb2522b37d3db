import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { CalendarModule } from '../calendar/calendar.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { NotificationModule } from '../notification/notification.module';
import { FanoutRepository } from './fanout.repository';
import { FanoutService } from './fanout.service';
import { FanoutWorker } from './fanout.worker';

@Module({
  imports: [AttendanceModule, CalendarModule, EventReplicaModule, NotificationModule],
  providers: [FanoutService, FanoutRepository, FanoutWorker],
  exports: [FanoutService],
})
export class FanoutModule {}
