import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { InventoryModule } from '../inventory/inventory.module';
import { InvitationModule } from '../invitation/invitation.module';
import { WaitlistOffersModule } from '../waitlist/waitlist-offers.module';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

/** Read-only figures over the sales counters (StatsModule writes them) and the other owners' counts. */
@Module({
  imports: [InventoryModule, BookingModule, InvitationModule, WaitlistOffersModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, AnalyticsRepository],
})
export class AnalyticsModule {}
