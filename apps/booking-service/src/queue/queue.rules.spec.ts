import {
  admissionsDue,
  estimatedWaitSeconds,
  paceOf,
  passRefusal,
  positionOf,
  QueueHead,
  salePhase,
  smoothedRate,
} from './queue.rules';

const onSale = (queue: boolean, opensAt = '2027-01-01T10:00:00Z') => ({
  queue,
  opensAt,
  admitPerMinute: null,
  passMinutes: 10,
});
const head = (over: Partial<QueueHead> = {}): QueueHead => ({
  lastRank: 100,
  admittedUpto: 0,
  allowance: 0,
  admittedAt: new Date(0),
  recentPerMinute: 0,
  ...over,
});

describe('queue rules', () => {
  it('a sale is before its opening, then through the queue (or open to anyone without one)', () => {
    const opens = Date.parse('2027-01-01T10:00:00Z');
    expect(salePhase(null, opens)).toBe('open');
    expect(salePhase(onSale(true), opens - 1)).toBe('before');
    expect(salePhase(onSale(true), opens)).toBe('queue');
    expect(salePhase(onSale(false), opens - 1)).toBe('before');
    expect(salePhase(onSale(false), opens)).toBe('open');
  });

  it("paces by the organizer's rate, else by a window of passes in use", () => {
    expect(paceOf({ ...onSale(true), admitPerMinute: 120 }, 50)).toEqual({ perMinute: 120 });
    expect(paceOf(onSale(true), 50)).toEqual({ window: 50 });
  });

  describe('at a fixed rate', () => {
    it('admits what the time since the last round allows, carrying the fraction', () => {
      // 120 a minute = 2 a second; 1.25 s -> 2.5: 2 now, 0.5 carried.
      expect(admissionsDue(head(), { perMinute: 120 }, 1_250, 0)).toEqual({ admit: 2, allowance: 0.5 });
      expect(admissionsDue(head({ allowance: 0.5 }), { perMinute: 120 }, 250, 0)).toEqual({
        admit: 1,
        allowance: 0,
      });
    });

    it('a late round owes what its time allows, up to ten seconds’ worth', () => {
      expect(admissionsDue(head(), { perMinute: 600 }, 6_000, 0).admit).toBe(60);
      expect(admissionsDue(head(), { perMinute: 600 }, 60_000, 0).admit).toBe(100);
    });

    it('never more than are waiting, and carries nothing when the line is empty', () => {
      expect(admissionsDue(head({ lastRank: 3 }), { perMinute: 600 }, 10_000, 0)).toEqual({
        admit: 3,
        allowance: 0,
      });
      expect(admissionsDue(head({ lastRank: 5, admittedUpto: 5 }), { perMinute: 600 }, 1_000, 0).admit).toBe(
        0,
      );
    });

    it('a slow rate admits one once enough time has passed', () => {
      expect(admissionsDue(head(), { perMinute: 1 }, 1_000, 0).admit).toBe(0);
      expect(admissionsDue(head({ allowance: 0.99 }), { perMinute: 1 }, 1_000, 0).admit).toBe(1);
    });
  });

  it('in a window, admits as many as there are free places in it', () => {
    expect(admissionsDue(head(), { window: 50 }, 1_000, 0).admit).toBe(50);
    expect(admissionsDue(head(), { window: 50 }, 1_000, 45).admit).toBe(5);
    expect(admissionsDue(head(), { window: 50 }, 1_000, 60).admit).toBe(0);
    expect(admissionsDue(head({ lastRank: 10, admittedUpto: 8 }), { window: 50 }, 1_000, 0).admit).toBe(2);
  });

  it('measures the admission rate, smoothed over about a minute', () => {
    expect(smoothedRate(0, 10, 60_000)).toBe(10);
    expect(smoothedRate(60, 0, 6_000)).toBeCloseTo(54);
    expect(smoothedRate(60, 5, 0)).toBe(60);
  });

  it('positions: null until ranked, 1 next, 0 once admitted', () => {
    expect(positionOf(null, 0)).toBeNull();
    expect(positionOf(11, 10)).toBe(1);
    expect(positionOf(25, 10)).toBe(15);
    expect(positionOf(3, 10)).toBe(0);
  });

  it('estimates the wait from the position and the rate (measured, else the fallback)', () => {
    expect(estimatedWaitSeconds(120, 60, 3000)).toBe(120);
    expect(estimatedWaitSeconds(100, 0, 3000)).toBe(2);
    expect(estimatedWaitSeconds(0, 60, 3000)).toBe(0);
    expect(estimatedWaitSeconds(null, 60, 3000)).toBeNull();
  });

  it('a pass lets its holder book while valid; says why not otherwise', () => {
    const now = Date.parse('2027-01-01T10:05:00Z');
    const entry = { pass: 'qp_a', passExpiresAt: new Date(now + 1) };
    expect(passRefusal(entry, 'qp_a', now)).toBeNull();
    expect(passRefusal(entry, undefined, now)).toBe('no_pass');
    expect(passRefusal(null, 'qp_a', now)).toBe('no_pass');
    expect(passRefusal({ pass: null, passExpiresAt: null }, 'qp_a', now)).toBe('no_pass');
    expect(passRefusal(entry, 'qp_b', now)).toBe('wrong_pass');
    expect(passRefusal({ ...entry, passExpiresAt: new Date(now) }, 'qp_a', now)).toBe('expired');
  });
});
