import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { AttendanceModule } from '../attendance/attendance.module';
import { EmailModule } from '../email/email.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { ReminderModule } from '../reminder/reminder.module';
import { FanoutModule } from '../fanout/fanout.module';
import { EventFactsHandler } from './event-facts.handler';
import { EventFactsService } from './event-facts.service';

@Module({
  imports: [ChangesModule, EventReplicaModule, FanoutModule, AttendanceModule, EmailModule, ReminderModule],
  controllers: [EventFactsHandler],
  providers: [EventFactsService],
})
export class EventFactsModule {}
