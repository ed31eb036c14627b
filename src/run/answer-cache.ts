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
 * - The byte budget counts stored bodies, their keys, what each entry holds besides them, and the
 *   compressed forms made of a stored answer (each kept as long as it is).
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

/**
 * What a stored answer holds besides its body and key (measured for a 50-record page): its objects and
 * headers, its tagged copy, the header set written, and the records it served (for the journal and summary).
 */
export const ENTRY_OVERHEAD = 3 * 1024;
/** What a compressed form holds besides its bytes (its answer object and header sets). */
export const FORM_OVERHEAD = 1024;

/** Most remembered target → key aliases (each at most MAX_ALIAS_LENGTH characters: about 2 MiB in all). */
const MAX_ALIASES = 4096;
export const MAX_ALIAS_LENGTH = 512;

/** A stored answer and the bytes it is counted for (its body and key, then any compressed forms made of it). */
interface Entry {
  readonly response: PlainResponse;
  size: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  /** Stored answers → their entries, so a compressed form made later is counted in its answer's size. */
  private byResponse = new WeakMap<PlainResponse, Entry>();
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
    this.byResponse = new WeakMap();
    this.storedBytes = 0;
    while (this.order.length > 0) this.order.shift();
  }

  /** The stored answer a target was last found under (see `remember`'s alias), if still stored. */
  peekAlias(alias: string): PlainResponse | undefined {
    const key = this.aliases.get(alias);
    return key === undefined ? undefined : this.entries.get(key)?.response;
  }

  /** Whether `response` is a stored answer (it will be served again as it is), not one made for one request. */
  holds(response: PlainResponse): boolean {
    return this.byResponse.has(response);
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
    const size = Buffer.byteLength(response.body) + key.length + ENTRY_OVERHEAD;
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

  /**
   * Counts `bytes` more for a stored answer (a compressed form of it was made, and lives as long as it
   * does), dropping the oldest entries if that passes the budget; answers not stored cost nothing here.
   */
  charge(response: PlainResponse, bytes: number): void {
    const entry = this.byResponse.get(response);
    if (entry === undefined) return;
    entry.size += bytes + FORM_OVERHEAD;
    this.storedBytes += bytes + FORM_OVERHEAD;
    this.trim();
  }

  private store(key: string, response: PlainResponse, size: number): void {
    const dropped = this.order.push(key);
    if (dropped !== undefined) this.drop(dropped);
    const entry: Entry = { response, size };
    this.entries.set(key, entry);
    this.byResponse.set(response, entry);
    this.storedBytes += size;
    this.trim();
  }

  /** Over the byte budget: drops the oldest stored entries. */
  private trim(): void {
    while (this.storedBytes > this.maxBytes && this.order.length > 0) this.drop(this.order.shift() as string);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.byResponse.delete(entry.response);
    this.storedBytes -= entry.size;
  }
}
