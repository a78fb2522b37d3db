import { z } from 'zod';
import { defineContract } from './contract';
import { uuid } from './common.schemas';

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

export const bookingConfirmed = defineContract('booking.confirmed', 1, bookingFact);
export const bookingCancelled = defineContract(
  'booking.cancelled',
  1,
  bookingFact.extend({ reason: z.enum(CANCEL_REASONS) }),
);

export type BookingConfirmedV1 = z.infer<typeof bookingConfirmed.schema>;
export type BookingCancelledV1 = z.infer<typeof bookingCancelled.schema>;
