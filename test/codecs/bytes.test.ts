/** Writing text straight into bytes: every writer's bytes are those of the text form it stands for. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteSlots, copyBytes, writeHex16, writeHex32, writeLatin1, writeText, writeTimestamp } from "../../src/codecs/bytes.js";
import { formatTimestamp } from "../../src/codecs/timestamp.js";

const text = (out: Uint8Array, end: number, start = 0): string => Buffer.from(out.subarray(start, end)).toString("latin1");

test("timestamps: the bytes of formatTimestamp, at any offset, across days, leap years and the form's ends", () => {
  const out = Buffer.alloc(64);
  for (const seconds of [0, 59, 3599, 86_399, 86_400, 951_782_400, 951_868_799, 1_727_007_333, 1_780_000_000, -1, -86_401, 253_402_300_799, -62_135_596_800]) {
    for (const at of [0, 3]) {
      assert.equal(writeTimestamp(out, at, seconds), at + 20, String(seconds));
      assert.equal(text(out, at + 20, at), formatTimestamp(seconds), String(seconds));
    }
  }
  // Years past 9999 do not fit 20 bytes: written as formatTimestamp writes them.
  const far = 253_402_300_800;
  const end = writeTimestamp(out, 0, far);
  assert.equal(text(out, end), formatTimestamp(far));
  assert.equal(end, formatTimestamp(far).length);
  // The day's text is remembered: the same day again, then another, then the first.
  for (const seconds of [1_780_000_000, 1_780_000_001, 1_780_100_000, 1_780_000_002]) {
    writeTimestamp(out, 0, seconds);
    assert.equal(text(out, 20), formatTimestamp(seconds));
  }
});

test("hex, Latin-1, copies and text that may not fit", () => {
  const out = Buffer.alloc(40);
  assert.equal(writeHex32(out, 0, 0x0badf00d), 8);
  assert.equal(writeHex16(out, 8, 0xbeef), 12);
  assert.equal(writeHex32(out, 12, 0xffffffff), 20);
  assert.equal(text(out, 20), "0badf00dbeefffffffff");
  assert.equal(writeLatin1(out, 0, "caf\u00e9"), 4);
  assert.deepEqual([...out.subarray(0, 4)], [0x63, 0x61, 0x66, 0xe9]);
  assert.equal(copyBytes(out, 10, Uint8Array.of(1, 2, 3, 4, 5), 1, 4), 13);
  assert.deepEqual([...out.subarray(10, 13)], [2, 3, 4]);
  // UTF-8 when it fits; minus the bytes it needs when it does not.
  assert.equal(writeText(out, 30, "\u00e9t\u00e9"), 35);
  assert.equal(out.subarray(30, 35).toString("utf8"), "\u00e9t\u00e9");
  assert.equal(writeText(out, 36, "\u00e9t\u00e9"), -5);
});

test("byte slots: filled once, read back whole at any offset, long text kept aside, bad lengths refused", () => {
  const slots = new ByteSlots(4);
  assert.equal(slots.has(2), false);
  slots.put(2, "\"name\":\"Austin Ruiz\"");
  slots.put(0, "x");
  const long = "L".repeat(127) + "ong";
  slots.put(3, long);
  assert.deepEqual([slots.has(0), slots.has(1), slots.has(2), slots.has(3)], [true, false, true, true]);
  const out = Buffer.alloc(300, 0x2e);
  let at = slots.write(out, 1, 2);
  assert.equal(at, 21);
  out[at++] = 0x2c;
  at = slots.write(out, at, 0);
  out[at++] = 0x2c;
  at = slots.write(out, at, 3);
  assert.equal(text(out, at, 1), `"name":"Austin Ruiz",x,${long}`);
  assert.equal(out[0], 0x2e);
  assert.throws(() => slots.put(1, ""), /1 to 512 characters, got 0/);
  assert.throws(() => slots.put(1, "y".repeat(513)), /1 to 512 characters, got 513/);
});
