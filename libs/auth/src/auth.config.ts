import { z } from 'zod';

/** What libs/auth reads: the key that verifies access tokens, and their expected issuer and audience. */
export const authConfigSchema = z.object({
  JWT_PUBLIC_KEY_FILE: z.string().min(1),
  JWT_ISSUER: z.string().min(1).default('evently-user-service'),
  JWT_AUDIENCE: z.string().min(1).default('evently'),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
