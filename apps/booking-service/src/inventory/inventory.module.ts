import { Module } from '@nestjs/common';
import { InstanceModule } from '../instance/instance.module';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';
import { PlaceClaimRepository } from './place-claim.repository';
import { PlaceClaims } from './place-claims.service';
import { SeatRepository } from './seat.repository';

@Module({
  imports: [InstanceModule],
  providers: [InventoryService, PlaceClaims, InventoryRepository, SeatRepository, PlaceClaimRepository],
  exports: [InventoryService, PlaceClaims],
})
export class InventoryModule {}
