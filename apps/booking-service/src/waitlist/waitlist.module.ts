import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { WaitlistRepository } from './waitlist.repository';
import { WaitlistService } from './waitlist.service';

/** Waiting-list entries and their offers (what moves places for them is in use-cases/). */
@Module({
  imports: [InventoryModule],
  providers: [WaitlistService, WaitlistRepository],
  exports: [WaitlistService, WaitlistRepository],
})
export class WaitlistModule {}
