import { baseConfigSchema } from '@evently/common';
import { z } from 'zod';

export const bookingServiceConfigSchema = baseConfigSchema.extend({
  /** Tickets one user may hold for one event, over all their confirmed bookings. */
  BOOKING_MAX_TICKETS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  /** How long an Idempotency-Key keeps its recorded response. */
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** A key still in flight after this long belongs to a request that died; a retry may take it over. */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
});

export type BookingServiceConfig = z.infer<typeof bookingServiceConfigSchema>;
