/**
 * Writing text straight into bytes: each writer puts its bytes into `out` at `at` and returns the position
 * after them, with no intermediate string. Used by the record writers (data/user-bytes.ts,
 * data/procedural.ts, resources/records.ts) for exports and pages; every writer gives the same bytes as
 * the text form it stands for (unit tests compare them).
 */
import { formatTimestamp } from "./timestamp.js";

const SECONDS_PER_DAY = 86_400;
const DIGIT_0 = 0x30;

/** Two ASCII digits per value 0-99, as one 16-bit pair each (the first digit in the low byte). */
const TWO_DIGITS = new Uint8Array(200);
for (let value = 0; value < 100; value++) {
  TWO_DIGITS[value * 2] = DIGIT_0 + Math.floor(value / 10);
  TWO_DIGITS[value * 2 + 1] = DIGIT_0 + (value % 10);
}

/** Two lowercase hex digits per byte value. */
const HEX = new Uint8Array(512);
for (let value = 0; value < 256; value++) {
  HEX[value * 2] = "0123456789abcdef".charCodeAt(value >>> 4);
  HEX[value * 2 + 1] = "0123456789abcdef".charCodeAt(value & 15);
}

/** Writes `text`, which must be Latin-1 (every character below U+0100; generated text is ASCII): one byte per character. */
export function writeLatin1(out: Uint8Array, at: number, text: string): number {
  for (let k = 0; k < text.length; k++) out[at + k] = text.charCodeAt(k);
  return at + text.length;
}

/**
 * Writes a safe integer in decimal, as String(value) does (a minus sign when negative); a non-negative one
 * with at least `width` digits, zeros first, as String(value).padStart(width, "0").
 * @example writeInteger(out, 0, 501, 5) // out holds "00501", returns 5
 */
export function writeInteger(out: Uint8Array, at: number, value: number, width = 1): number {
  // Most values are small and non-negative: 32-bit integer arithmetic, two digits per division (by a
  // constant, which the compiler turns into a multiply); the rest go digit by digit in doubles.
  if (value >= 0 && value <= 0x7fffffff) {
    let rest = value | 0;
    const digits = rest < 10 ? 1 : rest < 100 ? 2 : rest < 1000 ? 3 : rest < 10_000 ? 4 : rest < 100_000 ? 5 : rest < 1_000_000 ? 6
      : rest < 10_000_000 ? 7 : rest < 100_000_000 ? 8 : rest < 1_000_000_000 ? 9 : 10;
    const end = at + (width > digits ? width : digits);
    let k = end;
    while (rest >= 100) {
      const quotient = (rest / 100) | 0;
      const pair = (rest - quotient * 100) * 2;
      out[--k] = TWO_DIGITS[pair + 1] as number;
      out[--k] = TWO_DIGITS[pair] as number;
      rest = quotient;
    }
    if (rest >= 10) {
      out[--k] = TWO_DIGITS[rest * 2 + 1] as number;
      out[--k] = TWO_DIGITS[rest * 2] as number;
    } else {
      out[--k] = DIGIT_0 + rest;
    }
    while (k > at) out[--k] = DIGIT_0;
    return end;
  }
  if (value < 0) {
    out[at++] = 0x2d;
    value = -value;
  }
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  const end = at + Math.max(digits, width);
  for (let k = end - 1; k >= at; k--) {
    const quotient = Math.floor(value / 10);
    out[k] = DIGIT_0 + (value - quotient * 10);
    value = quotient;
  }
  return end;
}

/** 10^digits for the digit counts a decimal field has (0 to 6). */
const POWERS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000] as const;

/**
 * Writes `units / 10^digits` (units a whole number, digits 0 to 6) as JSON writes that number, without the
 * general number-to-text conversion: below 10^15 units the decimal itself is the shortest text that reads
 * back the same double, so it is written from the digits (trailing zeros dropped); larger ones as JSON
 * writes them.
 * @example writeDecimal(out, 0, 259332, 2) // out holds "2593.32" (JSON.stringify(2593.32)), returns 7
 */
