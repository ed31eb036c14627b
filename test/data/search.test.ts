import assert from "node:assert/strict";
import { test } from "node:test";
import { lowerBound } from "../../src/data/search.js";

test("lowerBound finds the first >= (or >) position", () => {
  const sorted = [1, 3, 3, 5, 9];
  assert.equal(lowerBound(sorted, 0), 0);
  assert.equal(lowerBound(sorted, 3), 1);
  assert.equal(lowerBound(sorted, 3, true), 3);
  assert.equal(lowerBound(sorted, 4), 3);
  assert.equal(lowerBound(sorted, 9), 4);
  assert.equal(lowerBound(sorted, 9, true), 5);
  assert.equal(lowerBound(sorted, 10), 5);
  assert.equal(lowerBound([], 1), 0);
});

test("lowerBound is logarithmic: at most ceil(log2(n + 1)) comparisons", () => {
  for (const n of [1, 200, 20_000, 1_000_000]) {
    const sorted = Float64Array.from({ length: n }, (_, i) => i * 2);
    for (const target of [-1, 0, n, n + 1, 2 * n - 2, 2 * n + 5]) {
      let comparisons = 0;
      const position = lowerBound(sorted, target, false, () => comparisons++);
      assert.equal(position, Math.min(n, Math.max(0, Math.ceil(target / 2))));
      assert.ok(comparisons <= Math.ceil(Math.log2(n + 1)), `${comparisons} comparisons for n=${n}`);
    }
  }
});
