// Fault suite: stops every instance of a service of the test stack, then brings it back.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { stackEnv } from '@evently/testing/stack';

const stack = (...args: string[]) =>
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'stack.sh'), ...args], {
    env: { ...process.env, EVENTLY_STACK: stackEnv('EVENTLY_STACK'), EVENTLY_SKIP_BUILD: '1' },
    stdio: 'pipe',
  });

describe('a service with every instance down', () => {
  afterAll(() => stack('service:start', 'notifier-service'));

  it('gets a JSON 502 from the gateway, never an HTML page, and recovers once restarted', async () => {
    stack('service:stop', 'notifier-service');
    for (const path of ['/api/v1/notifications', '/health/notifier-service']) {
      const res = await gatewayRequest(path, { from: newClientAddress() });
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toMatchObject({
        statusCode: 502,
        code: 'BAD_GATEWAY',
        requestId: res.headers['x-request-id'],
      });
    }
    stack('service:start', 'notifier-service');
    const back = await gatewayRequest('/health/notifier-service', { from: newClientAddress() });
    expect(back.status).toBe(200);
  });
});
