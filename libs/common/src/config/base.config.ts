import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Variables every Evently service needs; each service extends this with its own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** 0 picks a free port (tests). */
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/, 'must look like 512kb or 1mb')
    .default('1mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_HOST: z.string().min(1),
  DATABASE_PORT: port.default(5432),
  DATABASE_NAME: z.string().min(1),
  DATABASE_USER: z.string().min(1),
  DATABASE_PASSWORD: z.string().min(1),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_MIGRATIONS_RUN: booleanFlag.default(true),
  RABBITMQ_URL: z.string().regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL'),
  /** Topic exchange of domain facts, and the exchange that leads to each service's `<queue>.dlq`. */
  MESSAGING_EXCHANGE: z.string().min(1).default('evently.events'),
  MESSAGING_DEAD_LETTER_EXCHANGE: z.string().min(1).default('evently.dlx'),
  /** The service's queue; defaults to the service name. */
  MESSAGING_QUEUE: z.string().min(1).optional(),
  MESSAGING_PREFETCH: z.coerce.number().int().min(1).max(1000).default(20),
  /** Delays of the retry tiers, in milliseconds, comma-separated. */
  MESSAGING_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 1000,10000,60000')
    .default('1000,10000,60000')
    .transform((v) => v.split(',').map(Number)),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  JWT_PUBLIC_KEY_FILE: z.string().min(1),
  JWT_ISSUER: z.string().min(1).default('evently-user-service'),
  JWT_AUDIENCE: z.string().min(1).default('evently'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
