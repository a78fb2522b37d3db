import { ConcurrencyGate } from './concurrency-gate';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks at once and the rest in arrival order', async () => {
    const gate = new ConcurrencyGate(2, 10);
    const started: number[] = [];
    const blockers = [deferred(), deferred(), deferred(), deferred()];
    const runs = blockers.map((b, i) =>
      gate.run(
        async () => {
          started.push(i);
          await b.promise;
          return i;
        },
        () => new Error('full'),
      ),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(gate.queued).toBe(2);
    blockers[1].resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    blockers.forEach((b) => b.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
  });

  it('refuses a task at once when the queue is full', async () => {
    const gate = new ConcurrencyGate(1, 1);
    const blocker = deferred();
    const running = gate.run(
      () => blocker.promise,
      () => new Error('full'),
    );
    const waiting = gate.run(
      () => Promise.resolve('ran'),
      () => new Error('full'),
    );
    await expect(
      gate.run(
        () => Promise.resolve('never'),
        () => new Error('full'),
      ),
    ).rejects.toThrow('full');
    blocker.resolve();
    await running;
    expect(await waiting).toBe('ran');
  });

  it('frees the slot when a task fails', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(
      gate.run(
        () => Promise.reject(new Error('boom')),
        () => new Error('full'),
      ),
    ).rejects.toThrow('boom');
    expect(
      await gate.run(
        () => Promise.resolve('next'),
        () => new Error('full'),
      ),
    ).toBe('next');
  });
});
