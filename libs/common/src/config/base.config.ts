import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Variables every Evently service needs (HTTP, logging, database); libs/messaging and libs/auth add their
 * own schemas, and each service composes them with its own variables.
 */
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
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
