import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { StatsModule } from '../stats/stats.module';
import { WaitlistOffersModule } from '../waitlist/waitlist-offers.module';
import { InvitationController } from './invitation.controller';
import { InvitationRepository } from './invitation.repository';
import { InvitationService } from './invitation.service';

/** Invitations, RSVP answers (a "yes" holds places like a booking) and the host's summary job. */
@Module({
  imports: [InventoryModule, WaitlistOffersModule, StatsModule],
  controllers: [InvitationController],
  providers: [InvitationService, InvitationRepository],
  exports: [InvitationService],
})
export class InvitationModule {}
