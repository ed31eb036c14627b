/**
 * The user records: generated once at start from a seed and a clock, immutable afterwards, serialised
 * once, and indexed so every page, filter and cursor boundary is a binary search away.
 */
import { formatTimestamp } from "../codecs/timestamp.js";
import { fakeAddress, fakeCompanyName, fakeJob, fakePerson } from "./fake.js";
import type { Prng } from "./prng.js";
import { lowerBound } from "./search.js";

export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly address: string;
  readonly company: string;
  readonly job: string;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Epoch seconds, distinct across all records. */
  readonly updatedAt: number;
}

export type OrderBy = "createdAt" | "updatedAt";
export type OrderType = "asc" | "desc";

/** An ordered, filtered, read-only list of record positions (indices in creation order). */
export interface RecordView {
  readonly length: number;
  at(k: number): number;
}

/** Column order of every record, in JSON and CSV alike. */
export const RECORD_KEYS = ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"] as const;

/** Seconds between consecutive creation slots: an hour as in the original, shorter for very large sets. */
export function slotSeconds(count: number): number {
  return count <= 100_000 ? 3600 : Math.max(1, Math.floor(360_000_000 / count));
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

const plainQuote = (text: string): string => `"${text}"`;

/**
 * Serialises a record with keys in RECORD_KEYS order. Generated text never needs escaping, so one
 * check over all fields decides between plain quoting and JSON.stringify per field; `safe` skips even
 * that check, for text known to be plain ASCII without quotes, backslashes or control characters.
 */
export function recordToJson(record: UserRecord, safe = false): string {
  const { id, name, email, address, company, job } = record;
  const quote = safe || !NEEDS_ESCAPE.test(`${id}${name}${email}${address}${company}${job}`) ? plainQuote : JSON.stringify;
  return `{"id":${quote(id)},"name":${quote(name)},"email":${quote(email)},"address":${quote(address)},"company":${quote(company)},` +
    `"job":${quote(job)},"createdAt":"${formatTimestamp(record.createdAt)}","updatedAt":"${formatTimestamp(record.updatedAt)}"}`;
}

/** JSON bytes of record `i` start `ID_PREFIX_BYTES` before its `"name"` key: `{"id":"<36-char uuid>",`. */
const ID_PREFIX_BYTES = 45;
/** Where the UUID starts in a record's JSON (after `{"id":"`), and its length. */
const ID_FIELD_OFFSET = 7;
const UUID_LENGTH = 36;

/**
 * All records, serialised once into one buffer (no per-record objects, so a million records cost
 * about 330 MB and no garbage-collection work), with their timestamps in typed arrays.
 */
export class RecordSet {
  readonly size: number;
  /** Epoch seconds per record, in creation order. */
  readonly createdAt: Float64Array;
  readonly updatedAt: Float64Array;
  /**
   * Every record's JSON, each followed by a comma, laid out in updatedAt order (the default order of every
   * endpoint); record i is `bytes[starts[i], ends[i])`. Records whose bytes follow each other (a comma
   * apart) are copied into an answer as one range.
   */
  private readonly bytes: Buffer;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** Positions sorted by updatedAt ascending, and their updatedAt values. */
  private readonly byUpdated: Int32Array;
  private readonly sortedUpdated: Float64Array;
  /** Records whose updatedAt was changed after generation (far out of creation order). */
  private readonly churned = new Set<number>();
  /** The generated updatedAt of each churned record, for `restore`. */
  private readonly generatedUpdatedAt = new Map<number, number>();
  /** Bumped by every change, so answers computed from the records can be cached per version. */
  version = 0;
  /** Running max of updatedAt from the start, and running min from the end, in creation order. */
  private readonly prefixMaxUpdated: Float64Array;
  private readonly suffixMinUpdated: Float64Array;

  constructor(bytes: Buffer, starts: Float64Array, ends: Float64Array, createdAt: Float64Array, updatedAt: Float64Array) {
    const n = createdAt.length;
    this.size = n;
    this.bytes = bytes;
    this.starts = starts;
    this.ends = ends;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.byUpdated = new Int32Array(n);
    this.sortByUpdated();
    this.sortedUpdated = new Float64Array(n);
    this.prefixMaxUpdated = new Float64Array(n);
    this.suffixMinUpdated = new Float64Array(n);
    this.reindex();
  }

  /** Orders `byUpdated` from scratch: creation order, then by updatedAt. */
  private sortByUpdated(): void {
    const n = this.size;
    const updatedAt = this.updatedAt;
    for (let i = 0; i < n; i++) this.byUpdated[i] = i;
    // updatedAt is nearly in creation order (only neighbours swap), so insertion sort is linear here.
    for (let i = 1; i < n; i++) {
      const position = this.byUpdated[i] as number;
      const value = updatedAt[position] as number;
      let j = i - 1;
      while (j >= 0 && (updatedAt[this.byUpdated[j] as number] as number) > value) {
        this.byUpdated[j + 1] = this.byUpdated[j] as number;
        j--;
      }
      this.byUpdated[j + 1] = position;
    }
  }

  /** Recomputes everything derived from `byUpdated` and `updatedAt`. */
  private reindex(): void {
    const n = this.size;
    const updatedAt = this.updatedAt;
    for (let k = 0; k < n; k++) this.sortedUpdated[k] = updatedAt[this.byUpdated[k] as number] as number;
    // Churned records are left out of the running max: they are checked one by one instead (see createdView).
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!this.churned.has(i)) max = Math.max(max, updatedAt[i] as number);
      this.prefixMaxUpdated[i] = max;
    }
    let min = Infinity;
    for (let i = n - 1; i >= 0; i--) this.suffixMinUpdated[i] = min = Math.min(min, updatedAt[i] as number);
  }

  /** The latest updatedAt of any record. */
  get latestUpdatedAt(): number {
    return this.size === 0 ? -Infinity : (this.sortedUpdated[this.size - 1] as number);
  }

  /**
   * Gives records new, later updatedAt values (the `--churn` simulation). Each new value must be later
   * than every current one and the values distinct, so the changed records move, in the given order, to
   * the end of the updatedAt order. Their JSON is patched in place (a timestamp has a fixed width).
   */
  churn(changes: readonly { readonly index: number; readonly updatedAt: number }[]): void {
    let latest = this.latestUpdatedAt;
    for (const { index, updatedAt } of changes) {
      if (!(updatedAt > latest)) throw new RangeError(`churned updatedAt ${updatedAt} must be later than ${latest}`);
      latest = updatedAt;
    }
    const moved = new Set(changes.map((change) => change.index));
    let k = 0;
    for (const position of this.byUpdated) if (!moved.has(position)) this.byUpdated[k++] = position;
    for (const { index, updatedAt } of changes) {
      this.byUpdated[k++] = index;
      if (!this.generatedUpdatedAt.has(index)) this.generatedUpdatedAt.set(index, this.updatedAt[index] as number);
      this.updatedAt[index] = updatedAt;
      this.churned.add(index);
      writeUpdatedAtText(this.bytes, this.ends[index] as number, updatedAt);
    }
    this.reindex();
    this.version++;
  }

  /** Undoes every churn: each record back to its generated updatedAt (the control plane's reset); bumps the version. */
  restore(): void {
    if (this.generatedUpdatedAt.size === 0) return;
    for (const [index, updatedAt] of this.generatedUpdatedAt) {
      this.updatedAt[index] = updatedAt;
      writeUpdatedAtText(this.bytes, this.ends[index] as number, updatedAt);
    }
    this.generatedUpdatedAt.clear();
    this.churned.clear();
    this.sortByUpdated();
    this.reindex();
    this.version++;
  }

  /** Record i's id (its UUID), read from its stored JSON. */
  id(i: number): string {
    const start = (this.starts[i] as number) + ID_FIELD_OFFSET;
    return this.bytes.toString("latin1", start, start + UUID_LENGTH);
  }

  /** Builds a set from record objects (tests and small data). */
  static from(records: readonly UserRecord[]): RecordSet {
    const builder = new RecordSetBuilder(records.length);
    for (const record of records) builder.add(record);
    return builder.finish();
  }

  /** Byte length of record i's JSON. */
  jsonLength(i: number): number {
    return (this.ends[i] as number) - (this.starts[i] as number);
  }

  /** Copies record i's JSON into `target` at `position`; returns the position after it. */
  copyJson(i: number, target: Buffer, position: number): number {
    return position + this.bytes.copy(target, position, this.starts[i], this.ends[i]);
  }

  /** Byte length of the given records' JSON joined by commas. */
  joinedLength(positions: ArrayLike<number>): number {
    let length = positions.length === 0 ? 0 : -1;
    for (let k = 0; k < positions.length; k++) length += this.jsonLength(positions[k] as number) + 1;
    return length;
  }

  /**
   * Copies the given records' JSON joined by commas; records stored one after the other (the usual
   * case: a page in updatedAt order) are copied as one range. Returns the position after the last byte.
   */
  copyJoined(positions: ArrayLike<number>, target: Buffer, position: number): number {
    let k = 0;
    while (k < positions.length) {
      if (k > 0) target[position++] = 0x2c;
      const start = this.starts[positions[k] as number] as number;
      let end = this.ends[positions[k] as number] as number;
      k++;
      while (k < positions.length && this.starts[positions[k] as number] === end + 1) end = this.ends[positions[k++] as number] as number;
      position += this.bytes.copy(target, position, start, end);
    }
    return position;
  }

  /** Byte length of record i's JSON after its `id` member. */
  jsonLengthAfterId(i: number): number {
    return this.jsonLength(i) - ID_PREFIX_BYTES;
  }

  /** Copies record i's JSON after its `id` member (from `"name":` to the closing brace). */
  copyJsonAfterId(i: number, target: Buffer, position: number): number {
    return position + this.bytes.copy(target, position, (this.starts[i] as number) + ID_PREFIX_BYTES, this.ends[i]);
  }

  /** Record i's JSON text. */
  json(i: number): string {
    return this.bytes.toString("utf8", this.starts[i], this.ends[i]);
  }

  /** Record i as an object (parsed back from its JSON). */
  record(i: number): UserRecord {
    const parsed = JSON.parse(this.json(i)) as Record<string, string>;
    return {
      id: parsed.id as string, name: parsed.name as string, email: parsed.email as string, address: parsed.address as string,
      company: parsed.company as string, job: parsed.job as string, createdAt: this.createdAt[i] as number, updatedAt: this.updatedAt[i] as number,
    };
  }

  /**
   * Records ordered by `orderBy`/`orderType`, keeping only `updatedAt >= updatedSince` when given
   * (or `> updatedAfter`, the keyset and incremental form).
   */
  view(orderBy: OrderBy, orderType: OrderType, updatedSince?: number, strict = false): RecordView {
    const ascending = orderBy === "updatedAt" ? this.updatedView(updatedSince, strict) : this.createdView(updatedSince, strict);
    if (orderType === "asc") return ascending;
    const last = ascending.length - 1;
    return { length: ascending.length, at: (k) => ascending.at(last - k) };
  }

  private updatedView(since: number | undefined, strict: boolean): RecordView {
    const start = since === undefined ? 0 : lowerBound(this.sortedUpdated, since, strict);
    const byUpdated = this.byUpdated;
    return { length: byUpdated.length - start, at: (k) => byUpdated[start + k] as number };
  }

  private createdView(since: number | undefined, strict: boolean): RecordView {
    const n = this.size;
    if (since === undefined) return { length: n, at: (k) => k };
    const keeps = (value: number): boolean => (strict ? value > since : value >= since);
    // Every position from `tail` on qualifies; before it, only the few that a running max allows.
    const tail = lowerBound(this.suffixMinUpdated, since, strict);
    const early: number[] = [];
    for (let i = tail - 1; i >= 0 && keeps(this.prefixMaxUpdated[i] as number); i--) {
      if (!this.churned.has(i) && keeps(this.updatedAt[i] as number)) early.push(i);
    }
    for (const i of this.churned) if (i < tail && keeps(this.updatedAt[i] as number)) early.push(i);
    early.sort((a, b) => a - b);
    const earlyCount = early.length;
    return { length: earlyCount + n - tail, at: (k) => (k < earlyCount ? (early[k] as number) : tail + k - earlyCount) };
  }
}

