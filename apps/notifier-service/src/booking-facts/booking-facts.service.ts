import {
  BookingCancelledV1,
  BookingConfirmedV1,
  BookingHeldV1,
  BookingHoldEndedV1,
  BookingRefundedV1,
  CancelReason,
} from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { EventReplica } from '../event-replica/event-replica.service';
import { CalendarFiles } from '../calendar/calendar-files';
import { NotificationService } from '../notification/notification.service';
import {
  bookingCancelledMessage,
  bookingConfirmedMessage,
  EventFacts,
  holdExpiredMessage,
  NotificationType,
  paymentDueMessage,
  refundedMessage,
} from '../notification/templates';

/** What booking.* facts change here: the attendance replica, and a notice to the booking's holder. */
@Injectable()
export class BookingFactsService {
  constructor(
    private readonly attendances: AttendanceRepository,
    private readonly events: EventReplica,
    private readonly notifications: NotificationService,
    private readonly calendars: CalendarFiles,
  ) {}

  /** The holder's notice of a confirmed booking; returns the event as known here (the feed entry names its organizer). */
  async confirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<EventFacts> {
    await this.attendances.recordConfirmed(manager, fact);
    const event = await this.events.factsOf(manager, fact.eventId);
    const message = bookingConfirmedMessage(event, fact.quantity, fact.seats);
    await this.notifications.notify(manager, [fact.userId], {
      type: NotificationType.BookingConfirmed,
      cause: `booking-confirmed:${fact.bookingId}`,
      message,
      data: { bookingId: fact.bookingId, eventId: fact.eventId, quantity: fact.quantity, seats: fact.seats },
      ics: this.calendars.request([bookingOf(fact)], event),
      // The tickets' codes (facts of a ticket-issuing booking-service carry them): QR images in the email.
      ticketCodes: fact.tickets?.map((t) => t.code),
    });
    return event;
  }

  async cancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    await this.attendances.recordCancelled(manager, fact);
    // The event's own cancellation notice covers these: one notice per attendee, not one per booking.
    if (fact.reason === CancelReason.EventCancelled) return;
    const event = await this.events.factsOf(manager, fact.eventId);
    await this.notifications.notify(manager, [fact.userId], {
      type: NotificationType.BookingCancelled,
      cause: `booking-cancelled:${fact.bookingId}`,
      message: bookingCancelledMessage(
        event,
        fact.quantity,
        fact.seats,
        fact.reason === CancelReason.AdminCancelled,
      ),
      data: { bookingId: fact.bookingId, eventId: fact.eventId, reason: fact.reason },
      // Takes the booking out of the person's calendar (the event's cancellation does it for its bookings).
      ics: this.calendars.cancel([bookingOf(fact)], event, false),
    });
  }

  /** A priced order awaits payment: its holder is told how much, how and by when. */
  async held(manager: EntityManager, fact: BookingHeldV1): Promise<void> {
    const event = await this.events.factsOf(manager, fact.eventId);
    await this.notifications.notify(manager, [fact.userId], {
      type: NotificationType.PaymentDue,
      cause: `booking-held:${fact.bookingId}`,
      message: paymentDueMessage(
        event,
        fact.quantity,
        fact.total,
        fact.paymentReference ?? fact.bookingId,
        new Date(fact.expiresAt),
      ),
      data: {
        bookingId: fact.bookingId,
        eventId: fact.eventId,
        total: fact.total,
        expiresAt: fact.expiresAt,
      },
    });
  }

  /** A hold lapsed unpaid: its holder is told the places went back (a hold they cancelled needs no word). */
  async holdEnded(manager: EntityManager, fact: BookingHoldEndedV1): Promise<void> {
    if (fact.reason !== 'expired') return;
    const event = await this.events.factsOf(manager, fact.eventId);
    await this.notifications.notify(manager, [fact.userId], {
      type: NotificationType.HoldExpired,
      cause: `booking-hold-ended:${fact.bookingId}`,
      message: holdExpiredMessage(event, fact.quantity),
      data: { bookingId: fact.bookingId, eventId: fact.eventId },
    });
  }

  /** Money given back: one notice per refund. */
  async refunded(manager: EntityManager, fact: BookingRefundedV1): Promise<void> {
    const event = await this.events.factsOf(manager, fact.eventId);
    await this.notifications.notify(manager, [fact.userId], {
      type: NotificationType.Refunded,
      cause: `booking-refunded:${fact.refundId}`,
      message: refundedMessage(event, fact.amount, fact.provider),
      data: {
        bookingId: fact.bookingId,
        eventId: fact.eventId,
        amount: fact.amount,
        provider: fact.provider,
      },
    });
  }
}

const bookingOf = (fact: BookingConfirmedV1 | BookingCancelledV1) => ({
  bookingId: fact.bookingId,
  quantity: fact.quantity,
  seats: fact.seats,
});
