import assert from "node:assert/strict";
import { test } from "node:test";
import { ENTRY_OVERHEAD, FORM_OVERHEAD, keyHash, ResponseCache } from "../../src/run/answer-cache.js";
import type { PlainResponse } from "../../src/types.js";

const response = (bytes: number): PlainResponse => ({ status: 200, body: Buffer.alloc(bytes) });

test("an answer is stored the second time its key is asked for, then served without computing", () => {
  const cache = new ResponseCache();
  let calls = 0;
  const compute = (): PlainResponse => { calls++; return response(10); };
  cache.remember("a", compute);
  assert.equal(cache.size, 0, "first sight: computed, not stored");
  const second = cache.remember("a", compute);
  assert.equal(cache.size, 1);
  assert.equal(cache.remember("a", compute), second);
  assert.equal(cache.peek("a"), second);
  assert.equal(calls, 2);
});

/** Stores an answer under `key` (asks twice). */
function put(cache: ResponseCache, key: string, bytes: number): void {
  cache.remember(key, () => response(bytes));
  cache.remember(key, () => response(bytes));
}

test("streams and answers over a quarter of the budget are never stored", () => {
  // A quarter of the budget: an answer of 300 bytes with a key of 0 characters.
  const cache = new ResponseCache(4 * (300 + ENTRY_OVERHEAD));
  let calls = 0;
  const stream: PlainResponse = { status: 200, body: () => ["x"] };
  for (let i = 0; i < 3; i++) cache.remember("s", () => { calls++; return stream; });
  for (let i = 0; i < 3; i++) cache.remember("big", () => { calls++; return response(298); });
  assert.equal(calls, 6);
  assert.equal(cache.size, 0);
  put(cache, "big", 297);
  assert.deepEqual([cache.size, cache.bytes], [1, 297 + 3 + ENTRY_OVERHEAD]);
});

test("the oldest entries go first when the byte or entry budget is exceeded", () => {
  // Room for four answers of 240 bytes with one-character keys.
  const cache = new ResponseCache(4 * (241 + ENTRY_OVERHEAD) + 40, 100);
  for (const key of ["a", "b", "c", "d"]) put(cache, key, 240);
  cache.remember("a", () => assert.fail("a is still stored"));
  assert.equal(cache.peek("d")?.status, 200);
  put(cache, "e", 240);
  assert.equal(cache.size, 4);
  assert.equal(cache.peek("a"), undefined, "a was the oldest and was evicted");
  assert.equal(cache.peek("b")?.status, 200);
  assert.equal(cache.peek("missing"), undefined);
  const small = new ResponseCache(1_000_000, 2);
  for (const key of ["x", "y", "z"]) put(small, key, 1);
  assert.equal(small.size, 2);
  assert.equal(small.peek("x"), undefined);
  assert.equal(small.peek("z")?.status, 200);
});

test("a compressed form made of a stored answer is counted in its size, and can push the oldest out; forms of answers not stored are not counted", () => {
  // Room for four answers of 1,000 bytes with one-character keys, and 1,200 bytes more.
  const cache = new ResponseCache(4 * (1001 + ENTRY_OVERHEAD) + 1200, 100);
  for (const key of ["a", "b", "c", "d"]) put(cache, key, 1000);
  const stored = cache.peek("c") as PlainResponse;
  assert.equal(cache.bytes, 4 * (1001 + ENTRY_OVERHEAD));
  cache.charge(stored, 100);
  assert.deepEqual([cache.size, cache.bytes], [4, 4 * (1001 + ENTRY_OVERHEAD) + 100 + FORM_OVERHEAD]);
  cache.charge(stored, 300);
  assert.equal(cache.bytes, 3 * (1001 + ENTRY_OVERHEAD) + 400 + 2 * FORM_OVERHEAD);
  assert.deepEqual([cache.size, cache.peek("a"), cache.peek("c")], [3, undefined, stored], "a was the oldest and went to make room");
  cache.charge(response(1000), 300);
  assert.equal(cache.bytes, 3 * (1001 + ENTRY_OVERHEAD) + 400 + 2 * FORM_OVERHEAD, "an answer not stored costs the cache nothing");
  cache.clear();
  cache.charge(stored, 300);
  assert.deepEqual([cache.size, cache.bytes], [0, 0], "nor does one stored before a clear");
  // Dropped with its answer: a new answer under the same key starts at its own size.
  put(cache, "c", 1000);
  assert.equal(cache.bytes, 1001 + ENTRY_OVERHEAD);
});

test("the seen-once list is bounded too: a key pushed out of it starts over", () => {
  const cache = new ResponseCache(1_000_000, 1);
  cache.remember("k", () => response(1));
  for (const key of ["a", "b", "c", "d"]) cache.remember(key, () => response(1));
  cache.remember("k", () => response(1));
  assert.equal(cache.peek("k"), undefined, "k was forgotten (4 newer keys in a list of 4), so this was its first sight again");
  cache.remember("k", () => response(1));
  assert.equal(cache.peek("k")?.status, 200);
});

test("clear forgets every stored answer", () => {
  const cache = new ResponseCache(1_000_000, 10);
  for (const key of ["a", "b"]) put(cache, key, 10);
  cache.clear();
  assert.equal(cache.size, 0);
  assert.equal(cache.peek("a"), undefined);
  put(cache, "c", 10);
  assert.equal(cache.peek("c")?.status, 200);
});

test("aliases find a stored answer by the target as sent; they are bounded, and forgotten with the answers", () => {
  const cache = new ResponseCache();
  const answer = { status: 200, body: "x" };
  cache.remember("canonical", () => answer, "v /a?offset=05");
  assert.equal(cache.peekAlias("v /a?offset=05"), undefined, "first sight stores nothing");
  cache.remember("canonical", () => answer, "v /a?offset=05");
  assert.equal(cache.peekAlias("v /a?offset=05"), answer);
  cache.remember("canonical", () => answer, "v /a?offset=5");
  assert.equal(cache.peekAlias("v /a?offset=5"), answer, "a hit under another spelling adds its alias");
  for (let i = 0; i < 5_000; i++) cache.remember("canonical", () => answer, `v /a?offset=${i}&pad`);
  assert.equal(cache.peekAlias("v /a?offset=05"), undefined, "the oldest aliases were dropped (4,096 at most)");
  assert.equal(cache.peekAlias("v /a?offset=4999&pad"), answer);
  cache.clear();
  assert.equal(cache.peekAlias("v /a?offset=4999&pad"), undefined);
});

test("keyHash is stable and spreads similar keys", () => {
  assert.equal(keyHash("records@0 /pagination/offset?limit=5"), keyHash("records@0 /pagination/offset?limit=5"));
  const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => keyHash(`records@0 /pagination/offset?offset=${i}`)));
  assert.equal(hashes.size, 10_000);
  for (const hash of hashes) assert.ok(Number.isSafeInteger(hash) && hash >= 0);
});