/**
 * Rewrites a stored record's updatedAt text in place: `..."updatedAt":"YYYY-MM-DDTHH:MM:SSZ"}` ends
 * every record, so the timestamp (always 20 bytes) sits 22 to 2 bytes before the record's end.
 */
export function writeUpdatedAtText(bytes: Buffer, recordEnd: number, updatedAt: number): void {
  bytes.write(formatTimestamp(updatedAt), recordEnd - 22, "latin1");
}

/** Where a builder writes: JSON bytes and, per record, its byte range and timestamps. */
export interface RecordStorage {
  readonly bytes: Buffer;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly createdAt: Float64Array;
  readonly updatedAt: Float64Array;
}

/**
 * Appends records' JSON to a growing buffer; `finish` trims it and indexes the set. The buffer is laid
 * out in updatedAt order: generated records are out of that order only in isolated neighbouring pairs,
 * so holding one record back and swapping such pairs is enough (other input is laid out as it comes,
 * which costs only speed, never correctness).
 */
export class RecordSetBuilder {
  private bytes: Buffer;
  private length = 0;
  private count = 0;
  private pending: { readonly index: number; readonly json: string } | undefined;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly createdAt: Float64Array;
  private readonly updatedAt: Float64Array;

  /** With `storage`, records go into the given (possibly shared) memory, which never grows. */
  constructor(readonly capacity: number, private readonly storage?: RecordStorage) {
    this.bytes = storage?.bytes ?? Buffer.allocUnsafe(Math.max(1024, capacity * 340));
    this.starts = storage?.starts ?? new Float64Array(capacity);
    this.ends = storage?.ends ?? new Float64Array(capacity);
    this.createdAt = storage?.createdAt ?? new Float64Array(capacity);
    this.updatedAt = storage?.updatedAt ?? new Float64Array(capacity);
  }

