import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { ContactModule } from '../contact/contact.module';
import { EventModule } from '../event/event.module';
import { NotificationModule } from '../notification/notification.module';
import { UserFactsHandler } from './user-facts.handler';
import { UserFactsService } from './user-facts.service';

@Module({
  imports: [ContactModule, AttendanceModule, EventModule, NotificationModule],
  controllers: [UserFactsHandler],
  providers: [UserFactsService],
})
export class UserFactsModule {}
