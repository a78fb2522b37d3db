// The fault drills the README documents, run as a person runs them: `bash scripts/stack.sh <drill>` from a
// plain shell, with none of the stack's variables (passwords, ports) in the environment (issue 12).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '@evently/testing/eventually';
import { gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { stackEnv } from '@evently/testing/stack';

const script = join(__dirname, '..', '..', 'scripts', 'stack.sh');

/** Runs a drill with a clean environment: PATH, HOME, and which stack (and where its state is). */
function drill(...args: string[]): string {
  return execFileSync('bash', [script, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      EVENTLY_STACK: stackEnv('EVENTLY_STACK'),
      EVENTLY_STATE_DIR: stackEnv('EVENTLY_STATE_DIR'),
      EVENTLY_SKIP_BUILD: '1',
      CI: 'true',
    },
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 180_000,
  });
}

const healthy = (service: string) =>
  eventually(
    async () => {
      const res = await gatewayRequest(`/health/${service}`, { from: newClientAddress() });
      return res.status === 200 ? true : undefined;
    },
    60_000,
    `${service} healthy`,
  );

describe('fault drills from a plain shell', () => {
  it('stops and starts one service (service:stop / service:start)', async () => {
    drill('service:stop', 'notifier-service');
    const down = await gatewayRequest('/health/notifier-service', { from: newClientAddress() });
    expect(down.status).toBe(502);
    const output = drill('service:start', 'notifier-service');
    expect(output).toContain('notifier-service healthy');
    expect(await healthy('notifier-service')).toBe(true);
  }, 120_000);

  it('stops and starts the mail catcher (mail:stop / mail:start)', () => {
    drill('mail:stop');
    expect(drill('status')).toMatch(/maildev\s+stopped/);
    drill('mail:start');
    expect(drill('status')).toMatch(/maildev\s+running/);
  }, 60_000);

  it('stops and starts the broker (broker:stop / broker:start)', async () => {
    drill('broker:stop');
    drill('broker:start');
    expect(drill('status')).toMatch(/rabbitmq\s+running/);
    expect(await healthy('booking-service')).toBe(true);
  }, 120_000);

  it('brings the whole stack up again, printing no secret and the right stop command', () => {
    const output = drill('up');
    const password = stackEnv('ADMIN_PASSWORD');
    expect(output).not.toContain(password);
    expect(output).toContain(`EVENTLY_STACK=${stackEnv('EVENTLY_STACK')} npm run stack:stop`);
  }, 180_000);
});
