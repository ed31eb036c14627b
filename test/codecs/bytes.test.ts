/** Writing text straight into bytes: every writer's bytes are those of the text form it stands for. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteTable, copyBytes, writeHex16, writeHex32, writeInteger, writeLatin1, writeText, writeTimestamp } from "../../src/codecs/bytes.js";
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
  // Days are remembered in 64 slots: the same day again, another, the first; days sharing a slot (64 apart),
  // a far one, negative days (before 1970), in turn.
  const day = 86_400;
  const base = 1_780_000_000;
  for (const seconds of [base, base + 1, base + 100_000, base + 2, base + 64 * day, base + 3, base - 64 * day, base + 64 * day + 5, far, base + 4,
    -1, -64 * day - 1, -1 - 128 * day, -2, base - 63 * day, base + 65 * day, base - 63 * day + 7]) {
    writeTimestamp(out, 0, seconds);
    assert.equal(text(out, formatTimestamp(seconds).length), formatTimestamp(seconds), String(seconds));
  }
});

test("timestamps and hex: every second of a day; buffers that are views at an offset, taken in turns; the last 20 bytes of a buffer", () => {
  const whole = Buffer.alloc(80, 0x2e);
  const first = whole.subarray(5, 30);
  const second = whole.subarray(40, 60);
  const day = 1_780_012_800;
  for (let s = 0; s < 86_400; s++) {
    const out = s % 2 === 0 ? first : second;
    writeTimestamp(out, 0, day + s);
    const written = text(out, 20);
    if (written !== formatTimestamp(day + s)) assert.equal(written, formatTimestamp(day + s), `second ${s}`);
  }
  assert.equal(text(first, 20), formatTimestamp(day + 86_398));
  assert.equal(text(second, 20), formatTimestamp(day + 86_399));
  // Nothing written outside the views: the bytes between and around them are untouched.
  assert.equal(text(whole, 5) + text(whole, 40, 30) + text(whole, 80, 60), ".".repeat(35));
  const end = Buffer.alloc(24, 0x2e);
  assert.equal(writeTimestamp(end, 4, 0), 24);
  assert.equal(text(end, 24), "....1970-01-01T00:00:00Z");
  assert.equal(writeHex32(end, 16, 0xa1b2c3d4), 24);
  assert.equal(writeHex16(second, 16, 0x0f0e), 20);
  assert.equal(text(end, 24, 16) + text(second, 20, 16), "a1b2c3d40f0e");
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

test("byte tables: filled once, packed, read back whole at any offset, long text too, bad lengths and slots refused", () => {
  const table = new ByteTable(5);
  assert.equal(table.has(2), false);
  table.put(2, "\"name\":\"Austin Ruiz\"");
  table.put(0, "x");
  const long = "L".repeat(252) + "ong";
  table.put(3, long);
  assert.deepEqual([table.has(0), table.has(1), table.has(2), table.has(3), table.has(4), table.has(5)], [true, false, true, true, false, false]);
  const out = Buffer.alloc(400, 0x2e);
  let at = table.write(out, 1, 2);
  assert.equal(at, 21);
  out[at++] = 0x2c;
  at = table.write(out, at, 0);
  out[at++] = 0x2c;
  at = table.write(out, at, 3);
  assert.equal(at, 1 + 20 + 1 + 1 + 1 + 255);
  assert.equal(text(out, at, 1), `"name":"Austin Ruiz",x,${long}`);
  assert.equal(out[0], 0x2e);
  // And as text.
  assert.deepEqual([table.text(2), table.text(0), table.text(3)], ["\"name\":\"Austin Ruiz\"", "x", long]);
  assert.throws(() => table.put(1, ""), /1 to 255 characters, got 0/);
  assert.throws(() => table.put(1, "y".repeat(256)), /1 to 255 characters, got 256/);
  assert.throws(() => table.put(5, "y"), /slot must be 0 to 4, got 5/);
  // Many entries: the arena grows past its first 64 KiB and every entry reads back.
  const many = new ByteTable(70_000);
  for (let slot = 0; slot < 70_000; slot++) many.put(slot, `entry ${slot};`);
  for (const slot of [0, 1, 4_999, 65_535, 69_999]) {
    assert.equal(text(out, many.write(out, 0, slot), 0), `entry ${slot};`, String(slot));
    assert.equal(many.text(slot), `entry ${slot};`, String(slot));
  }
});

test("byte tables copy eight bytes at a time: every length at every offset exact, and text with bytes above 0x7e (a float64 NaN's) copied exactly too", () => {
  const table = new ByteTable(256);
  // Lengths 1 to 255 packed one after another: a copy's reads past its text meet the next length byte (up to 255) and text.
  const textOf = (length: number): string => Array.from({ length }, (_, k) => String.fromCharCode(0x20 + ((length * 7 + k) % 95))).join("");
  for (let length = 1; length <= 255; length++) table.put(length, textOf(length));
  const out = Buffer.alloc(300);
  // Many rounds, so the copy runs optimised as well as at first.
  for (let round = 0; round < 40; round++) {
    for (let length = 1; length <= 255; length++) {
      const at = (length + round) % 8;
      out.fill(0);
      assert.equal(table.write(out, at, length), at + length);
      if (out.toString("latin1", at, at + length) !== textOf(length)) assert.fail(`length ${length} at ${at}, round ${round}`);
    }
  }
  // A table of one slot holds exactly its text and the copy's reads past it.
  for (const length of [249, 255]) {
    const one = new ByteTable(1);
    one.put(0, textOf(length));
    assert.equal(out.toString("latin1", 3, one.write(out, 3, 0)), textOf(length));
  }
  // Bytes that would be a signalling NaN as a float64 (0x7ff0000000000001, little-endian), and UTF-8.
  const raw = new ByteTable(2);
  const nan = Uint8Array.of(1, 0, 0, 0, 0, 0, 0xf0, 0x7f, 1, 0, 0, 0, 0, 0, 0xf8, 0xff, 0xc3, 0xa9);
  raw.putBytes(0, nan, 0, nan.length);
  raw.putBytes(1, nan, 2, nan.length);
  for (let round = 0; round < 2000; round++) {
    const end = raw.write(out, round % 8, round % 2);
    assert.deepEqual([...out.subarray(round % 8, end)], [...nan.subarray((round % 2) * 2)]);
  }
});

test("writeInteger writes String(value), a non-negative one padded to its width with zeros", () => {
  const out = Buffer.alloc(40, 0x7e);
  const written = (value: number, width?: number): string => {
    out.fill(0x7e);
    const end = writeInteger(out, 2, value, width);
    assert.equal(out[end], 0x7e, `${value}: nothing past the returned position`);
    return out.toString("latin1", 2, end);
  };
  assert.equal(written(501, 5), "00501");
  assert.equal(written(0), "0");
  assert.equal(written(-0), "0");
  assert.equal(written(7, 3), "007");
  assert.equal(written(12_345, 3), "12345");
  assert.equal(written(2 ** 31 - 1, 12), "002147483647");
  assert.equal(written(2 ** 31, 12), "002147483648");
  assert.equal(written(42, 10), "0000000042");
  const values = [1, 9, 10, 99, 100, 101, 999, 1000, 1e9 - 1, 1e9, 2 ** 31 - 1, -1, -10, -99_999, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 - 1, -(2 ** 53 - 1), 999_999_999_999_999, 1e15];
  for (let k = 0; k < 5000; k++) values.push(Math.floor(Math.sin(k) * 10 ** (k % 16)));
  for (const value of values) {
    if (written(value) !== String(value)) assert.equal(written(value), String(value));
    if (value >= 0 && written(value, 4) !== String(value).padStart(4, "0")) assert.equal(written(value, 4), String(value).padStart(4, "0"));
  }
});

test("byte tables copy as float64 only while every byte put is printable: one byte above 0x7e switches the table to integer copies for good", () => {
  /** A view of the output that counts which stores a copy makes. */
  class CountingView extends DataView<ArrayBuffer> {
    float64 = 0;
    uint32 = 0;
    override setFloat64(at: number, value: number, littleEndian?: boolean): void {
      this.float64++;
      super.setFloat64(at, value, littleEndian);
    }
    override setUint32(at: number, value: number, littleEndian?: boolean): void {
      this.uint32++;
      super.setUint32(at, value, littleEndian);
    }
  }
  const copied = (table: ByteTable, slot: number): { float64: number; uint32: number; text: string } => {
    const out = new ArrayBuffer(64);
    const view = new CountingView(out);
    const end = table.copyInto(view, 0, slot);
    return { float64: view.float64, uint32: view.uint32, text: Buffer.from(out, 0, end).toString("latin1") };
  };
  const table = new ByteTable(4);
  table.put(0, "printable ~ text, 20");
  assert.deepEqual(copied(table, 0), { float64: 3, uint32: 0, text: "printable ~ text, 20" });
  // 0x7f (DEL) is not printable: from then on every slot, old and new, is copied four bytes at a time.
  table.putBytes(1, Uint8Array.of(0x61, 0x7f, 0x62), 0, 3);
  assert.deepEqual(copied(table, 0), { float64: 0, uint32: 5, text: "printable ~ text, 20" });
  assert.deepEqual(copied(table, 1), { float64: 0, uint32: 1, text: "a\x7fb" });
  table.put(2, "plain again");
  assert.deepEqual(copied(table, 2), { float64: 0, uint32: 3, text: "plain again" });
});
