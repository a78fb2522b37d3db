import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InventoryService } from '../inventory/inventory.service';
import { InvitationService, InvitationView, Respondent } from '../invitation/invitation.service';
import { decideRsvp, RsvpAnswer } from '../invitation/invitation.rules';
import { StatsRepository } from '../stats/stats.repository';
import { OfferFreedPlaces } from './offer-freed-places';

/**
 * An answer to an invitation (signed in, or with the emailed token), until the RSVP deadline. On general
 * admission a "yes" holds 1 + plus-ones places exactly like a booking (same sale statement, never oversold);
 * another answer gives them back, and the waiting list gets them. Changes of one event are serialised on its
 * inventory row, then its RSVP window, then the invitation.
 */
@Injectable()
export class RespondToInvitation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationService,
    private readonly inventory: InventoryService,
    private readonly offers: OfferFreedPlaces,
    private readonly stats: StatsRepository,
  ) {}

  execute(respondent: Respondent, answer: RsvpAnswer): Promise<InvitationView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.invitations.findFor(manager, respondent);
      const event = await this.inventory.lockEvent(manager, found.eventId);
      const { invitation, window } = await this.invitations.lockForAnswer(manager, found);
      const decision = decideRsvp(invitation, window, event, answer);
      if (decision.more > 0) await this.inventory.sellPlaces(manager, event.eventId, decision.more);
      if (decision.more < 0) {
        const places = [{ eventId: event.eventId, quantity: -decision.more }];
        await this.inventory.release(manager, { places, seatsOfBookings: [] });
        await this.offers.execute(manager, event.eventId);
      }
      await this.stats.add(manager, {
        eventId: event.eventId,
        tickets: decision.more,
        rsvpYes: decision.yesDelta,
      });
      return this.invitations.recordAnswer(manager, event, window!, invitation, answer, decision);
    });
  }
}
