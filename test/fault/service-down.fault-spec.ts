// Fault suite: stops every instance of a service of the test stack, then brings it back.
import { gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { stackScript } from '@evently/testing/stack';

describe('a service with every instance down', () => {
  afterAll(() => stackScript('service:ensure', 'notifier-service'));

  it('gets a JSON 502 from the gateway, never an HTML page, and recovers once restarted', async () => {
    stackScript('service:stop', 'notifier-service');
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
    stackScript('service:start', 'notifier-service');
    const back = await gatewayRequest('/health/notifier-service', { from: newClientAddress() });
    expect(back.status).toBe(200);
  });
});
