import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { InventoryModule } from '../inventory/inventory.module';
import { EventFactsHandler } from './event-facts.handler';

@Module({
  imports: [InventoryModule, BookingModule],
  controllers: [EventFactsHandler],
})
export class EventFactsModule {}
