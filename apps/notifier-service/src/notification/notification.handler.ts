import {
  BookingCancelledV1,
  BookingConfirmedV1,
  EventCancelledV1,
  EventSnapshotV1,
  EventUpdatedV1,
  RoutingKeys,
  UserRegisteredV1,
  UserUpdatedV1,
} from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { NotificationService } from './notification.service';

@Controller()
export class NotificationHandler {
  constructor(private readonly notifications: NotificationService) {}

  @EventPattern(RoutingKeys.UserRegistered)
  async onUserRegistered(@Payload() fact: UserRegisteredV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.recordContact(ctx.manager, fact, true);
  }

  @EventPattern(RoutingKeys.UserUpdated)
  async onUserUpdated(@Payload() fact: UserUpdatedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.recordContact(ctx.manager, fact, false);
  }

  @EventPattern(RoutingKeys.EventPublished)
  async onEventPublished(@Payload() fact: EventSnapshotV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.recordEvent(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.EventUpdated)
  async onEventUpdated(@Payload() fact: EventUpdatedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.eventUpdated(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.EventCancelled)
  async onEventCancelled(@Payload() fact: EventCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.eventCancelled(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.BookingConfirmed)
  async onBookingConfirmed(@Payload() fact: BookingConfirmedV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.bookingConfirmed(ctx.manager, fact);
  }

  @EventPattern(RoutingKeys.BookingCancelled)
  async onBookingCancelled(@Payload() fact: BookingCancelledV1, @Ctx() ctx: MessageContext): Promise<void> {
    await this.notifications.bookingCancelled(ctx.manager, fact);
  }
}
