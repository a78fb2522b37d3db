import {
  RoutingKeys,
  WaitlistClosedV1,
  WaitlistExpiredV1,
  WaitlistJoinedV1,
  WaitlistOfferedV1,
} from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrganizerChanges } from '../changes/organizer-changes';
import { WaitlistFactsService } from './waitlist-facts.service';

@Controller()
export class WaitlistFactsHandler {
  constructor(
    private readonly waitlist: WaitlistFactsService,
    private readonly changes: OrganizerChanges,
  ) {}

  @EventPattern(RoutingKeys.WaitlistJoined)
  async onJoined(@Payload() fact: WaitlistJoinedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.waitlist.joined(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.WaitlistOffered)
  async onOffered(@Payload() fact: WaitlistOfferedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.waitlist.offered(ctx.manager, fact);
    await this.changes.waitlist(ctx, fact);
  }

  @EventPattern(RoutingKeys.WaitlistExpired)
  async onExpired(@Payload() fact: WaitlistExpiredV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.waitlist.expired(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.WaitlistClosed)
  async onClosed(@Payload() fact: WaitlistClosedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.waitlist.closed(ctx.manager, fact);
    await this.changes.waitlist(ctx, fact);
  }
}
