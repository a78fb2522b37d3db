import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { StatsModule } from '../stats/stats.module';
import { TicketModule } from '../ticket/ticket.module';
import { BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { HoldRepository } from './hold.repository';

@Module({
  imports: [InventoryModule, StatsModule, TicketModule],
  providers: [BookingService, BookingRepository, HoldRepository],
  exports: [BookingService],
})
export class BookingModule {}
