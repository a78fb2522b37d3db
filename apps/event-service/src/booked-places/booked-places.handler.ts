import { BookingCancelledV1, BookingConfirmedV1, RoutingKeys } from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BookedPlacesService } from './booked-places.service';

/** Keeps event-service's count of booked places in step with booking-service's facts. */
@Controller()
export class BookedPlacesHandler {
  constructor(private readonly places: BookedPlacesService) {}

  @EventPattern(RoutingKeys.BookingConfirmed)
  async onBookingConfirmed(@Payload() fact: BookingConfirmedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.places.recordConfirmed(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.BookingCancelled)
  async onBookingCancelled(@Payload() fact: BookingCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.places.recordCancelled(ctx.manager, fact);
  }
}
