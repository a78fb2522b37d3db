import { Recent } from './recent';

describe('Recent', () => {
  afterEach(() => jest.useRealTimers());

  it('reads a key once per period, sharing the read', async () => {
    jest.useFakeTimers({ now: 0 });
    const recent = new Recent<number>(100);
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await Promise.all([recent.get('a', load), recent.get('a', load)])).toEqual([1, 1]);
    jest.setSystemTime(99);
    expect(await recent.get('a', load)).toBe(1);
    jest.setSystemTime(100);
    expect(await recent.get('a', load)).toBe(2);
    expect(await recent.get('b', load)).toBe(3);
  });

  it('does not keep a failed read', async () => {
    const recent = new Recent<number>(10_000);
    await expect(recent.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await recent.get('a', () => Promise.resolve(7))).toBe(7);
  });
});
