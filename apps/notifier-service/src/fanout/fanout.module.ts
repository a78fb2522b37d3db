import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { NotificationModule } from '../notification/notification.module';
import { FanoutRepository } from './fanout.repository';
import { FanoutService } from './fanout.service';
import { FanoutWorker } from './fanout.worker';

@Module({
  imports: [AttendanceModule, NotificationModule],
  providers: [FanoutService, FanoutRepository, FanoutWorker],
  exports: [FanoutService],
})
export class FanoutModule {}
