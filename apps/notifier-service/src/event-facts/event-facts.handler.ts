import { EventCancelled, EventPublished, EventUpdated, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventFactsService } from './event-facts.service';

@Controller()
export class EventFactsHandler {
  constructor(private readonly events: EventFactsService) {}

  @EventPattern(RoutingKeys.EventPublished)
  async onEventPublished(@Payload() fact: EventPublished, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.published(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.EventUpdated)
  async onEventUpdated(@Payload() fact: EventUpdated, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.updated(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.EventCancelled)
  async onEventCancelled(@Payload() fact: EventCancelled, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.cancelled(ctx.manager, fact);
  }
}
