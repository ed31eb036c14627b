import assert from "node:assert/strict";
import { test } from "node:test";
import { isIntegerInRange, parseInteger } from "../../src/codecs/integer.js";
import { writeDecimal } from "../../src/codecs/bytes.js";

/** writeDecimal's bytes as text (written at an offset, so the position it returns is checked too). */
function decimalText(units: number, digits: number): string {
  const out = Buffer.alloc(64, 0x7e);
  const end = writeDecimal(out, 3, units, digits);
  assert.equal(out.subarray(end).every((byte) => byte === 0x7e), true, "nothing written past the returned position");
  return out.toString("latin1", 3, end);
}

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

test("writeDecimal writes units / 10^digits exactly as JSON.stringify does: edges, every digit count, random values", () => {
  assert.equal(decimalText(259332, 2), "2593.32");
  assert.equal(decimalText(259330, 2), "2593.3");
  assert.equal(decimalText(259300, 2), "2593");
  assert.equal(decimalText(-5, 2), "-0.05");
  assert.equal(decimalText(0, 3), "0");
  assert.equal(decimalText(-0, 3), "0");
  assert.equal(decimalText(1, 6), "0.000001");
  const cases: number[] = [1, -1, 9, 10, 99, 100, 101, 999_999, 1_000_000, 123_456_789, 999_999_999_999_999, -999_999_999_999_999, 1e15, -1e15, 2 ** 53 - 1, 1e20, 12_345_678_901_234];
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12345) >>> 0;
    return state;
  };
  for (let k = 0; k < 20_000; k++) {
    const magnitude = [next() % 1000, next(), next() * 2 ** 21 + (next() >>> 11)][k % 3] as number;
    cases.push(k % 2 === 0 ? magnitude : -magnitude);
  }
  for (let digits = 0; digits <= 6; digits++) {
    for (const units of cases) {
      const expected = JSON.stringify(units / 10 ** digits);
      const written = decimalText(units, digits);
      if (written !== expected) assert.equal(written, expected, `${units} / 10^${digits}`);
    }
  }
});
