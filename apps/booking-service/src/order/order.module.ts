import { Module } from '@nestjs/common';
import { PaymentRepository } from './payment.repository';
import { TicketSalesRepository } from './ticket-sales.repository';

/** Orders of ticket types: sales per type (quotas) and the ledger of payments; the use-cases drive them. */
@Module({
  providers: [TicketSalesRepository, PaymentRepository],
  exports: [TicketSalesRepository, PaymentRepository],
})
export class OrderModule {}
