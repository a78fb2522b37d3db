import { authConfigSchema } from '@evently/auth';
import { baseConfigSchema } from '@evently/common';
import { messagingConfigSchema } from '@evently/messaging';
import { z } from 'zod';

export const userServiceConfigSchema = baseConfigSchema
  .extend({ ...messagingConfigSchema.shape, ...authConfigSchema.shape })
  .extend({
    /** PEM of the RS256 private key; only user-service may sign access tokens. */
    JWT_PRIVATE_KEY_FILE: z.string().min(1),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** The first admin, created at start-up if missing (both or neither). */
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(10).max(128).optional(),
    /**
     * Password hashes (argon2, 64 MiB each) computed at once; each holds a libuv thread, so this stays below
     * UV_THREADPOOL_SIZE and leaves threads for the database driver's SCRAM handshake and DNS.
     */
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Hashes that may wait for a turn; past that, sign-up and login answer 503 with Retry-After. */
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10000).default(64),
  })
  .refine((c) => (c.ADMIN_EMAIL === undefined) === (c.ADMIN_PASSWORD === undefined), {
    path: ['ADMIN_PASSWORD'],
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
  });

export type UserServiceConfig = z.infer<typeof userServiceConfigSchema>;
