import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { TicketModule } from '../ticket/ticket.module';
import { CheckinRepository } from './checkin.repository';
import { CheckinService } from './checkin.service';
import { DoorCounter } from './door-counter';
import { InventoryModule } from '../inventory/inventory.module';

/** The door of each event: check-ins online and offline, their undoing, and the offline bundle. */
@Module({
  imports: [TicketModule, StaffModule, InventoryModule],
  providers: [CheckinRepository, CheckinService, DoorCounter],
  exports: [CheckinService, DoorCounter],
})
export class CheckinModule {}
