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
import { OrganizerChanges } from '../changes/organizer-changes';
import { EventFactsService } from './event-facts.service';

@Controller()
export class EventFactsHandler {
  constructor(
    private readonly events: EventFactsService,
    private readonly changes: OrganizerChanges,
  ) {}

  @EventPattern(RoutingKeys.EventPublished)
  async onEventPublished(@Payload() fact: EventPublished, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.published(ctx.manager, fact);
    await this.changes.event(ctx, 'event.published', fact);
  }

  @EventPattern(RoutingKeys.EventUpdated)
  async onEventUpdated(@Payload() fact: EventUpdated, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.updated(ctx.manager, fact);
    await this.changes.event(ctx, 'event.updated', fact.snapshot, { changed: fact.changed });
  }

  @EventPattern(RoutingKeys.EventCancelled)
  async onEventCancelled(@Payload() fact: EventCancelled, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.cancelled(ctx.manager, fact);
    await this.changes.event(ctx, 'event.cancelled', fact.snapshot, { reason: fact.reason });
  }

  /** The event ended: only its organizer's feed hears of it. */
  @EventPattern(RoutingKeys.EventCompleted)
  async onEventCompleted(@Payload() fact: EventCompleted, @Ctx() ctx: MessageContext): Promise<void> {
    await this.changes.event(ctx, 'event.completed', fact.snapshot);
  }
}
