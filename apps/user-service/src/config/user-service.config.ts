import { baseConfigSchema } from '@evently/common';
import { z } from 'zod';

export const userServiceConfigSchema = baseConfigSchema.extend({
  /** PEM of the RS256 private key; only user-service may sign access tokens. */
  JWT_PRIVATE_KEY_FILE: z.string().min(1),
});

export type UserServiceConfig = z.infer<typeof userServiceConfigSchema>;
