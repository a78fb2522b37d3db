import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { ContactModule } from '../contact/contact.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { NotificationModule } from '../notification/notification.module';
import { UserFactsHandler } from './user-facts.handler';
import { UserFactsService } from './user-facts.service';

@Module({
  imports: [ContactModule, AttendanceModule, EventReplicaModule, NotificationModule],
  controllers: [UserFactsHandler],
  providers: [UserFactsService],
})
export class UserFactsModule {}
