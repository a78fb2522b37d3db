import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { PromoCodeRepository } from './promo-code.repository';
import { PromoCodeService } from './promo-code.service';

/** Promo codes of events: the organizer's editor, and what an order checks and takes. */
@Module({
  imports: [InventoryModule],
  providers: [PromoCodeRepository, PromoCodeService],
  exports: [PromoCodeService],
})
export class PromoModule {}
