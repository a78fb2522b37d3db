import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { PeopleModule } from '../people/people.module';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

/** Who works each event's door, and in which role. */
@Module({
  imports: [InventoryModule, PeopleModule],
  providers: [StaffRepository, StaffService],
  exports: [StaffService],
})
export class StaffModule {}
