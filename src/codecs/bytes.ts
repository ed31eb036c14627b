/**
 * Writing text straight into bytes: each writer puts its bytes into `out` at `at` and returns the position
 * after them, with no intermediate string. Used by the record writers (data/record-bytes.ts) for exports
 * and pages; every writer gives the same bytes as the text form it stands for (unit tests compare them).
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

/** Writes the 8 lowercase hex digits of a 32-bit value. */
export function writeHex32(out: Uint8Array, at: number, value: number): number {
  const a = ((value >>> 24) & 0xff) * 2;
  const b = ((value >>> 16) & 0xff) * 2;
  const c = ((value >>> 8) & 0xff) * 2;
  const d = (value & 0xff) * 2;
  out[at] = HEX[a] as number; out[at + 1] = HEX[a + 1] as number;
  out[at + 2] = HEX[b] as number; out[at + 3] = HEX[b + 1] as number;
  out[at + 4] = HEX[c] as number; out[at + 5] = HEX[c + 1] as number;
  out[at + 6] = HEX[d] as number; out[at + 7] = HEX[d + 1] as number;
  return at + 8;
}

/** Writes the 4 lowercase hex digits of a 16-bit value. */
export function writeHex16(out: Uint8Array, at: number, value: number): number {
  const c = ((value >>> 8) & 0xff) * 2;
  const d = (value & 0xff) * 2;
  out[at] = HEX[c] as number; out[at + 1] = HEX[c + 1] as number;
  out[at + 2] = HEX[d] as number; out[at + 3] = HEX[d + 1] as number;
  return at + 4;
}

function writeTwoDigits(out: Uint8Array, at: number, value: number): void {
  out[at] = TWO_DIGITS[value * 2] as number;
  out[at + 1] = TWO_DIGITS[value * 2 + 1] as number;
}

/** The day last written and its `YYYY-MM-DDT` (consecutive records mostly share a day). */
let cachedDay = Number.NaN;
const cachedDate = new Uint8Array(11);

/**
 * Writes whole epoch seconds as `YYYY-MM-DDTHH:MM:SSZ` (20 bytes), the same bytes as formatTimestamp.
 * @example writeTimestamp(out, 0, 0) // out holds "1970-01-01T00:00:00Z", returns 20
 */
export function writeTimestamp(out: Uint8Array, at: number, epochSeconds: number): number {
  const days = Math.floor(epochSeconds / SECONDS_PER_DAY);
  if (days !== cachedDay) {
    const text = formatTimestamp(days * SECONDS_PER_DAY);
    // Years outside 0000-9999 do not fit the 20-byte form: written from the text (any length).
    if (text.length !== 20) return writeLatin1(out, at, formatTimestamp(epochSeconds));
    writeLatin1(cachedDate, 0, text.slice(0, 11));
    cachedDay = days;
  }
  for (let k = 0; k < 11; k++) out[at + k] = cachedDate[k] as number;
  const second = epochSeconds - days * SECONDS_PER_DAY;
  const hour = Math.floor(second / 3600);
  const minute = Math.floor((second % 3600) / 60);
  writeTwoDigits(out, at + 11, hour);
  out[at + 13] = 0x3a;
  writeTwoDigits(out, at + 14, minute);
  out[at + 16] = 0x3a;
  writeTwoDigits(out, at + 17, second % 60);
  out[at + 19] = 0x5a;
  return at + 20;
}

const EMPTY = new Uint8Array(4);

/** Bytes a slot holds inline (its length byte, then up to 127 bytes of text); longer text is kept aside. */
const SLOT_BYTES = 128;

/**
 * Byte strings kept by slot: a table's text, encoded once. Each slot is a fixed 128-byte place holding
 * its length and its bytes together, so reading one touches one or two cache lines wherever it is (the
 * tables are read at random); text too long for it is kept aside. Slots are filled once (a slot's text
 * never changes) and read back by copying four bytes at a time, which may write up to 3 bytes past the
 * copy's end in `out` (the next write covers them: callers keep room). Memory: 128 bytes per slot, taken
 * by the system only where slots are filled.
 */
export class ByteSlots {
  /** Made at the first put (a layout whose text is never written as bytes never has one). */
  private slab: Uint8Array = EMPTY;
  private slabView = new DataView(EMPTY.buffer);
  private readonly long = new Map<number, Uint8Array>();
  /** The last output buffer and a view of it (one per chunk, not per copy). */
  private out: Uint8Array | undefined;
  private outView: DataView | undefined;

  constructor(private readonly slots: number) {}

  has(slot: number): boolean {
    const length = this.slab[slot * SLOT_BYTES];
    return length !== undefined && length !== 0;
  }

  /** Keeps `text` (Latin-1, 1 to 512 characters: table text is short) as slot `slot`'s bytes. */
  put(slot: number, text: string): void {
    if (text.length === 0 || text.length > 512) throw new RangeError(`a table's text is 1 to 512 characters, got ${text.length}`);
    if (this.slab === EMPTY) {
      this.slab = new Uint8Array(this.slots * SLOT_BYTES + 4);
      this.slabView = new DataView(this.slab.buffer as ArrayBuffer);
    }
    const place = slot * SLOT_BYTES;
    if (text.length < SLOT_BYTES) {
      this.slab[place] = text.length;
      writeLatin1(this.slab, place + 1, text);
    } else {
      this.slab[place] = 255;
      this.long.set(slot, writeLatinBytes(text));
    }
  }

  /** Copies slot `slot`'s bytes into `out` at `at` (with room for 3 bytes more); returns the position after them. */
  write(out: Uint8Array, at: number, slot: number): number {
    const place = slot * SLOT_BYTES;
    const length = this.slab[place] as number;
    if (length === 255) {
      const bytes = this.long.get(slot) as Uint8Array;
      return copyBytes(out, at, bytes, 0, bytes.length);
    }
    if (out !== this.out) {
      this.out = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    const view = this.outView as DataView;
    for (let k = 0; k < length; k += 4) view.setUint32(at + k, this.slabView.getUint32(place + 1 + k, true), true);
    return at + length;
  }
}

function writeLatinBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  writeLatin1(bytes, 0, text);
  return bytes;
}
