import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InventoryModule } from '../inventory/inventory.module';
import { StatsModule } from '../stats/stats.module';
import { WaitlistOffersModule } from '../waitlist/waitlist-offers.module';
import { BookingController } from './booking.controller';
import { BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { ClaimSweeper } from './claim-sweeper';

@Module({
  imports: [InventoryModule, WaitlistOffersModule, StatsModule, IdempotencyModule],
  controllers: [BookingController],
  providers: [BookingService, BookingRepository, ClaimSweeper],
  exports: [BookingService],
})
export class BookingModule {}
