import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NAMES, serviceEnv } from '@evently/testing/stack';

const root = join(__dirname, '..', '..');

/** Boots the built service (as the stack does) with a broken environment. */
function boot(service: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'apps', service, 'src', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('config validated at boot', () => {
  it.each(SERVICE_NAMES)(
    '%s refuses to start without DATABASE_PASSWORD and with a bad PORT, naming both',
    (service) => {
      const env = serviceEnv(service, { PORT: 'eighty' });
      delete (env as Record<string, string | undefined>).DATABASE_PASSWORD;
      const { code, stderr } = boot(service, env);
      expect(code).toBe(1);
      expect(stderr).toContain(`Invalid configuration for ${service}`);
      expect(stderr).toContain('DATABASE_PASSWORD is required but not set');
      expect(stderr).toMatch(/PORT: /);
    },
  );

  it('user-service alone needs the private signing key', () => {
    const env = serviceEnv('user-service');
    delete (env as Record<string, string | undefined>).JWT_PRIVATE_KEY_FILE;
    const { code, stderr } = boot('user-service', env);
    expect(code).toBe(1);
    expect(stderr).toContain('JWT_PRIVATE_KEY_FILE is required but not set');
  });
});
