import {
  BookingCancelledV1,
  BookingConfirmedV1,
  BookingHeldV1,
  BookingHoldEndedV1,
  BookingRefundedV1,
  RoutingKeys,
  TicketCheckedInV1,
} from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrganizerChanges } from '../changes/organizer-changes';
import { BookingFactsService } from './booking-facts.service';

@Controller()
export class BookingFactsHandler {
  constructor(
    private readonly bookings: BookingFactsService,
    private readonly changes: OrganizerChanges,
  ) {}

  @EventPattern(RoutingKeys.BookingConfirmed)
  async onBookingConfirmed(@Payload() fact: BookingConfirmedV1, @Ctx() ctx: MessageContext): Promise<void> {
    const event = await this.bookings.confirmed(ctx.manager, fact);
    await this.changes.bookingConfirmed(ctx, fact, event);
  }

  @EventPattern(RoutingKeys.BookingHeld)
  async onBookingHeld(@Payload() fact: BookingHeldV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.bookings.held(ctx.manager, fact);
    await this.changes.booking(ctx, 'booking.held', fact);
  }

  @EventPattern(RoutingKeys.BookingHoldEnded)
  async onBookingHoldEnded(@Payload() fact: BookingHoldEndedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.bookings.holdEnded(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.BookingRefunded)
  async onBookingRefunded(@Payload() fact: BookingRefundedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.bookings.refunded(ctx.manager, fact);
    await this.changes.booking(ctx, 'booking.refunded', fact);
  }

  @EventPattern(RoutingKeys.BookingCancelled)
  async onBookingCancelled(@Payload() fact: BookingCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.bookings.cancelled(ctx.manager, fact);
    await this.changes.booking(ctx, 'booking.cancelled', fact);
  }

  /** A ticket checked in: only its organizer's feed hears of it. */
  @EventPattern(RoutingKeys.TicketCheckedIn)
  async onTicketCheckedIn(@Payload() fact: TicketCheckedInV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.changes.ticketCheckedIn(ctx, fact);
  }
}
