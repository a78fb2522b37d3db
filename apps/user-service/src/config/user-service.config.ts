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
    /**
     * argon2id's cost for new hashes (a stored hash keeps its own): the library's defaults, 64 MiB, 3 passes,
     * 4 lanes. Never below OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane), which the test stack uses
     * (about 8x less CPU per hash on its machines; it hashes some 500 passwords per run).
     */
    PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(19456).max(4194304).default(65536),
    PASSWORD_HASH_TIME_COST: z.coerce.number().int().min(2).max(20).default(3),
    PASSWORD_HASH_PARALLELISM: z.coerce.number().int().min(1).max(16).default(4),
  })
  .refine((c) => (c.ADMIN_EMAIL === undefined) === (c.ADMIN_PASSWORD === undefined), {
    path: ['ADMIN_PASSWORD'],
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
  });

export type UserServiceConfig = z.infer<typeof userServiceConfigSchema>;
