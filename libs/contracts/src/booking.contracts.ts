import { z } from 'zod';
import { defineContract } from './contract';
import { uuid } from './common.schemas';

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
  bookingFact.extend({ reason: z.enum(['USER_CANCELLED', 'ADMIN_CANCELLED', 'EVENT_CANCELLED']) }),
);

export type BookingConfirmedV1 = z.infer<typeof bookingConfirmed.schema>;
export type BookingCancelledV1 = z.infer<typeof bookingCancelled.schema>;
