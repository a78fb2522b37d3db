import { EventCancelledV1, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookingService } from './booking.service';

@Controller()
export class BookingHandler {
  constructor(private readonly bookings: BookingService) {}

  @EventPattern(RoutingKeys.EventCancelled)
  async onEventCancelled(@Payload() fact: EventCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.bookings.cancelEventBookings(ctx.manager, fact);
  }
}
