import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

/**
 * booking-service's error codes that several concepts raise (the event replica's, seats', bookings',
 * Idempotency-Keys'), so no concept's module owns them. A concept with codes of its own keeps them beside it
 * (waitlist/waitlist.exception.ts, invitation/invitation.exception.ts).
 */
export enum BookingErrorCode {
  EventNotFound = 'EVENT_NOT_FOUND',
  EventNotBookable = 'EVENT_NOT_BOOKABLE',
  SoldOut = 'SOLD_OUT',
  SeatUnavailable = 'SEAT_UNAVAILABLE',
  UnknownSeats = 'UNKNOWN_SEATS',
  AdmissionMismatch = 'ADMISSION_MISMATCH',
  LimitExceeded = 'LIMIT_EXCEEDED',
  BookingNotFound = 'BOOKING_NOT_FOUND',
  BookingNotCancellable = 'BOOKING_NOT_CANCELLABLE',
  NotEventOrganizer = 'NOT_EVENT_ORGANIZER',
  NotBookingHolder = 'NOT_BOOKING_HOLDER',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyInProgress = 'IDEMPOTENCY_IN_PROGRESS',
  TicketTypeNotOnSale = 'TICKET_TYPE_NOT_ON_SALE',
  CheckoutRequired = 'CHECKOUT_REQUIRED',
  UnknownTicketTypes = 'UNKNOWN_TICKET_TYPES',
  BookingNotPayable = 'BOOKING_NOT_PAYABLE',
  RefundExceedsPaid = 'REFUND_EXCEEDS_PAID',
}

const statusOf: Record<BookingErrorCode, HttpStatus> = {
  [BookingErrorCode.EventNotFound]: HttpStatus.NOT_FOUND,
  [BookingErrorCode.EventNotBookable]: HttpStatus.CONFLICT,
  [BookingErrorCode.SoldOut]: HttpStatus.CONFLICT,
  [BookingErrorCode.SeatUnavailable]: HttpStatus.CONFLICT,
  [BookingErrorCode.UnknownSeats]: HttpStatus.UNPROCESSABLE_ENTITY,
  [BookingErrorCode.AdmissionMismatch]: HttpStatus.UNPROCESSABLE_ENTITY,
  [BookingErrorCode.LimitExceeded]: HttpStatus.CONFLICT,
  [BookingErrorCode.BookingNotFound]: HttpStatus.NOT_FOUND,
  [BookingErrorCode.BookingNotCancellable]: HttpStatus.CONFLICT,
  [BookingErrorCode.NotEventOrganizer]: HttpStatus.FORBIDDEN,
  [BookingErrorCode.NotBookingHolder]: HttpStatus.FORBIDDEN,
  [BookingErrorCode.IdempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
  [BookingErrorCode.IdempotencyInProgress]: HttpStatus.CONFLICT,
  [BookingErrorCode.TicketTypeNotOnSale]: HttpStatus.CONFLICT,
  [BookingErrorCode.CheckoutRequired]: HttpStatus.CONFLICT,
  [BookingErrorCode.UnknownTicketTypes]: HttpStatus.UNPROCESSABLE_ENTITY,
  [BookingErrorCode.BookingNotPayable]: HttpStatus.CONFLICT,
  [BookingErrorCode.RefundExceedsPaid]: HttpStatus.CONFLICT,
};

export class BookingException extends domainException(statusOf) {}

/** 409 LIMIT_EXCEEDED: the booking would take the person past their tickets for the event. */
export const limitExceeded = (limit: number) =>
  new BookingException(BookingErrorCode.LimitExceeded, `At most ${limit} tickets per person for an event`, {
    limit,
  });

/** 403 NOT_EVENT_ORGANIZER: an organizer's list or summary, asked for by someone else. */
export const notEventOrganizer = () =>
  new BookingException(BookingErrorCode.NotEventOrganizer, "Only the event's organizer or an admin");
