import { Registry } from 'prom-client';
import { Poller } from './poller';

/** Lets pending promise callbacks run (the poller chains its rounds on promises). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('Poller', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs rounds back to back while they report more work, then waits the interval', async () => {
    const results = [true, true, false, false];
    const round = jest.fn(() => Promise.resolve(results.shift() ?? false));
    const poller = new Poller({ name: 'test', intervalMs: 1000, round });
    poller.start();
    await settle();
    expect(round).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(999);
    expect(round).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(round).toHaveBeenCalledTimes(4);
    await poller.stop();
  });

  it('backs off after failures, doubling up to the cap, and recovers', async () => {
    let fail = true;
    const round = jest.fn(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve(false)));
    const poller = new Poller({ name: 'test', intervalMs: 100, maxBackoffMs: 350, round });
    poller.start();
    await settle();
    expect(round).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(200); // 1 failure: 200 ms
    expect(round).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(349); // 2 failures: 400 ms, capped at 350
    expect(round).toHaveBeenCalledTimes(2);
    fail = false;
    await jest.advanceTimersByTimeAsync(1);
    expect(round).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(100); // recovered: the plain interval again
    expect(round).toHaveBeenCalledTimes(4);
    await poller.stop();
  });

  it('coalesces wake-ups during a round into one more round', async () => {
    let release!: () => void;
    const round = jest
      .fn<Promise<boolean>, []>()
      .mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(false))))
      .mockResolvedValue(false);
    const poller = new Poller({ name: 'test', intervalMs: 60_000, round });
    poller.start();
    await settle();
    poller.wake();
    poller.wake();
    poller.wake();
    release();
    await settle();
    expect(round).toHaveBeenCalledTimes(2);
    await poller.stop();
  });

  it('waits for the round in flight when stopped, and runs no more', async () => {
    let release!: () => void;
    let finished = false;
    const round = jest.fn(
      () =>
        new Promise<boolean>((resolve) => {
          release = () => {
            finished = true;
            resolve(true);
          };
        }),
    );
    const poller = new Poller({ name: 'test', intervalMs: 10, round });
    poller.start();
    await settle();
    const stopped = poller.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(round).toHaveBeenCalledTimes(1);
  });

  it('counts rounds by outcome', async () => {
    const registry = new Registry();
    const outcomes = [() => Promise.resolve(true), () => Promise.reject(new Error('x'))];
    const poller = new Poller({
      name: 'counted',
      intervalMs: 1000,
      round: () => (outcomes.shift() ?? (() => Promise.resolve(false)))(),
      registry,
    });
    poller.start();
    await settle();
    await poller.stop();
    const metric = await registry.getSingleMetricAsString('poller_rounds_total');
    expect(metric).toContain('poller_rounds_total{poller="counted",outcome="work"} 1');
    expect(metric).toContain('poller_rounds_total{poller="counted",outcome="failed"} 1');
  });
});
