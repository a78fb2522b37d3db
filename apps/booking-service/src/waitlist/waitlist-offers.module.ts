import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WaitlistRepository } from './waitlist.repository';

/**
 * Offers of freed places to waiting entries (and their expiry job). Below BookingModule, whose
 * cancellations free places; WaitlistModule, above both, is the list's HTTP side.
 */
@Module({
  imports: [InventoryModule],
  providers: [WaitlistOffersService, WaitlistRepository],
  exports: [WaitlistOffersService, WaitlistRepository],
})
export class WaitlistOffersModule {}
