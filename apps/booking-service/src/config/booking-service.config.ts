import { baseConfigSchema } from '@evently/common';
import { z } from 'zod';

export const bookingServiceConfigSchema = baseConfigSchema;

export type BookingServiceConfig = z.infer<typeof bookingServiceConfigSchema>;
