import { InvitationRespondedV1, InvitationSentV1, RoutingKeys, RsvpSummaryV1 } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrganizerChanges } from '../changes/organizer-changes';
import { InvitationFactsService } from './invitation-facts.service';

@Controller()
export class InvitationFactsHandler {
  constructor(
    private readonly invitations: InvitationFactsService,
    private readonly changes: OrganizerChanges,
  ) {}

  @EventPattern(RoutingKeys.InvitationSent)
  async onSent(@Payload() fact: InvitationSentV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.invitations.sent(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.InvitationResponded)
  async onResponded(@Payload() fact: InvitationRespondedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.invitations.responded(ctx.manager, fact);
    await this.changes.rsvpAnswered(ctx, fact);
  }

  @EventPattern(RoutingKeys.RsvpSummary)
  async onSummary(@Payload() fact: RsvpSummaryV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.invitations.summary(ctx.manager, fact);
  }
}
