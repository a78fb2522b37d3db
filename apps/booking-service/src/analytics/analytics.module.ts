import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { InventoryModule } from '../inventory/inventory.module';
import { InvitationModule } from '../invitation/invitation.module';
import { PaymentModule } from '../payment/payment.module';
import { TicketModule } from '../ticket/ticket.module';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

/** Read-only figures over the sales counters (StatsModule writes them) and the other owners' counts. */
@Module({
  imports: [InventoryModule, BookingModule, InvitationModule, WaitlistModule, PaymentModule, TicketModule],
  providers: [AnalyticsService, AnalyticsRepository],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
