import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { InventoryModule } from '../inventory/inventory.module';
import { InvitationModule } from '../invitation/invitation.module';
import { WaitlistOffersModule } from '../waitlist/waitlist-offers.module';
import { EventFactsHandler } from './event-facts.handler';
import { EventFactsService } from './event-facts.service';

@Module({
  imports: [InventoryModule, BookingModule, WaitlistOffersModule, InvitationModule],
  controllers: [EventFactsHandler],
  providers: [EventFactsService],
})
export class EventFactsModule {}
