import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { BookingController } from './booking.controller';
import { BookingHandler } from './booking.handler';
import { BookingService } from './booking.service';
import { IdempotencyService } from './idempotency.service';

@Module({
  imports: [InventoryModule],
  controllers: [BookingController, BookingHandler],
  providers: [BookingService, IdempotencyService],
})
export class BookingModule {}
