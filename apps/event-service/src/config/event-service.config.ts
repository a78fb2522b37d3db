import { baseConfigSchema } from '@evently/common';
import { z } from 'zod';

export const eventServiceConfigSchema = baseConfigSchema;

export type EventServiceConfig = z.infer<typeof eventServiceConfigSchema>;
