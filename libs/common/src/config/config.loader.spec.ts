import { z } from 'zod';
import { messagingConfigSchema } from '@evently/messaging';
import { baseConfigSchema } from './base.config';
import { ConfigValidationError, loadConfig } from './config.loader';

const validEnv = {
  PORT: '3000',
  DATABASE_HOST: 'localhost',
  DATABASE_NAME: 'evently_event',
  DATABASE_USER: 'event_service',
  DATABASE_PASSWORD: 'secret',
  RABBITMQ_URL: 'amqp://guest:guest@localhost:5672',
  JWT_PUBLIC_KEY_FILE: '/keys/public.pem',
};

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig('event-service', baseConfigSchema, validEnv);
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_PORT).toBe(5432);
    expect(config.DATABASE_MIGRATIONS_RUN).toBe(true);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every missing and malformed variable', () => {
    const env = { ...validEnv, PORT: 'eighty', RABBITMQ_URL: 'http://nope' } as Record<
      string,
      string | undefined
    >;
    delete env.DATABASE_PASSWORD;
    let error: unknown;
    try {
      loadConfig('event-service', baseConfigSchema.extend(messagingConfigSchema.shape), env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.join('\n');
    expect(problems).toContain('DATABASE_PASSWORD is required but not set');
    expect(problems).toMatch(/PORT: /);
    expect(problems).toMatch(/RABBITMQ_URL: must be an amqp/);
    expect((error as Error).message).toContain('Invalid configuration for event-service');
  });

  it('validates the variables a service adds to the base schema', () => {
    const schema = baseConfigSchema.extend({ JWT_PRIVATE_KEY_FILE: z.string().min(1) });
    expect(() => loadConfig('user-service', schema, validEnv)).toThrow(/JWT_PRIVATE_KEY_FILE is required/);
  });

  it('rejects an unknown boolean spelling instead of guessing', () => {
    expect(() => loadConfig('x', baseConfigSchema, { ...validEnv, DATABASE_MIGRATIONS_RUN: 'yes' })).toThrow(
      /DATABASE_MIGRATIONS_RUN/,
    );
  });
});
