/**
 * Procedural records: record i is a pure function of the seed, the count, the epoch and i, computed
 * when asked for instead of stored. Timestamps are laid
 * out so both orders are the creation order: record i is created and updated inside its own slot
 * [epoch - (count - i) * slot, + slot), so createdAt and updatedAt both strictly increase with i. Every
 * filter is then a binary search over computed values and every total arithmetic on positions.
 */
import { writeAddress, writeCompany, writeJob, writePerson } from "./fake-bytes.js";
import { closeCsvField } from "../codecs/csv.js";
import { Prng } from "./prng.js";
import type { RecordBase, UserRecord } from "./record.js";
import { firstWhere } from "./search.js";
import { ByteTable, copyBytes, hex16Into, hex32Into } from "../codecs/bytes.js";

/** Seconds between consecutive creation slots: an hour as in the original, shorter for very large sets (one second from 360,000,000 records on). */
export function slotSeconds(count: number): number {
  return count <= 100_000 ? 3600 : Math.max(1, Math.floor(360_000_000 / count));
}

/** A 32-bit bijective mixer (xorshift-multiply): distinct inputs give distinct outputs. */
export function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * `x % m` for a 32-bit unsigned `x` (a mix32 draw) and a whole `m` from 1 to 2^32, the same value: V8 takes
 * `%` of a value past 2^31 as a floating-point remainder, a call to C (about 9 ns); a division and a floor
 * are about 3. Exact: for x below 2^32 the quotient's rounding never crosses a whole number.
 * @example modulo(0xffffffff, 3600) // 0xffffffff % 3600, 1695
 */
export function modulo(x: number, m: number): number {
  return x - Math.floor(x / m) * m;
}

/** The multiplicative inverse of an odd number modulo 2^32 (Newton's iteration: each step doubles the correct bits). */
function inverseOdd(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}

const UNMIX_1 = inverseOdd(0x846ca68b);
const UNMIX_2 = inverseOdd(0x7feb352d);

