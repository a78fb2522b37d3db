import { Module } from '@nestjs/common';
import { InventoryController } from './inventory.controller';
import { InventoryHandler } from './inventory.handler';
import { InventoryService } from './inventory.service';

@Module({
  controllers: [InventoryController, InventoryHandler],
  providers: [InventoryService],
  exports: [InventoryService],
})
export class InventoryModule {}