  /** Appends a record; `safe` as in `recordToJson` (the generator's records are). */
  add(record: UserRecord, safe = false): void {
    const index = this.count++;
    this.createdAt[index] = record.createdAt;
    this.updatedAt[index] = record.updatedAt;
    const json = `${recordToJson(record, safe)},`;
    const pending = this.pending;
    if (pending === undefined) {
      this.pending = { index, json };
    } else if (record.updatedAt < (this.updatedAt[pending.index] as number)) {
      this.write(index, json);
      this.write(pending.index, pending.json);
      this.pending = undefined;
    } else {
      this.write(pending.index, pending.json);
      this.pending = { index, json };
    }
  }

  private write(index: number, json: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.length + json.length * 3 > this.bytes.length) {
      if (this.storage !== undefined) throw new RangeError("record storage too small");
      const grown = Buffer.allocUnsafe(Math.max(this.length + json.length * 3, Math.floor(this.bytes.length * 1.5)));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.starts[index] = this.length;
    this.length += this.bytes.write(json, this.length);
    // The record ends before its trailing comma.
    this.ends[index] = this.length - 1;
  }

  /** Writes the record held back; returns the bytes used. */
  flush(): number {
    if (this.count !== this.capacity) throw new RangeError(`expected ${this.capacity} records, got ${this.count}`);
    if (this.pending !== undefined) this.write(this.pending.index, this.pending.json);
    this.pending = undefined;
    return this.length;
  }

