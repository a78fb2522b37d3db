import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { InventoryModule } from '../inventory/inventory.module';
import { WaitlistController } from './waitlist.controller';
import { WaitlistOffersModule } from './waitlist-offers.module';
import { WaitlistService } from './waitlist.service';

/** Joining, leaving and answering offers over HTTP; accepting books through BookingModule. */
@Module({
  imports: [InventoryModule, WaitlistOffersModule, BookingModule, IdempotencyModule],
  controllers: [WaitlistController],
  providers: [WaitlistService],
})
export class WaitlistModule {}
