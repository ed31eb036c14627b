/**
 * A bounded cache of whole answers. The records never change after start, so an answer of a
 * read-only endpoint is a pure function of its path, query and origin: computed once, then served as
 * stored bytes.
 *
 * - Admission on second sight: an answer is stored the second time its key is asked for, so a client
 *   walking a million records page by page does not churn the cache with pages nobody asks for again.
 * - Eviction first in, first out, from a ring of keys: O(1) per insert, and a hit is one Map lookup.
 */
import type { PlainResponse } from "./types.js";

/** A bounded first-in, first-out queue of keys with membership tests. */
class KeyQueue {
  private readonly slots: (string | undefined)[];
  private readonly members = new Set<string>();
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<string | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  /** Appends a key, first dropping the oldest when full; returns the dropped key, if any. */
  push(key: string): string | undefined {
    const dropped = this.count === this.capacity ? this.shift() : undefined;
    this.slots[(this.head + this.count) % this.capacity] = key;
    this.count++;
    this.members.add(key);
    return dropped;
  }

  /** Removes and returns the oldest key. */
  shift(): string | undefined {
    if (this.count === 0) return undefined;
    const key = this.slots[this.head] as string;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.members.delete(key);
    return key;
  }

  /** Forgets a key's membership (its slot leaves in turn). */
  forget(key: string): void {
    this.members.delete(key);
  }
}

export class ResponseCache {
  private readonly entries = new Map<string, { readonly response: PlainResponse; readonly size: number }>();
  private readonly order: KeyQueue;
  private readonly seen: KeyQueue;
  private bytes = 0;

  constructor(readonly maxBytes: number = 32 * 1024 * 1024, readonly maxEntries: number = 10_000) {
    this.order = new KeyQueue(maxEntries);
    this.seen = new KeyQueue(maxEntries * 4);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets every stored answer (the data they came from changed). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    while (this.order.length > 0) this.order.shift();
  }

  /** The stored answer for `key`, if any. */
  peek(key: string): PlainResponse | undefined {
    return this.entries.get(key)?.response;
  }

  /**
   * The stored answer for `key`, else computes it, storing it if the key was asked for recently
   * (streams and answers over a quarter of the budget are never stored).
   */
  remember(key: string, compute: () => PlainResponse): PlainResponse {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit.response;
    const response = compute();
    if (!this.seen.has(key)) {
      this.seen.push(key);
      return response;
    }
    if (typeof response.body === "function") return response;
    const size = Buffer.byteLength(response.body) + key.length;
    if (size > this.maxBytes / 4) return response;
    this.seen.forget(key);
    // A body sliced from a shared slab would pin the whole slab: store an exact copy.
    const body = response.body;
    const owned = Buffer.isBuffer(body) && body.buffer.byteLength !== body.length ? { ...response, body: Buffer.from(body) } : response;
    this.store(key, owned, size);
    return response;
  }

  private store(key: string, response: PlainResponse, size: number): void {
    const dropped = this.order.push(key);
    if (dropped !== undefined) this.drop(dropped);
    this.entries.set(key, { response, size });
    this.bytes += size;
    // Over the byte budget: drop the oldest stored entries.
    while (this.bytes > this.maxBytes) this.drop(this.order.shift() as string);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}
