import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { InvitationRepository } from './invitation.repository';
import { InvitationService } from './invitation.service';
import { RsvpWindows } from './rsvp-window.service';

/** Invitations, RSVP answers and the host's summary (answering, which moves places, is a use-case). */
@Module({
  imports: [InventoryModule],
  providers: [InvitationService, RsvpWindows, InvitationRepository],
  exports: [InvitationService],
})
export class InvitationModule {}
