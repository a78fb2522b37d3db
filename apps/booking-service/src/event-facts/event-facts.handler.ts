import { EventCancelledV1, EventPublishedV1, EventUpdatedV1, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookingService } from '../booking/booking.service';
import { InventoryService } from '../inventory/inventory.service';

/** The event.* facts of event-service: the inventory replica follows them; a cancellation cancels bookings. */
@Controller()
export class EventFactsHandler {
  constructor(
    private readonly inventory: InventoryService,
    private readonly bookings: BookingService,
  ) {}

  @EventPattern(RoutingKeys.EventPublished)
  async onEventPublished(@Payload() snapshot: EventPublishedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inventory.applySnapshot(ctx.manager, snapshot);
  }

  @EventPattern(RoutingKeys.EventUpdated)
  async onEventUpdated(@Payload() fact: EventUpdatedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inventory.applySnapshot(ctx.manager, fact.snapshot);
  }

  @EventPattern(RoutingKeys.EventCancelled)
  async onEventCancelled(@Payload() fact: EventCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.bookings.cancelEventBookings(ctx.manager, fact);
  }
}
