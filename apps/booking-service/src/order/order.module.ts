import { Module } from '@nestjs/common';
import { TicketSalesRepository } from './ticket-sales.repository';

/** Orders of ticket types: sales per type (quotas); the use-cases drive them. */
@Module({
  providers: [TicketSalesRepository],
  exports: [TicketSalesRepository],
})
export class OrderModule {}
