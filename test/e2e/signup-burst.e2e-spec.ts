// Sign-ups under load (issue 12): 96 registrations through the gateway, 32 at a time, each from its own
// client address. Each is created, or refused as overload (503 with Retry-After) or rate limit (429); none
// is a 500. The figures are printed for the notes; no timing is asserted.
import { randomUUID } from 'node:crypto';
import { gatewayRequest, GatewayResponse, newClientAddress } from '@evently/testing/gateway-client';

const TOTAL = 96;
const AT_ONCE = 32;

const register = (): Promise<GatewayResponse> =>
  gatewayRequest('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `burst-${randomUUID()}@example.test`,
      password: 'correct horse battery staple',
      fullName: 'Burst',
    }),
    from: newClientAddress(),
  });

describe('a burst of sign-ups', () => {
  const responses: GatewayResponse[] = [];

  beforeAll(async () => {
    const started = Date.now();
    const waves: string[] = [];
    for (let sent = 0; sent < TOTAL; sent += AT_ONCE) {
      const waveStart = Date.now();
      const wave = await Promise.all(Array.from({ length: AT_ONCE }, register));
      responses.push(...wave);
      waves.push(`${Date.now() - waveStart} ms`);
    }
    const histogram = new Map<number, number>();
    for (const res of responses) histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
    process.stdout.write(
      `sign-up burst: ${TOTAL} sign-ups, ${AT_ONCE} at a time, in ${Date.now() - started} ms (waves ${waves.join(', ')}); ` +
        `${[...histogram].map(([status, n]) => `${status}: ${n}`).join(', ')}\n`,
    );
  }, 120_000);

  it('creates each account or refuses it as overload or rate limit, never with a 5xx other than 503', () => {
    expect(responses).toHaveLength(TOTAL);
    const unexpected = responses.filter((r) => ![201, 429, 503].includes(r.status));
    expect(unexpected.map((r) => `${r.status} ${r.text()}`)).toEqual([]);
  });

  it('tells a refused client when to retry, in the JSON error shape', () => {
    for (const res of responses.filter((r) => r.status === 503 || r.status === 429)) {
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.json()).toMatchObject({ statusCode: res.status, code: expect.any(String) });
    }
  });

  it('creates most of them: the burst is absorbed, not shed', () => {
    expect(responses.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(TOTAL / 2);
  });
});