export function writeDecimal(out: Uint8Array, at: number, units: number, digits: number): number {
  const scale = POWERS[digits] ?? 10 ** digits;
  if (digits === 0 || !(Math.abs(units) < 1e15)) return writeLatin1(out, at, JSON.stringify(units / scale));
  const magnitude = units < 0 ? -units : units;
  let fraction = magnitude % scale;
  const whole = (magnitude - fraction) / scale;
  if (whole === 0 && fraction === 0) {
    out[at] = DIGIT_0;
    return at + 1;
  }
  if (units < 0) out[at++] = 0x2d;
  at = writeInteger(out, at, whole);
  if (fraction === 0) return at;
  let width = digits;
  while (fraction % 10 === 0) {
    fraction /= 10;
    width--;
  }
  out[at++] = 0x2e;
  return writeInteger(out, at, fraction, width);
}

/**
 * Writes `text` as UTF-8 when it fits in `out` after `at`: the position after it, or minus the bytes it
 * needs when it does not fit (the caller starts a larger buffer).
 */
export function writeText(out: Buffer, at: number, text: string): number {
  const needed = Buffer.byteLength(text);
  if (needed > out.length - at) return -needed;
  return at + out.write(text, at);
}

/** Copies bytes [start, end) of `from` (short runs: a loop beats a native call). */
export function copyBytes(out: Uint8Array, at: number, from: Uint8Array, start: number, end: number): number {
  for (let k = start; k < end; k++) out[at++] = from[k] as number;
  return at;
}

/** Two lowercase hex digits per byte value, as one 16-bit little-endian pair (the first digit in the low byte). */
const HEX_PAIRS = new Uint16Array(256);
for (let value = 0; value < 256; value++) HEX_PAIRS[value] = (HEX[value * 2] as number) | ((HEX[value * 2 + 1] as number) << 8);

/** The last output buffer written through a view, and that view (writers take one buffer many times in a row). */
let viewed: Uint8Array | undefined;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/**
 * A DataView of `out` (the same one while `out` is the same buffer). The `...Into` writers take it, so a
 * record's writer asks for it once and its pieces store 16 and 32 bits at a time.
 */
export function viewOf(out: Uint8Array): DataView<ArrayBufferLike> {
  if (out !== viewed) {
    viewed = out;
    view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  }
  return view;
}

/** Writes the 8 lowercase hex digits of a 32-bit value into a view of the output. */
export function hex32Into(v: DataView<ArrayBufferLike>, at: number, value: number): number {
  v.setUint16(at, HEX_PAIRS[value >>> 24] as number, true);
  v.setUint16(at + 2, HEX_PAIRS[(value >>> 16) & 0xff] as number, true);
  v.setUint16(at + 4, HEX_PAIRS[(value >>> 8) & 0xff] as number, true);
  v.setUint16(at + 6, HEX_PAIRS[value & 0xff] as number, true);
  return at + 8;
}

/** Writes the 4 lowercase hex digits of a 16-bit value into a view of the output. */
export function hex16Into(v: DataView<ArrayBufferLike>, at: number, value: number): number {
  v.setUint16(at, HEX_PAIRS[(value >>> 8) & 0xff] as number, true);
  v.setUint16(at + 2, HEX_PAIRS[value & 0xff] as number, true);
  return at + 4;
}

/** Writes the 8 lowercase hex digits of a 32-bit value. */
export function writeHex32(out: Uint8Array, at: number, value: number): number {
  return hex32Into(viewOf(out), at, value);
}

/** Writes the 4 lowercase hex digits of a 16-bit value. */
export function writeHex16(out: Uint8Array, at: number, value: number): number {
  return hex16Into(viewOf(out), at, value);
}

