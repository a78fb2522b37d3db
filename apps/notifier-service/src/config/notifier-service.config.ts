import { baseConfigSchema } from '@evently/common';
import { z } from 'zod';

export const notifierServiceConfigSchema = baseConfigSchema;

export type NotifierServiceConfig = z.infer<typeof notifierServiceConfigSchema>;
