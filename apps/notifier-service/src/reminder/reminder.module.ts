import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { EmailModule } from '../email/email.module';
import { EventReplicaModule } from '../event-replica/event-replica.module';
import { FanoutModule } from '../fanout/fanout.module';
import { ReminderRepository } from './reminder.repository';
import { ReminderService } from './reminder.service';

/** Reminders before events: their plans, the timed job, and the fan-out it starts. */
@Module({
  imports: [AttendanceModule, EmailModule, EventReplicaModule, FanoutModule],
  providers: [ReminderService, ReminderRepository],
  exports: [ReminderService],
})
export class ReminderModule {}