/** The inverse of mix32: unmix32(mix32(x)) === x. */
function unmix32(x: number): number {
  let z = (x ^ (x >>> 16)) >>> 0;
  z = Math.imul(z, UNMIX_1) >>> 0;
  z = (z ^ (z >>> 15) ^ (z >>> 30)) >>> 0;
  z = Math.imul(z, UNMIX_2) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The run's 32-bit keys from its seed (both halves of a safe integer count). */
function seedKeys(seed: number): readonly [number, number, number, number] {
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  return [mix32(low ^ 0x9e3779b9), mix32(high ^ 0x85ebca6b), mix32(low ^ 0xc2b2ae35), mix32(high ^ 0x27d4eb2f)];
}

/**
 * Where an id is written before it is read as text: one flat string of 36 characters (a template of ten
 * pieces made a tree of string pieces, about 600 bytes per id, which a journal of thousands of entries
 * kept, and which every comparison had to flatten first).
 */
const ID_SCRATCH = Buffer.alloc(64);
const ID_VIEW = new DataView(ID_SCRATCH.buffer, ID_SCRATCH.byteOffset, ID_SCRATCH.length);

/**
 * Entries per table of text fragments. Record i's text fields are three fragments (a person: name and
 * email; an address; an employer: company and job), each picked from its table by a hash of i: 2^42
 * combinations, every fragment made once, when first needed, from the seed and its slot alone. The
 * tables are small enough to stay mostly in the processor's caches (lookups are random).
 */
const TABLE_SIZES = [65_536, 16_384, 4_096] as const;

/** Each fragment's members' heads: the first (`"name":"`) and the one after the first's value (`","email":"`). */
const MEMBER_HEADS = ([["name", "email"], ["address"], ["company", "job"]] as const).map(([first, second]) =>
  [Buffer.from(`"${first}":"`), second === undefined ? undefined : Buffer.from(`","${second}":"`)] as const);

/** Where a fragment is written before it is kept (generated text: far shorter; a table keeps at most 255 bytes). */
const FRAGMENT_JSON = new Uint8Array(1024);
const FRAGMENT_CSV = new Uint8Array(1024);

/**
 * A fragment's CSV from its JSON members (`"k":"v","k2":"v2"` gives `v,v2`, each value quoted when it
 * must be); the values never hold a quote or a backslash (generated from the word lists, which a unit test
 * checks), so each ends at the next quote.
 */
function csvOfMembers(json: Uint8Array, end: number, out: Uint8Array): number {
  let at = 0;
  for (let k = 0; k < end;) {
    // Past the key and its `":"`, to the value's first byte.
    const start = json.indexOf(0x22, k + 1) + 3;
    const stop = json.indexOf(0x22, start);
    if (at > 0) out[at++] = 0x2c;
    const field = copyBytes(out, at + 1, json, start, stop);
    at = closeCsvField(out, at, field);
    // Past the value's closing quote and the comma before the next key.
    k = stop + 2;
  }
  return at;
}

/** A layout: how many records, where the slots end, how wide they are, and the run's keys. */
export class ProceduralLayout implements RecordBase {
  readonly slot: number;
  private readonly keys: readonly [number, number, number, number];
  /** One generator, reseeded per fragment (fragments are made one at a time, never interleaved). */
  private readonly rng = new Prng(0);
  /**
   * People, addresses and employers, filled as asked for (at most TABLE_SIZES each), kept only as bytes:
   * their JSON and their CSV apart (a CSV export reads only the CSV), both made with the fragment. Text
   * forms are read back from them; no string is kept (the heap a collection walks stays small).
   */
  private readonly jsonBytes = TABLE_SIZES.map((size) => new ByteTable(size)) as [ByteTable, ByteTable, ByteTable];
  private readonly csvBytes = TABLE_SIZES.map((size) => new ByteTable(size)) as [ByteTable, ByteTable, ByteTable];

  /** @param count records (up to 2^32 - 1, so a position fits the bijective mixer); @param nowSeconds the epoch, in seconds */
  constructor(readonly seed: number, readonly count: number, readonly nowSeconds: number) {
    if (!Number.isSafeInteger(count) || count < 0 || count > 0xffffffff) throw new RangeError(`count must be an integer from 0 to 4294967295, got ${count}`);
    this.slot = slotSeconds(count);
    this.keys = seedKeys(seed);
  }

  /** Record i's first second of its slot. */
  private slotStart(i: number): number {
    return this.nowSeconds - (this.count - i) * this.slot;
  }

  /** Record i's createdAt: an offset into its slot, leaving room for the update within it. */
  createdAt(i: number): number {
    return this.slotStart(i) + modulo(mix32(i ^ this.keys[0]), this.slot);
  }

  /** Record i's updatedAt: at or after createdAt, still inside the slot (so never at another record's second, never now or later). */
  updatedAt(i: number): number {
    const created = this.createdAt(i);
    const room = this.slotStart(i) + this.slot - created;
    return created + modulo(mix32(i ^ this.keys[1]), room);
  }

  /**
   * Record i's id: a version-4 UUID whose first 32 bits are a bijection of i under this seed, so ids never
   * repeat within a run, whatever the count.
   */
  id(i: number): string {
    return ID_SCRATCH.toString("latin1", 0, this.idInto(i, ID_VIEW, 0));
  }

  /** Makes the fragment in slot h of table t from the seed and h alone, unless it is made: its JSON and CSV bytes. */
  private made(t: 0 | 1 | 2, h: number): void {
    if (this.jsonBytes[t].has(h)) return;
    const rng = this.rng.reseed(mix32(h ^ this.keys[t]), mix32(h ^ this.keys[3] ^ (t + 1)), this.keys[(t + 1) % 4] as number, t * 65_536 + h);
    // The JSON members written straight from the generator's draws.
    const json = FRAGMENT_JSON;
    const [head, second] = MEMBER_HEADS[t] as (typeof MEMBER_HEADS)[number];
    let at = copyBytes(json, 0, head, 0, head.length);
    if (t === 0) {
      at = writePerson(rng, json, at, second as Uint8Array);
    } else if (t === 1) {
      at = writeAddress(rng, json, at);
    } else {
      at = writeCompany(rng, json, at);
      at = copyBytes(json, at, second as Uint8Array, 0, (second as Uint8Array).length);
      at = writeJob(rng, json, at);
    }
    json[at++] = 0x22;
    this.jsonBytes[t].putBytes(h, json, 0, at);
    this.csvBytes[t].putBytes(h, FRAGMENT_CSV, 0, csvOfMembers(json, at, FRAGMENT_CSV));
  }

  /** Record i's three fragments' slots (a person, an address, an employer), each made. */
  private slotsOf(i: number): readonly [number, number, number] {
    const key = mix32(i ^ this.keys[3]);
    const slots = [key & 0xffff, key >>> 18, mix32(key ^ this.keys[0]) & 0xfff] as const;
    this.make(slots[0], slots[1], slots[2]);
    return slots;
  }

  /** Record i's three fragments' slots: made first when missing, then copied from these byte tables, comma-separated. */
  private textInto(i: number, tables: readonly [ByteTable, ByteTable, ByteTable], v: DataView<ArrayBufferLike>, at: number): number {
    const key = mix32(i ^ this.keys[3]);
    const h0 = key & 0xffff;
    const h1 = key >>> 18;
    const h2 = mix32(key ^ this.keys[0]) & 0xfff;
    const [person, place, employer] = tables;
    // The rare path (a fragment not made yet) is a call of its own, so this one stays small enough to inline the copies.
    if (!person.has(h0) || !place.has(h1) || !employer.has(h2)) this.make(h0, h1, h2);
    at = person.copyInto(v, at, h0);
    v.setUint8(at++, 0x2c);
    at = place.copyInto(v, at, h1);
    v.setUint8(at++, 0x2c);
    return employer.copyInto(v, at, h2);
  }

  /** Makes the fragments in these slots (those not made yet). */
  private make(h0: number, h1: number, h2: number): void {
    this.made(0, h0);
    this.made(1, h1);
    this.made(2, h2);
  }

  /** Writes record i's text members as JSON bytes (textJson's bytes) into a view of the output; returns the position after them. */
  textJsonInto(i: number, v: DataView<ArrayBufferLike>, at: number): number {
    return this.textInto(i, this.jsonBytes, v, at);
  }

  /** Writes record i's text fields as CSV bytes (textCsv's bytes) into a view of the output. */
  textCsvInto(i: number, v: DataView<ArrayBufferLike>, at: number): number {
    return this.textInto(i, this.csvBytes, v, at);
  }

  /** Writes record i's id (the id's 36 bytes) into a view of the output. */
  idInto(i: number, v: DataView<ArrayBufferLike>, at: number): number {
    const a = (mix32(i ^ this.keys[2]) ^ this.keys[3]) >>> 0;
    const b = (mix32(a ^ this.keys[0]) & 0xffff0fff) | 0x00004000;
    const c = mix32(mix32(a ^ this.keys[0]) ^ this.keys[1]);
    const d = mix32(c ^ this.keys[2]);
    const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
    at = hex32Into(v, at, a);
    v.setUint8(at++, 0x2d);
    at = hex16Into(v, at, b >>> 16);
    v.setUint8(at++, 0x2d);
    at = hex16Into(v, at, b & 0xffff);
    v.setUint8(at++, 0x2d);
    at = hex16Into(v, at, variant >>> 16);
    v.setUint8(at++, 0x2d);
    at = hex16Into(v, at, variant & 0xffff);
    return hex32Into(v, at, d);
  }

  /** Record i's text members as JSON, between `id` and `createdAt`: `"name":..,"email":..,"address":..,"company":..,"job":..`. */
  textJson(i: number): string {
    const [h0, h1, h2] = this.slotsOf(i);
    const [person, place, employer] = this.jsonBytes;
    return `${person.text(h0)},${place.text(h1)},${employer.text(h2)}`;
  }

  /** Record i's text fields as CSV, between id and createdAt. */
  textCsv(i: number): string {
    const [h0, h1, h2] = this.slotsOf(i);
    const [person, place, employer] = this.csvBytes;
    return `${person.text(h0)},${place.text(h1)},${employer.text(h2)}`;
  }

  /** Record i whole (its text read back from its JSON). */
  record(i: number): UserRecord {
    const { name, email, address, company, job } = JSON.parse(`{${this.textJson(i)}}`) as Record<"name" | "email" | "address" | "company" | "job", string>;
    return { id: this.id(i), name, email, address, company, job, createdAt: this.createdAt(i), updatedAt: this.updatedAt(i) };
  }

  /** Generated text is plain ASCII from the word lists: it never needs JSON escaping (a unit test checks the lists). */
  get plainText(): boolean {
    return true;
  }

  /** The position of the record with this id, or -1: the id's first 32 bits give the position back, the rest must match. */
  positionOf(id: string): number {
    if (id.length !== 36) return -1;
    const a = Number.parseInt(id.slice(0, 8), 16);
    if (!Number.isInteger(a)) return -1;
    const i = unmix32((a ^ this.keys[3]) >>> 0) ^ this.keys[2];
    const position = i >>> 0;
    return position < this.count && this.id(position) === id ? position : -1;
  }

  /**
   * The first position whose updatedAt is at or after `since` (strictly after with `strict`), or `count`
   * when none: a binary search over computed timestamps (both orders are creation order).
   */
  firstUpdatedFrom(since: number, strict = false): number {
    return firstWhere(0, this.count, (i) => (strict ? this.updatedAt(i) > since : this.updatedAt(i) >= since));
  }

}
