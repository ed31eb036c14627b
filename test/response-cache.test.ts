import assert from "node:assert/strict";
import { test } from "node:test";
import { ResponseCache } from "../src/response-cache.js";
import type { PlainResponse } from "../src/types.js";

const response = (bytes: number): PlainResponse => ({ status: 200, body: Buffer.alloc(bytes) });

test("remember computes once per key and returns the stored answer afterwards", () => {
  const cache = new ResponseCache();
  let calls = 0;
  const compute = (): PlainResponse => { calls++; return response(10); };
  const first = cache.remember("a", compute);
  assert.equal(cache.remember("a", compute), first);
  assert.equal(calls, 1);
  assert.equal(cache.size, 1);
});

test("streams and answers over a quarter of the budget are never stored", () => {
  const cache = new ResponseCache(1000);
  let calls = 0;
  const stream: PlainResponse = { status: 200, body: () => ["x"] };
  cache.remember("s", () => { calls++; return stream; });
  cache.remember("s", () => { calls++; return stream; });
  cache.remember("big", () => { calls++; return response(300); });
  cache.remember("big", () => { calls++; return response(300); });
  assert.equal(calls, 4);
  assert.equal(cache.size, 0);
});

test("the oldest entries go first when the byte or entry budget is exceeded", () => {
  const cache = new ResponseCache(1000, 100);
  for (const key of ["a", "b", "c", "d"]) cache.remember(key, () => response(240));
  cache.remember("a", () => assert.fail("a is still stored"));
  assert.equal(cache.peek("d")?.status, 200);
  cache.remember("e", () => response(240));
  assert.equal(cache.size, 4);
  assert.equal(cache.peek("a"), undefined, "a was the oldest and was evicted");
  assert.equal(cache.peek("missing"), undefined);
  const small = new ResponseCache(1_000_000, 2);
  for (const key of ["x", "y", "z"]) small.remember(key, () => response(1));
  assert.equal(small.size, 2);
});
