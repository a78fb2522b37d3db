import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { TicketRepository } from './ticket.repository';
import { TicketService } from './ticket.service';

/** Tickets of confirmed bookings: issued, voided, named, and their signed codes. */
@Module({
  imports: [InventoryModule],
  providers: [TicketRepository, TicketService],
  exports: [TicketService, TicketRepository],
})
export class TicketModule {}
