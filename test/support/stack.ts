// Where the test stack's servers are, and the environment a service would get from scripts/stack.sh.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
export type ServiceName = 'user-service' | 'event-service' | 'booking-service' | 'notifier-service';
export const SERVICE_NAMES: readonly ServiceName[] = [
  'user-service',
  'event-service',
  'booking-service',
  'notifier-service',
];

export function stackEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set; is the test stack running?`);
  return value;
}

export const gatewayUrl = (): string => stackEnv('EVENTLY_GATEWAY_URL');

/** A lab service of the test stack: own database and role, for testing libs as a service uses them. */
// Each spec file uses its own lab databases: spec files run in parallel, and relays drain a whole outbox.
export type LabServiceName = `lab${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}-service`;

/** The database of a service's middle-tier (medium) specs: its schema, none of the running services. */
export type MediumServiceName = 'medium-booking-service' | 'medium-event-service' | 'medium-notifier-service';

export function databaseOf(service: ServiceName | LabServiceName | MediumServiceName): {
  database: string;
  user: string;
  password: string;
} {
  const role = service.replaceAll('-', '_');
  return {
    database: `evently_${role.replace(/_service$/, '')}`,
    user: role,
    password: stackEnv(`${role.toUpperCase()}_DB_PASSWORD`),
  };
}

/** The environment scripts/stack.sh gives an instance of `service`, with overrides. */
export function serviceEnv(
  service: ServiceName | LabServiceName | MediumServiceName,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const db = databaseOf(service);
  return {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_HOST: stackEnv('EVENTLY_PG_HOST'),
    DATABASE_PORT: stackEnv('EVENTLY_PG_PORT'),
    DATABASE_NAME: db.database,
    DATABASE_USER: db.user,
    DATABASE_PASSWORD: db.password,
    RABBITMQ_URL: stackEnv('EVENTLY_RABBITMQ_URL'),
    JWT_PUBLIC_KEY_FILE: stackEnv('EVENTLY_JWT_PUBLIC_KEY_FILE'),
    ...(service === 'user-service' ? { JWT_PRIVATE_KEY_FILE: stackEnv('EVENTLY_JWT_PRIVATE_KEY_FILE') } : {}),
    ...overrides,
  };
}

/** Runs `fn` with process.env extended by `env`, restoring it afterwards. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** Runs `scripts/stack.sh <args>` on the running test stack (fault drills: broker:stop, mail:start, ...). */
export function stackScript(...args: string[]): void {
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'stack.sh'), ...args], {
    env: { ...process.env, EVENTLY_STACK: stackEnv('EVENTLY_STACK'), EVENTLY_SKIP_BUILD: '1' },
    stdio: 'pipe',
  });
}
