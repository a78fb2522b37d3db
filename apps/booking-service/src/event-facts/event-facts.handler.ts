import {
  EventCancelled,
  EventCompleted,
  EventPublished,
  EventUpdated,
  RoutingKeys,
} from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ApplyEventFacts } from '../use-cases/apply-event-facts';

/** The event.* facts of event-service: the inventory replica follows them; a cancellation cancels bookings. */
@Controller()
export class EventFactsHandler {
  constructor(private readonly facts: ApplyEventFacts) {}

  @EventPattern(RoutingKeys.EventPublished)
  async onEventPublished(@Payload() snapshot: EventPublished, @Ctx() ctx: MessageContext): Promise<void> {
    await this.facts.snapshot(ctx.manager, snapshot);
  }

  @EventPattern(RoutingKeys.EventUpdated)
  async onEventUpdated(@Payload() fact: EventUpdated, @Ctx() ctx: MessageContext): Promise<void> {
    await this.facts.snapshot(ctx.manager, fact.snapshot);
  }

  @EventPattern(RoutingKeys.EventCompleted)
  async onEventCompleted(@Payload() fact: EventCompleted, @Ctx() ctx: MessageContext): Promise<void> {
    await this.facts.completed(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.EventCancelled)
  async onEventCancelled(@Payload() fact: EventCancelled, @Ctx() ctx: MessageContext): Promise<void> {
    await this.facts.cancelled(ctx.manager, fact);
  }
}