/** Two ASCII digits of a value 0-99 as a 16-bit little-endian pair. */
const digitPair = (value: number): number => (TWO_DIGITS[value * 2] as number) | ((TWO_DIGITS[value * 2 + 1] as number) << 8);
/** `HH` for each hour 0-23. */
const HOURS = Uint16Array.from({ length: 24 }, (_, hour) => digitPair(hour));
/** `MM:SSZ` for each second of an hour: its first four bytes, then its last two. */
const MINUTE_SECONDS_HEAD = Uint32Array.from({ length: 3600 }, (_, second) =>
  (digitPair(Math.floor(second / 60)) | (0x3a << 16) | ((TWO_DIGITS[(second % 60) * 2] as number) << 24)) >>> 0);
const MINUTE_SECONDS_TAIL = Uint16Array.from({ length: 3600 }, (_, second) => (TWO_DIGITS[(second % 60) * 2 + 1] as number) | (0x5a << 8));

/**
 * Recent days' `YYYY-MM-DDT` as three 32-bit words each (their twelfth byte is overwritten), in 64 slots by
 * day: consecutive records mostly share a day, and a record's other timestamps (a declared resource's)
 * fall on a few dozen days around it.
 */
const DAY_SLOTS = 64;
const slotDays = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const dateWords = new Uint32Array(DAY_SLOTS * 3);

/**
 * Writes whole epoch seconds as `YYYY-MM-DDTHH:MM:SSZ` (20 bytes), the same bytes as formatTimestamp.
 * @example writeTimestamp(out, 0, 0) // out holds "1970-01-01T00:00:00Z", returns 20
 */
export function writeTimestamp(out: Uint8Array, at: number, epochSeconds: number): number {
  return timestampInto(viewOf(out), at, epochSeconds);
}

/** writeTimestamp into a view of the output. */
export function timestampInto(v: DataView<ArrayBufferLike>, at: number, epochSeconds: number): number {
  const days = Math.floor(epochSeconds / SECONDS_PER_DAY);
  const slot = days & (DAY_SLOTS - 1);
  if (slotDays[slot] !== days && !cacheDay(days, slot)) {
    // Years outside 0000-9999 do not fit the 20-byte form: written from the text (any length).
    const text = formatTimestamp(epochSeconds);
    for (let k = 0; k < text.length; k++) v.setUint8(at + k, text.charCodeAt(k));
    return at + text.length;
  }
  const second = epochSeconds - days * SECONDS_PER_DAY;
  const hour = Math.floor(second / 3600);
  const rest = second - hour * 3600;
  v.setUint32(at, dateWords[slot * 3] as number, true);
  v.setUint32(at + 4, dateWords[slot * 3 + 1] as number, true);
  v.setUint32(at + 8, dateWords[slot * 3 + 2] as number, true);
  v.setUint16(at + 11, HOURS[hour] as number, true);
  v.setUint8(at + 13, 0x3a);
  v.setUint32(at + 14, MINUTE_SECONDS_HEAD[rest] as number, true);
  v.setUint16(at + 18, MINUTE_SECONDS_TAIL[rest] as number, true);
  return at + 20;
}

/** Keeps `days` in its slot; false when its date does not fit the 20-byte form. */
function cacheDay(days: number, slot: number): boolean {
  const text = formatTimestamp(days * SECONDS_PER_DAY);
  if (text.length !== 20) return false;
  const word = (k: number): number => (text.charCodeAt(k) | (text.charCodeAt(k + 1) << 8) | (text.charCodeAt(k + 2) << 16) | (text.charCodeAt(k + 3) << 24)) >>> 0;
  dateWords[slot * 3] = word(0);
  dateWords[slot * 3 + 1] = word(4);
  dateWords[slot * 3 + 2] = word(8);
  slotDays[slot] = days;
  return true;
}

const EMPTY = new Uint8Array(4);
const NO_PLACES = new Uint32Array(0);

/** Longest text a table keeps. */
const LONGEST = 255;

