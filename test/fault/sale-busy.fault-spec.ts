// The gateway's in-flight cap on the sale (issue 33): with booking-service stalled (both instances paused,
// SIGSTOP, as a process starved of CPU looks from outside), POST /bookings beyond the cap are answered at
// once, 503 SERVICE_UNAVAILABLE with Retry-After, not queued behind the stalled ones; when the instances
// resume, the requests in flight complete.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { stackEnv } from '@evently/testing/stack';

const CAP = Number(stackEnv('EVENTLY_SALE_IN_FLIGHT'));
const pids = () =>
  [0, 1].map((i) =>
    Number(
      readFileSync(
        join(__dirname, '..', '..', '.stack', stackEnv('EVENTLY_STACK'), 'run', `booking-service-${i}.pid`),
        'utf8',
      ),
    ),
  );

describe('the sale under the gateway’s in-flight cap', () => {
  it('refuses bookings over the cap at once with 503 and Retry-After; those in flight complete', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await onSaleEvent(organizer, { capacity: CAP + 50 });
    const stalled = pids();
    for (const pid of stalled) process.kill(pid, 'SIGSTOP');
    try {
      const inFlight = Array.from({ length: CAP }, () =>
        book(makeCaller('customer'), { eventId: event.id, quantity: 1 }),
      );
      // Let the gateway hand those to the stalled instances, then ask for more.
      await new Promise((r) => setTimeout(r, 1_000));
      const started = Date.now();
      const over = await Promise.all(
        Array.from({ length: 10 }, () => book(makeCaller('customer'), { eventId: event.id, quantity: 1 })),
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      for (const res of over) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('1');
        expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      }
      for (const pid of stalled) process.kill(pid, 'SIGCONT');
      const answers = await Promise.all(inFlight);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    } finally {
      for (const pid of stalled) process.kill(pid, 'SIGCONT');
    }
  });
});
