/**
 * A bounded cache of whole answers. The records never change after start, so an answer of a
 * read-only endpoint is a pure function of its path, query and origin: computed once, then served as
 * stored bytes. The oldest entries go first when the byte or entry budget is exceeded (first in, first
 * out: a hit costs one Map lookup and nothing else).
 */
import type { PlainResponse } from "./types.js";

export class ResponseCache {
  private readonly entries = new Map<string, PlainResponse>();
  private bytes = 0;

  constructor(readonly maxBytes: number = 32 * 1024 * 1024, readonly maxEntries: number = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** The stored answer for `key`, if any. */
  peek(key: string): PlainResponse | undefined {
    return this.entries.get(key);
  }

  /** The stored answer for `key`, computing and storing it on a miss. Streams are never stored. */
  remember(key: string, compute: () => PlainResponse): PlainResponse {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const response = compute();
    const size = typeof response.body === "function" ? Number.POSITIVE_INFINITY : Buffer.byteLength(response.body) + key.length;
    if (size > this.maxBytes / 4) return response;
    this.entries.set(key, response);
    this.bytes += size;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldKey);
      this.bytes -= Buffer.byteLength(old.body as string | Buffer) + oldKey.length;
    }
    return response;
  }
}