  finish(): RecordSet {
    this.flush();
    // Copy into an exactly sized buffer when the estimate left much unused.
    let bytes = this.bytes.subarray(0, this.length);
    if (this.bytes.length - this.length > this.length / 8) {
      bytes = Buffer.allocUnsafeSlow(this.length);
      this.bytes.copy(bytes, 0, 0, this.length);
    }
    return new RecordSet(bytes, this.starts, this.ends, this.createdAt, this.updatedAt);
  }
}

/**
 * Generates records `from` to `to - 1` of `count` ending just before `nowSeconds`, handing each to
 * `onRecord` in creation order. Record i is created in slot `now - (count - i) * slot` plus a random offset within the slot; it
 * is updated up to one slot later, never in the future and never at the same second as another record.
 * Only neighbours' update windows overlap, so checking the previous record keeps every updatedAt distinct.
 */
export function generateRecords(rng: Prng, count: number, nowSeconds: number, onRecord: (record: UserRecord) => void, from = 0, to = count): void {
  const slot = slotSeconds(count);
  let previousUpdated = Number.NaN;
  for (let i = from; i < to; i++) {
    const id = rng.uuid4();
    const person = fakePerson(rng);
    const address = fakeAddress(rng);
    const company = fakeCompanyName(rng);
    const job = fakeJob(rng);
    const createdAt = nowSeconds - (count - i) * slot + rng.int(0, slot - 1);
    const latest = Math.min(createdAt + slot - 1, nowSeconds - 1);
    let updatedAt: number;
    if (previousUpdated >= createdAt && previousUpdated <= latest) {
      updatedAt = createdAt + rng.int(0, latest - createdAt - 1);
      if (updatedAt >= previousUpdated) updatedAt += 1;
    } else {
      updatedAt = createdAt + rng.int(0, latest - createdAt);
    }
    previousUpdated = updatedAt;
    onRecord({ id, name: person.name, email: person.email, address, company, job, createdAt, updatedAt });
  }
}

/** Generates and indexes `count` records (large sets on two threads, see parallel-records.ts). */
export function buildRecordSet(rng: Prng, count: number, nowSeconds: number): RecordSet {
  const builder = new RecordSetBuilder(count);
  // Generated text comes from the word lists, which hold only plain ASCII (a unit test checks).
  generateRecords(rng, count, nowSeconds, (record) => builder.add(record, true));
  return builder.finish();
}

/** One part of a parallel build: generates records `from` to `to - 1` of `count` into fixed storage. */
export function generatePart(rng: Prng, count: number, nowSeconds: number, from: number, to: number, storage: RecordStorage): number {
  const builder = new RecordSetBuilder(to - from, storage);
  generateRecords(rng, count, nowSeconds, (record) => builder.add(record, true), from, to);
  return builder.flush();
}
