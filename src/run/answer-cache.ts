/**
 * A bounded cache of whole answers. An answer of a read-only endpoint is a pure function of its key
 * (data version, path, parsed parameters, and the origin where the answer names it): computed once,
 * then served as stored bytes.
 *
 * - Admission on second sight: an answer is stored the second time its key is asked for, so a client
 *   walking a million records page by page does not churn the cache with pages nobody asks for again.
 *   Keys seen once are remembered as 53-bit hashes, not text, so that list costs a fixed few bytes per
 *   key however long the keys (a collision only admits an answer early).
 * - Eviction first in, first out, from a ring of keys: O(1) per insert, and a hit is one Map lookup.
 * - The byte budget counts stored bodies and their keys.
 */
import { keyHash } from "../codecs/hash.js";
import type { PlainResponse } from "../types.js";

export { keyHash };

/** A bounded first-in, first-out queue of keys with membership tests. */
class KeyQueue<K extends string | number> {
  private readonly slots: (K | undefined)[];
  private readonly members = new Set<K>();
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<K | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  has(key: K): boolean {
    return this.members.has(key);
  }

  /** Appends a key, first dropping the oldest when full; returns the dropped key, if any. */
  push(key: K): K | undefined {
    const dropped = this.count === this.capacity ? this.shift() : undefined;
    this.slots[(this.head + this.count) % this.capacity] = key;
    this.count++;
    this.members.add(key);
    return dropped;
  }

  /** Removes and returns the oldest key. */
  shift(): K | undefined {
    if (this.count === 0) return undefined;
    const key = this.slots[this.head] as K;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.members.delete(key);
    return key;
  }

  /** Forgets a key's membership (its slot leaves in turn). */
  forget(key: K): void {
    this.members.delete(key);
  }
}

/** Most remembered target → key aliases (each at most MAX_ALIAS_LENGTH characters: about 2 MiB in all). */
const MAX_ALIASES = 4096;
export const MAX_ALIAS_LENGTH = 512;

export class ResponseCache {
  private readonly entries = new Map<string, { readonly response: PlainResponse; readonly size: number }>();
  private readonly order: KeyQueue<string>;
  private readonly seen: KeyQueue<number>;
  /** Request targets as sent → the key of their stored answer: a hit then skips parsing (bounded, oldest dropped first). */
  private readonly aliases = new Map<string, string>();
  private storedBytes = 0;

  constructor(readonly maxBytes: number = 32 * 1024 * 1024, readonly maxEntries: number = 10_000) {
    this.order = new KeyQueue(maxEntries);
    this.seen = new KeyQueue(maxEntries * 4);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes the stored answers take (bodies and keys). */
  get bytes(): number {
    return this.storedBytes;
  }

  /** Forgets every stored answer (the data they came from changed). */
  clear(): void {
    this.aliases.clear();
    this.entries.clear();
    this.storedBytes = 0;
    while (this.order.length > 0) this.order.shift();
  }

  /** The stored answer a target was last found under (see `remember`'s alias), if still stored. */
  peekAlias(alias: string): PlainResponse | undefined {
    const key = this.aliases.get(alias);
    return key === undefined ? undefined : this.entries.get(key)?.response;
  }

  /** The stored answer for `key`, if any. */
  peek(key: string): PlainResponse | undefined {
    return this.entries.get(key)?.response;
  }

  /**
   * The stored answer for `key`, else computes it, storing it if the key was asked for recently
   * (streams and answers over a quarter of the budget are never stored).
   */
  remember(key: string, compute: () => PlainResponse, alias?: string): PlainResponse {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      if (alias !== undefined) this.addAlias(alias, key);
      return hit.response;
    }
    const response = compute();
    const hash = keyHash(key);
    if (!this.seen.has(hash)) {
      this.seen.push(hash);
      return response;
    }
    if (typeof response.body === "function") return response;
    const size = Buffer.byteLength(response.body) + key.length;
    if (size > this.maxBytes / 4) return response;
    this.seen.forget(hash);
    // A body sliced from a shared slab would pin the whole slab: store an exact copy.
    const body = response.body;
    const owned = Buffer.isBuffer(body) && body.buffer.byteLength !== body.length ? { ...response, body: Buffer.from(body) } : response;
    this.store(key, owned, size);
    if (alias !== undefined) this.addAlias(alias, key);
    return response;
  }

  private addAlias(alias: string, key: string): void {
    if (this.aliases.size >= MAX_ALIASES) this.aliases.delete(this.aliases.keys().next().value as string);
    this.aliases.set(alias, key);
  }

  private store(key: string, response: PlainResponse, size: number): void {
    const dropped = this.order.push(key);
    if (dropped !== undefined) this.drop(dropped);
    this.entries.set(key, { response, size });
    this.storedBytes += size;
    // Over the byte budget: drop the oldest stored entries.
    while (this.storedBytes > this.maxBytes) this.drop(this.order.shift() as string);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.storedBytes -= entry.size;
  }
}
