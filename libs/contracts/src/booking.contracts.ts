import { z } from 'zod';
import { defineContract } from './contract';
import { isoDateTime, uuid } from './common.schemas';
import { moneySchema } from './event.contracts';

/** Why a booking was cancelled: the one list the booking service, its facts and their consumers share. */
export const CancelReason = {
  UserCancelled: 'USER_CANCELLED',
  AdminCancelled: 'ADMIN_CANCELLED',
  EventCancelled: 'EVENT_CANCELLED',
} as const;
export type CancelReason = (typeof CancelReason)[keyof typeof CancelReason];
export const CANCEL_REASONS = Object.values(CancelReason) as [CancelReason, ...CancelReason[]];

const bookingFact = z.object({
  bookingId: uuid,
  eventId: uuid,
  userId: uuid,
  quantity: z.number().int().min(1),
  seats: z.array(z.string().min(1).max(40)),
});

/**
 * A booking confirmed; `tickets` (from the ticket-issuing booking-service on) are its tickets with their
 * signed codes, one per place, for the confirmation email's QR codes. Left out by older producers.
 */
export const bookingConfirmed = defineContract(
  'booking.confirmed',
  1,
  bookingFact.extend({
    tickets: z
      .array(
        z.object({
          ticketId: uuid,
          code: z.string().regex(/^[A-Za-z0-9_-]{130}$/),
          seat: z.string().nullable(),
        }),
      )
      .optional(),
  }),
);
export const bookingCancelled = defineContract(
  'booking.cancelled',
  1,
  bookingFact.extend({ reason: z.enum(CANCEL_REASONS) }),
);

/** A priced order holds its places until `expiresAt`, awaiting payment (no booking.confirmed yet). */
export const bookingHeld = defineContract(
  'booking.held',
  1,
  z.object({
    bookingId: uuid,
    eventId: uuid,
    userId: uuid,
    quantity: z.number().int().min(1),
    items: z.array(
      z.object({
        ticketTypeId: uuid,
        name: z.string(),
        quantity: z.number().int().min(1),
        unitPrice: z.number().int().min(0),
      }),
    ),
    total: moneySchema,
    expiresAt: isoDateTime,
    /** What to quote with a bank transfer (older facts lack it: the booking id was quoted). */
    paymentReference: z.string().min(1).max(40).optional(),
  }),
);

/** A hold ended unpaid: lapsed at its deadline (`expired`), or `cancelled` by its holder. Its places are free. */
export const bookingHoldEnded = defineContract(
  'booking.hold_ended',
  1,
  z.object({
    bookingId: uuid,
    eventId: uuid,
    userId: uuid,
    quantity: z.number().int().min(1),
    reason: z.enum(['expired', 'cancelled']),
  }),
);

/** Money given back for a booking (part or all of what was paid). */
export const bookingRefunded = defineContract(
  'booking.refunded',
  1,
  z.object({
    bookingId: uuid,
    eventId: uuid,
    userId: uuid,
    refundId: uuid,
    amount: moneySchema,
    provider: z.string().min(1),
  }),
);

/**
 * A ticket checked in at the door (online, or a scan made offline and synced: `offline`, `scannedAt` when
 * it was made). An undone check-in is not a fact of its own here.
 */
export const ticketCheckedIn = defineContract(
  'ticket.checked_in',
  1,
  z.object({
    ticketId: uuid,
    bookingId: uuid,
    eventId: uuid,
    ticketTypeId: uuid.nullable(),
    seat: z.string().nullable(),
    attendeeName: z.string().nullable(),
    checkedInAt: isoDateTime,
    checkedInBy: uuid,
    deviceId: z.string().max(100).nullable(),
    offline: z.boolean(),
  }),
);

export type TicketCheckedInV1 = z.infer<typeof ticketCheckedIn.schema>;
export type BookingConfirmedV1 = z.infer<typeof bookingConfirmed.schema>;
export type BookingHeldV1 = z.infer<typeof bookingHeld.schema>;
export type BookingHoldEndedV1 = z.infer<typeof bookingHoldEnded.schema>;
export type BookingRefundedV1 = z.infer<typeof bookingRefunded.schema>;
export type BookingCancelledV1 = z.infer<typeof bookingCancelled.schema>;
