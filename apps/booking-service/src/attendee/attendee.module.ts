import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { StaffModule } from '../staff/staff.module';
import { AttendeeRepository } from './attendee.repository';
import { AttendeeService } from './attendee.service';

/** Who comes to each event: tickets with their holders, listed and exported. */
@Module({
  imports: [InventoryModule, StaffModule],
  providers: [AttendeeRepository, AttendeeService],
  exports: [AttendeeService],
})
export class AttendeeModule {}
