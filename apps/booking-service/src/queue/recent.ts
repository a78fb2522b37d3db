/**
 * Values read at most once per `ttlMs` per key (and once at a time: callers asking meanwhile share the read).
 * What a rush of visitors asks of one queue (its event, its head) is then read a few times a second, not once
 * per visitor. Keys no one asked for in a while are dropped.
 */
export class Recent<T> {
  private readonly values = new Map<string, { at: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const held = this.values.get(key);
    if (held && now - held.at < this.ttlMs) return held.value;
    if (this.values.size > 1000) {
      for (const [k, v] of this.values) if (now - v.at >= this.ttlMs) this.values.delete(k);
    }
    const value = load();
    this.values.set(key, { at: now, value });
    // A failed read is not kept: the next caller reads again.
    value.catch(() => this.values.get(key)?.value === value && this.values.delete(key));
    return value;
  }
}
