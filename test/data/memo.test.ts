/** The one bounded memo: computed once per key, the oldest forgotten first, long keys never kept. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Memo } from "../../src/data/memo.js";

test("a value is computed once per key, undefined values included", () => {
  const memo = new Memo<string, string | undefined>(4);
  let calls = 0;
  const compute = (key: string): string | undefined => { calls++; return key === "none" ? undefined : key.toUpperCase(); };
  assert.deepEqual([memo.get("a", compute), memo.get("a", compute), memo.get("none", compute), memo.get("none", compute)], ["A", "A", undefined, undefined]);
  assert.equal(calls, 2);
});

test("bounded: the oldest key is forgotten first, and keys over the length limit are answered but not kept", () => {
  const memo = new Memo<string, number>(3, 5);
  const seen: string[] = [];
  const compute = (key: string): number => { seen.push(key); return key.length; };
  for (const key of ["a", "bb", "ccc", "dddd", "a", "dddd", "longer-than-5", "longer-than-5"]) memo.get(key, compute);
  // "a" was the oldest when "dddd" came, so it was computed again; the long key was never kept.
  assert.deepEqual(seen, ["a", "bb", "ccc", "dddd", "a", "longer-than-5", "longer-than-5"]);
  assert.equal(memo.size, 3);
  memo.clear();
  assert.equal(memo.size, 0);
});
