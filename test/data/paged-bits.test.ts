import assert from "node:assert/strict";
import { test } from "node:test";
import { PagedBits } from "../../src/data/paged-bits.js";

test("a paged bitmap sets and reads bits anywhere up to billions, saying whether each was set before", () => {
  const bits = new PagedBits();
  const positions = [0, 7, 8, 4095, 4096, 65_535, 999_999_999, 2_000_000_000];
  for (const i of positions) assert.equal(bits.has(i), false, `${i} before`);
  for (const i of positions) assert.equal(bits.set(i), false, `${i} first`);
  for (const i of positions) assert.equal(bits.set(i), true, `${i} again`);
  for (const i of positions) assert.equal(bits.has(i), true, `${i} after`);
  for (const i of [1, 6, 9, 4094, 4097, 999_999_998, 1_000_000_000]) assert.equal(bits.has(i), false, `${i} never set`);
});
