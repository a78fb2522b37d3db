import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { ContactModule } from '../contact/contact.module';
import { EmailModule } from '../email/email.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { NotificationModule } from '../notification/notification.module';
import { InvitationFactsHandler } from './invitation-facts.handler';
import { InvitationFactsService } from './invitation-facts.service';

@Module({
  imports: [
    ChangesModule,
    AttendanceModule,
    ContactModule,
    EmailModule,
    EventReplicaModule,
    NotificationModule,
  ],
  controllers: [InvitationFactsHandler],
  providers: [InvitationFactsService],
})
export class InvitationFactsModule {}
