/**
 * The one bounded memo: values of a pure function remembered by key, at most `capacity` of them (the
 * oldest forgotten first), and only for keys no longer than `maxKeyLength` when the keys are text — so
 * whatever clients send, a memo stays a few hundred kilobytes at most.
 */
export class Memo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number, private readonly maxKeyLength = Number.POSITIVE_INFINITY) {}

  /** The value for `key`: remembered, or computed now (and remembered when the key is short enough). */
  get(key: K, compute: (key: K) => V): V {
    const known = this.entries.get(key);
    if (known !== undefined || this.entries.has(key)) return known as V;
    const value = compute(key);
    if (typeof key !== "string" || key.length <= this.maxKeyLength) {
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as K);
      this.entries.set(key, value);
    }
    return value;
  }

  /** How many values are remembered. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything (what the values depend on changed). */
  clear(): void {
    this.entries.clear();
  }
}
