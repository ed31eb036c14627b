import assert from "node:assert/strict";
import { test } from "node:test";
import { isIntegerInRange, parseInteger } from "../../src/codecs/integer.js";

test("parseInteger takes an optional sign and digits only", () => {
  assert.equal(parseInteger("0"), 0);
  assert.equal(parseInteger("42"), 42);
  assert.equal(parseInteger("+007"), 7);
  assert.equal(parseInteger("-3"), -3);
  for (const text of ["", "abc", "1.5", "1e3", " 7", "7 ", "0x10", "+", "-", "1_000", "١٢", "Infinity", "NaN", "--1"]) {
    assert.equal(parseInteger(text), undefined, text);
  }
});

test("huge integers parse but are never in range", () => {
  const huge = parseInteger("99999999999999999999999") as number;
  assert.equal(isIntegerInRange(huge, 0), false);
  assert.equal(isIntegerInRange(parseInteger("9".repeat(400)) as number, 0), false);
  assert.equal(isIntegerInRange(Number.MAX_SAFE_INTEGER, 0), true);
  assert.equal(isIntegerInRange(50, 1, 50), true);
  assert.equal(isIntegerInRange(51, 1, 50), false);
  assert.equal(isIntegerInRange(0, 1, 50), false);
});
