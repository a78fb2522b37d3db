import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { NotificationModule } from '../notification/notification.module';
import { WaitlistFactsHandler } from './waitlist-facts.handler';
import { WaitlistFactsService } from './waitlist-facts.service';

@Module({
  imports: [ChangesModule, AttendanceModule, EventReplicaModule, NotificationModule],
  controllers: [WaitlistFactsHandler],
  providers: [WaitlistFactsService],
})
export class WaitlistFactsModule {}