/**
 * Byte strings kept by slot: a table's text, encoded once, packed one after another in one growing
 * arena (in the order they were made), each as a length byte then its bytes, with where each slot starts
 * in a small index. Tables are read at random, so what matters is how little memory they span: packed,
 * a table of 65,536 short fragments takes about 2-4 MiB (fixed 128-byte slots took 8 MiB), and reading one
 * touches its index word and one or two cache lines of text. Slots are filled once (a slot's text never
 * changes) and read back by copying eight bytes at a time, which may write up to 7 bytes past the copy's
 * end in `out` (the next write covers them: callers keep room). Eight bytes move as one float64, which is
 * exact unless they read as a NaN: a top byte of 0x7f or 0xff with the one below it 0xf0 or more. While a
 * table's text is printable ASCII (0x7e at most), its only bytes above 0x7e are length bytes, each between
 * two text bytes (or the arena's first, zero), so no eight bytes read as a NaN; a table given any other
 * byte copies four bytes at a time as integers instead. Memory: 4 bytes of index per slot and the text's
 * own bytes plus one, each taken at the first put.
 */
export class ByteTable {
  /** Where each slot's bytes start in the arena (0: not made yet; its length is the byte before); made at the first put. */
  private starts: Uint32Array = NO_PLACES;
  /** Each text as its length (one byte), then its bytes; position 0 is never a start. */
  private arena: Uint8Array = EMPTY;
  private arenaView = new DataView(EMPTY.buffer);
  private used = 1;
  /** Every byte put is printable ASCII (0x7e or below), so eight bytes are copied as one float64. */
  private printable = true;
  constructor(private readonly slots: number) {}

  has(slot: number): boolean {
    return slot < this.starts.length && this.starts[slot] !== 0;
  }

  /** Keeps `text` (Latin-1, 1 to 255 characters: table text is short) as slot `slot`'s bytes. */
  put(slot: number, text: string): void {
    this.putBytes(slot, Buffer.from(text, "latin1"), 0, text.length);
  }

  /** Keeps bytes [start, end) of `bytes` (1 to 255 of them) as slot `slot`'s. */
  putBytes(slot: number, bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length < 1 || length > LONGEST) throw new RangeError(`a table's text is 1 to ${LONGEST} characters, got ${length}`);
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots) throw new RangeError(`slot must be 0 to ${this.slots - 1}, got ${slot}`);
    if (this.starts === NO_PLACES) this.starts = new Uint32Array(this.slots);
    // Room for the length byte, and for the copy's reads of up to 7 bytes past the text.
    const needed = this.used + 1 + length + 8;
    if (needed > this.arena.length) {
      const grown = new Uint8Array(Math.min(Math.max(needed, this.arena.length * 2, 64 * 1024), 1 + this.slots * (LONGEST + 1) + 8));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
      this.arenaView = new DataView(grown.buffer as ArrayBuffer);
    }
    this.arena[this.used] = length;
    const arena = this.arena;
    let at = this.used + 1;
    let printable = this.printable;
    for (let k = start; k < end; k++) {
      const byte = bytes[k] as number;
      arena[at++] = byte;
      if (byte > 0x7e) printable = false;
    }
    this.printable = printable;
    this.starts[slot] = this.used + 1;
    this.used += 1 + length;
  }

  /** Slot `slot`'s text. */
  text(slot: number): string {
    const start = this.starts[slot] as number;
    return String.fromCharCode(...this.arena.subarray(start, start + (this.arena[start - 1] as number)));
  }

  /** Copies slot `slot`'s bytes into `out` at `at` (with room for 7 bytes more); returns the position after them. */
  write(out: Uint8Array, at: number, slot: number): number {
    return this.copyInto(viewOf(out), at, slot);
  }

  /** write, into a view of the output. */
  copyInto(v: DataView<ArrayBufferLike>, at: number, slot: number): number {
    const start = this.starts[slot] as number;
    const arena = this.arenaView;
    const length = arena.getUint8(start - 1);
    if (this.printable) {
      for (let k = 0; k < length; k += 8) v.setFloat64(at + k, arena.getFloat64(start + k, true), true);
    } else {
      for (let k = 0; k < length; k += 4) v.setUint32(at + k, arena.getUint32(start + k, true), true);
    }
    return at + length;
  }
}
