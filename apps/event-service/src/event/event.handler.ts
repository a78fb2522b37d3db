import { BookingCancelledV1, BookingConfirmedV1, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventService } from './event.service';

/** Keeps event-service's count of booked places in step with booking-service's facts. */
@Controller()
export class EventHandler {
  constructor(private readonly events: EventService) {}

  @EventPattern(RoutingKeys.BookingConfirmed)
  async onBookingConfirmed(@Payload() fact: BookingConfirmedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.recordBookingConfirmed(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.BookingCancelled)
  async onBookingCancelled(@Payload() fact: BookingCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.events.recordBookingCancelled(ctx.manager, fact);
  }
}
