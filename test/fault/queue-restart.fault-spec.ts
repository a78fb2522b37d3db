// The on-sale queue across a booking-service crash (issue 33): 60 visitors wait in line; once the queue has
// admitted some, every booking-service instance is killed (-9, perhaps mid-round) and started again. Nobody
// is lost: those admitted before keep their pass and book with it, the rest are admitted after, each once and
// in rank order, and all 60 book.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, book, makeCaller, onSaleEvent, registeredCaller } from '@evently/testing/evently-api';
import { eventually } from '@evently/testing/eventually';
import { queryServiceDb } from '@evently/testing/service-db';
import { stackEnv } from '@evently/testing/stack';

const VISITORS = 60;
const script = join(__dirname, '..', '..', 'scripts', 'stack.sh');
const drill = (...args: string[]) =>
  promisify(execFile)('bash', [script, ...args], {
    env: { ...process.env, EVENTLY_STACK: stackEnv('EVENTLY_STACK'), EVENTLY_SKIP_BUILD: '1' },
    timeout: 120_000,
  });

interface Row {
  user_id: string;
  rank: number | null;
  pass: string | null;
  admitted_at: Date | null;
}
const rowsOf = (eventId: string) =>
  queryServiceDb<Row>(
    'booking-service',
    `SELECT user_id, rank, pass, admitted_at FROM queue_entries WHERE event_id = $1 ORDER BY rank`,
    [eventId],
  );

describe('on-sale queue across a booking-service crash', () => {
  it('loses no admitted visitor, admits the rest once each in order, and all of them book', async () => {
    const organizer = await registeredCaller('organizer');
    const event = await onSaleEvent(organizer, {
      capacity: 100,
      // Ten a second: the crash lands while most are still waiting.
      onSale: { queue: true, opensAt: new Date(Date.now() + 3_000).toISOString(), admitPerMinute: 600 },
    });
    const visitors = Array.from({ length: VISITORS }, () => makeCaller('customer'));
    for (const visitor of visitors) {
      expect((await api('POST', `/events/${event.id}/queue`, { caller: visitor })).status).toBe(201);
    }
    await eventually(
      async () => ((await rowsOf(event.id)).filter((r) => r.pass).length >= 10 ? true : undefined),
      20_000,
      'ten admitted',
    );

    await Promise.all([
      drill('service:kill', 'booking-service', '0'),
      drill('service:kill', 'booking-service', '1'),
    ]);
    const before = new Map((await rowsOf(event.id)).filter((r) => r.pass).map((r) => [r.user_id, r.pass]));
    expect(before.size).toBeGreaterThanOrEqual(10);
    expect(before.size).toBeLessThan(VISITORS);
    await drill('service:start', 'booking-service');

    const rows = await eventually(
      async () => {
        const all = await rowsOf(event.id);
        return all.every((r) => r.pass) ? all : undefined;
      },
      30_000,
      'everyone admitted after the restart',
    );
    expect(rows.map((r) => r.rank)).toEqual(Array.from({ length: VISITORS }, (_, i) => i + 1));
    const times = rows.map((r) => r.admitted_at!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Passes given before the crash are the same after it.
    for (const [userId, pass] of before) expect(rows.find((r) => r.user_id === userId)!.pass).toBe(pass);

    const passOf = new Map(rows.map((r) => [r.user_id, r.pass!]));
    const answers = await Promise.all(
      visitors.map((v) => book(v, { eventId: event.id, quantity: 1, queuePass: passOf.get(v.id) })),
    );
    expect(answers.map((a) => a.status)).toEqual(visitors.map(() => 201));
    const [sold] = await queryServiceDb<{ sold: number }>(
      'booking-service',
      `SELECT sold FROM inventory WHERE event_id = $1`,
      [event.id],
    );
    expect(sold.sold).toBe(VISITORS);
  });
});
