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
/** `,"deletedAt":null` and `,"deletedAt":"YYYY-MM-DDTHH:MM:SSZ"`: what soft deletes add before the closing brace. */
const LIVE_TAIL = `,"deletedAt":null`;
const DELETED_TAIL_LENGTH = `,"deletedAt":"2026-01-01T00:00:00Z"`.length;
/** `,"phone":"+1-555-123-4567"`: what schema drift adds to every record, last. */
const PHONE_MEMBER_LENGTH = `,"phone":"+1-555-123-4567"`.length;

/**
 * The phone number schema drift gives the record at a position: a pure function of the position.
 * @example phoneOf(0) // "+1-555-…" (always 15 characters)
 */
export function phoneOf(position: number): string {
  const digits = String((Math.imul(position + 1, 0x9e3779b1) >>> 0) % 10_000_000).padStart(7, "0");
  return `+1-555-${digits.slice(0, 3)}-${digits.slice(3)}`;
}

/** One change to the records, at a second later than every earlier change (see `RecordSet.apply`). */
export type RecordChange =
  | { readonly kind: "update"; readonly index: number; readonly at: number }
  | { readonly kind: "delete"; readonly index: number; readonly at: number }
  | { readonly kind: "insert"; readonly record: UserRecord };

/** A deletion: the record's position, its id and when it was deleted (epoch seconds). */
export interface Tombstone {
  readonly index: number;
  readonly id: string;
  readonly deletedAt: number;
}

/** A Float64Array that grows (inserted records): `array` is replaced, so read it afresh each time. */
function grow(array: Float64Array, needed: number): Float64Array {
  if (needed <= array.length) return array;
  const grown = new Float64Array(Math.max(needed, Math.ceil(array.length * 1.5) + 16));
  grown.set(array);
  return grown;
}

/**
 * All records, serialised once into one buffer (no per-record objects, so a million records cost
 * about 330 MB and no garbage-collection work), with their timestamps in typed arrays. Changes (churn
 * updates, inserts, deletes) are applied in place: an update rewrites the timestamp's fixed-width text,
 * records that gain bytes (inserted, soft-deleted) are written to a second, growing region, and the
 * indexes are rebuilt, so every view stays a binary search away.
 */
export class RecordSet {
  /** Epoch seconds per record position (creation order; inserted records at the end). */
  private created: Float64Array;
  private updated: Float64Array;
  /** The JSON regions: generated records in `bytes`, records written later in `extra`, addressed after `bytes` (one byte apart, so no copy spans both). */
  private readonly bytes: Buffer;
  private extra = Buffer.alloc(0);
  private extraLength = 0;
  private readonly extraBase: number;
  /** Record i is `[starts[i], ends[i])` (a virtual address: below extraBase in `bytes`, else in `extra`). */
  private starts: Float64Array;
  private ends: Float64Array;
  /** Positions count (generated + inserted), and how many were generated. */
  private positions: number;
  private readonly generated: number;
  /** Live positions (hard-deleted ones left out) sorted by updatedAt ascending, and their updatedAt values. */
  private byUpdated: Int32Array;
  private sortedUpdated: Float64Array;
  /** Live positions in creation order, or undefined while nothing was hard-deleted (then position k is the k-th). */
  private byCreated: Int32Array | undefined;
  /** Records whose updatedAt was changed after generation (far out of creation order). */
  private readonly churned = new Set<number>();
  /** The generated updatedAt and byte range of each changed record, for `restore`. */
  private readonly original = new Map<number, { readonly updatedAt: number; readonly start: number; readonly end: number }>();
  /** Deleted positions and when (both styles); hard deletes leave every view. */
  private readonly deletedAt = new Map<number, number>();
  private readonly tombstones: Tombstone[] = [];
  private hardDeleted = 0;
  /** Schema drift: every record carries a `phone` member, written after its stored JSON when copied. */
  private phones = false;
  /** The latest second any change used (updates, inserts, deletes), so the next one is later. */
  private latestChange = -Infinity;
  /** Bumped by every change, so answers computed from the records can be cached per version. */
  version = 0;
  /** Running max of updatedAt from the start (live, unchurned), and running min from the end (live), in creation order. */
  private prefixMaxUpdated: Float64Array;
  private suffixMinUpdated: Float64Array;

  /**
   * @param softDelete deleted records stay in every list with `deletedAt` set (`null` on live ones: every
   *   record's JSON then carries the field); otherwise deletes remove them.
   */
  constructor(bytes: Buffer, starts: Float64Array, ends: Float64Array, createdAt: Float64Array, updatedAt: Float64Array, readonly softDelete = false) {
    const n = createdAt.length;
    this.positions = n;
    this.generated = n;
    this.bytes = softDelete ? withTail(bytes, starts, ends, LIVE_TAIL) : bytes;
    this.extraBase = this.bytes.length + 1;
    this.starts = starts;
    this.ends = ends;
    this.created = createdAt;
    this.updated = updatedAt;
    this.byUpdated = new Int32Array(n);
    this.sortedUpdated = new Float64Array(n);
    this.prefixMaxUpdated = new Float64Array(n);
    this.suffixMinUpdated = new Float64Array(n);
    this.sortByUpdated();
    this.reindex();
  }

  /** Record positions: generated and inserted, deleted ones included (positions are never reused). */
  get size(): number {
    return this.positions;
  }

  /** Records in the lists now: every position but the hard-deleted. */
  get live(): number {
    return this.positions - this.hardDeleted;
  }

  /** Epoch seconds per position (read afresh: inserts replace the array). */
  get createdAt(): Float64Array {
    return this.created;
  }

  get updatedAt(): Float64Array {
    return this.updated;
  }

  /** Whether schema drift has given every record a `phone`. */
  get drifted(): boolean {
    return this.phones;
  }

  /** Schema drift on (every record gains `phone`, last) or off (the control plane's reset); bumps the version. */
  drift(on = true): void {
    if (this.phones === on) return;
    this.phones = on;
    this.version++;
  }

  /** Whether position i was deleted (either style), and when. */
  deletedAtOf(i: number): number | undefined {
    return this.deletedAt.get(i);
  }

  /** Whether position i is in the lists (not hard-deleted). */
  isListed(i: number): boolean {
    return this.softDelete || !this.deletedAt.has(i);
  }

  /** Deletions in the order they happened (deletedAt ascending and distinct). */
  deletions(): readonly Tombstone[] {
    return this.tombstones;
  }

  /** Orders `byUpdated` from scratch over live positions: creation order, then by updatedAt. */
  private sortByUpdated(): void {
    const updatedAt = this.updated;
    const order = new Int32Array(this.live);
    let m = 0;
    for (let i = 0; i < this.positions; i++) if (this.isListed(i)) order[m++] = i;
    // updatedAt is nearly in creation order (only neighbours swap), so insertion sort is linear here.
    for (let i = 1; i < m; i++) {
      const position = order[i] as number;
      const value = updatedAt[position] as number;
      let j = i - 1;
      while (j >= 0 && (updatedAt[order[j] as number] as number) > value) {
        order[j + 1] = order[j] as number;
        j--;
      }
      order[j + 1] = position;
    }
    this.byUpdated = order;
  }

  /** Recomputes everything derived from `byUpdated`, `updatedAt` and the deletions. */
  private reindex(): void {
    const n = this.positions;
    const live = this.byUpdated.length;
    const updatedAt = this.updated;
    if (this.sortedUpdated.length !== live) this.sortedUpdated = new Float64Array(live);
    for (let k = 0; k < live; k++) this.sortedUpdated[k] = updatedAt[this.byUpdated[k] as number] as number;
    if (this.prefixMaxUpdated.length !== n) {
      this.prefixMaxUpdated = new Float64Array(n);
      this.suffixMinUpdated = new Float64Array(n);
    }
    // Churned records are left out of the running max: they are checked one by one instead (see createdView).
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!this.churned.has(i) && this.isListed(i)) max = Math.max(max, updatedAt[i] as number);
      this.prefixMaxUpdated[i] = max;
    }
    let min = Infinity;
    for (let i = n - 1; i >= 0; i--) {
      if (this.isListed(i)) min = Math.min(min, updatedAt[i] as number);
      this.suffixMinUpdated[i] = min;
    }
    if (this.hardDeleted === 0 || this.softDelete) {
      this.byCreated = undefined;
    } else {
      const listed = new Int32Array(live);
      let m = 0;
      for (let i = 0; i < n; i++) if (!this.deletedAt.has(i)) listed[m++] = i;
      this.byCreated = listed;
    }
  }

  /** The latest updatedAt of any listed record. */
  get latestUpdatedAt(): number {
    return this.byUpdated.length === 0 ? -Infinity : (this.sortedUpdated[this.byUpdated.length - 1] as number);
  }

  /** The latest second used by any record or change: the next change must come after it. */
  get latestStamp(): number {
    return Math.max(this.latestChange, this.latestUpdatedAt);
  }

  /**
   * Gives records new, later updatedAt values (the `--churn` updates). Each new value must be later
   * than every current one and the values distinct, so the changed records move, in the given order, to
   * the end of the updatedAt order.
   */
  churn(changes: readonly { readonly index: number; readonly updatedAt: number }[]): void {
    this.apply(changes.map(({ index, updatedAt }) => ({ kind: "update", index, at: updatedAt })));
  }

  /**
   * Applies changes in order, each at a second later than every earlier one (an insert's is its
   * createdAt, which equals its updatedAt): updates move a record to the end of the updatedAt order;
   * deletes take it out of every list (or, soft, set its deletedAt and updatedAt); inserts add a record
   * at the next position. A RangeError for a change that is not later, or on a deleted record.
   */
  apply(changes: readonly RecordChange[]): void {
    let latest = this.latestStamp;
    for (const change of changes) {
      const at = change.kind === "insert" ? change.record.updatedAt : change.at;
      if (!(at > latest)) throw new RangeError(`a change at ${at} must be later than ${latest}`);
      if (change.kind === "insert" && change.record.createdAt !== at) throw new RangeError("an inserted record is created when it is updated");
      if (change.kind !== "insert" && (change.index < 0 || change.index >= this.positions || this.deletedAt.has(change.index))) {
        throw new RangeError(`no record at position ${change.index} to change`);
      }
      latest = at;
    }
    let resort = false;
    for (const change of changes) {
      if (change.kind === "insert") {
        this.insert(change.record);
      } else if (change.kind === "update") {
        this.remember(change.index);
        this.updated[change.index] = change.at;
        this.churned.add(change.index);
        this.patchUpdatedAt(change.index);
      } else if (this.softDelete) {
        this.remember(change.index);
        this.updated[change.index] = change.at;
        this.churned.add(change.index);
        this.deletedAt.set(change.index, change.at);
        this.rewrite(change.index);
        this.tombstones.push({ index: change.index, id: this.id(change.index), deletedAt: change.at });
      } else {
        this.deletedAt.set(change.index, change.at);
        this.hardDeleted++;
        this.tombstones.push({ index: change.index, id: this.id(change.index), deletedAt: change.at });
        resort = true;
      }
      this.latestChange = change.kind === "insert" ? change.record.updatedAt : change.at;
    }
    if (resort) {
      this.sortByUpdated();
    } else {
      // Changed and inserted records go to the end of the updatedAt order, in the order of their last change.
      const last: number[] = [];
      const seen = new Set<number>();
      let insertsAfter = 0;
      for (let k = changes.length - 1; k >= 0; k--) {
        const change = changes[k] as RecordChange;
        const position = change.kind === "insert" ? this.positions - 1 - insertsAfter++ : change.index;
        if (!seen.has(position)) last.push(position);
        seen.add(position);
      }
      const moved = new Set(last.reverse());
      const order = new Int32Array(this.live);
      let k = 0;
      for (const position of this.byUpdated) if (!moved.has(position)) order[k++] = position;
      for (const position of moved) order[k++] = position;
      this.byUpdated = order;
    }
    this.reindex();
    this.version++;
  }

  /** Keeps a record's generated state for `restore`, the first time it changes. */
  private remember(i: number): void {
    if (!this.original.has(i) && i < this.generated) {
      this.original.set(i, { updatedAt: this.updated[i] as number, start: this.starts[i] as number, end: this.ends[i] as number });
    }
  }

  private insert(record: UserRecord): void {
    const i = this.positions++;
    this.created = grow(this.created, this.positions);
    this.updated = grow(this.updated, this.positions);
    this.starts = grow(this.starts, this.positions);
    this.ends = grow(this.ends, this.positions);
    this.created[i] = record.createdAt;
    this.updated[i] = record.updatedAt;
    this.append(i, withMembers(recordToJson(record), this.softDelete ? LIVE_TAIL : ""));
  }

  /** Writes record i's JSON (and a comma) into the extra region and points the record at it. */
  private append(i: number, json: string): void {
    const needed = this.extraLength + json.length * 3 + 1;
    if (needed > this.extra.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.extra.length * 2, 64 * 1024));
      this.extra.copy(grown, 0, 0, this.extraLength);
      this.extra = grown;
    }
    this.starts[i] = this.extraBase + this.extraLength;
    this.extraLength += this.extra.write(`${json},`, this.extraLength);
    this.ends[i] = this.extraBase + this.extraLength - 1;
  }

  /** Re-serialises record i from its fields (its JSON grows: a soft delete). */
  private rewrite(i: number): void {
    const record = this.record(i);
    const deletedAt = this.deletedAt.get(i);
    const tail = !this.softDelete ? "" : deletedAt === undefined ? LIVE_TAIL : `,"deletedAt":"${formatTimestamp(deletedAt)}"`;
    this.append(i, withMembers(recordToJson(record), tail));
  }

  /** Rewrites record i's updatedAt text where it is stored (fixed width, so in place). */
  private patchUpdatedAt(i: number): void {
    const tail = !this.softDelete ? 0 : this.deletedAt.has(i) ? DELETED_TAIL_LENGTH : LIVE_TAIL.length;
    const [buffer, , end] = this.region(i);
    writeUpdatedAtText(buffer, end - tail, this.updated[i] as number);
  }

  /** Undoes every change: inserts and deletions gone, each record back to its generated updatedAt (the control plane's reset); bumps the version. */
  restore(): void {
    if (this.original.size === 0 && this.positions === this.generated && this.deletedAt.size === 0 && !this.phones) return;
    for (const [index, { updatedAt, start, end }] of this.original) {
      this.updated[index] = updatedAt;
      this.starts[index] = start;
      this.ends[index] = end;
      writeUpdatedAtText(this.bytes, end - (this.softDelete ? LIVE_TAIL.length : 0), updatedAt);
    }
    this.original.clear();
    this.churned.clear();
    this.deletedAt.clear();
    this.tombstones.length = 0;
    this.hardDeleted = 0;
    this.positions = this.generated;
    this.extraLength = 0;
    this.latestChange = -Infinity;
    this.phones = false;
    this.sortByUpdated();
    this.reindex();
    this.version++;
  }

  /** The buffer holding record i, and its range there. */
  private region(i: number): [Buffer, number, number] {
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    return start < this.extraBase ? [this.bytes, start, end] : [this.extra, start - this.extraBase, end - this.extraBase];
  }

  /** Record i's id (its UUID), read from its stored JSON. */
  id(i: number): string {
    const [buffer, start] = this.region(i);
    return buffer.toString("latin1", start + ID_FIELD_OFFSET, start + ID_FIELD_OFFSET + UUID_LENGTH);
  }

  /** Builds a set from record objects (tests and small data). */
  static from(records: readonly UserRecord[], softDelete = false): RecordSet {
    const builder = new RecordSetBuilder(records.length);
    for (const record of records) builder.add(record);
    return builder.finish(softDelete);
  }

  /** Byte length of record i's JSON. */
  jsonLength(i: number): number {
    return (this.ends[i] as number) - (this.starts[i] as number) + (this.phones ? PHONE_MEMBER_LENGTH : 0);
  }

  /** Copies record i's JSON into `target` at `position`; returns the position after it. */
  copyJson(i: number, target: Buffer, position: number): number {
    const [buffer, start, end] = this.region(i);
    if (!this.phones) return position + buffer.copy(target, position, start, end);
    const at = position + buffer.copy(target, position, start, end - 1);
    return at + target.write(`,"phone":"${phoneOf(i)}"}`, at, "latin1");
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
    if (this.phones) {
      for (let k = 0; k < positions.length; k++) {
        if (k > 0) target[position++] = 0x2c;
        position = this.copyJson(positions[k] as number, target, position);
      }
      return position;
    }
    let k = 0;
    while (k < positions.length) {
      if (k > 0) target[position++] = 0x2c;
      const first = positions[k] as number;
      const start = this.starts[first] as number;
      let end = this.ends[first] as number;
      k++;
      while (k < positions.length && this.starts[positions[k] as number] === end + 1) end = this.ends[positions[k++] as number] as number;
      const [buffer, base] = start < this.extraBase ? [this.bytes, 0] : [this.extra, this.extraBase];
      position += buffer.copy(target, position, start - base, end - base);
    }
    return position;
  }

  /** Byte length of record i's JSON after its `id` member. */
  jsonLengthAfterId(i: number): number {
    return this.jsonLength(i) - ID_PREFIX_BYTES;
  }

  /** Copies record i's JSON after its `id` member (from `"name":` to the closing brace). */
  copyJsonAfterId(i: number, target: Buffer, position: number): number {
    const [buffer, start, end] = this.region(i);
    if (!this.phones) return position + buffer.copy(target, position, start + ID_PREFIX_BYTES, end);
    const at = position + buffer.copy(target, position, start + ID_PREFIX_BYTES, end - 1);
    return at + target.write(`,"phone":"${phoneOf(i)}"}`, at, "latin1");
  }

  /** Record i's JSON text. */
  json(i: number): string {
    const [buffer, start, end] = this.region(i);
    const stored = buffer.toString("utf8", start, end);
    return this.phones ? withMembers(stored, `,"phone":"${phoneOf(i)}"`) : stored;
  }

  /** Record i as an object (parsed back from its JSON). */
  record(i: number): UserRecord {
    const parsed = JSON.parse(this.json(i)) as Record<string, string>;
    return {
      id: parsed.id as string, name: parsed.name as string, email: parsed.email as string, address: parsed.address as string,
      company: parsed.company as string, job: parsed.job as string, createdAt: this.created[i] as number, updatedAt: this.updated[i] as number,
    };
  }

  /** Listed positions in creation order, from the k-th on (for the step endpoint and the export). */
  listedFrom(position: number): { readonly length: number; at(k: number): number } {
    const byCreated = this.byCreated;
    if (byCreated === undefined) {
      const first = Math.min(position, this.positions);
      return { length: this.positions - first, at: (k) => first + k };
    }
    const first = lowerBound(byCreated, position, false);
    return { length: byCreated.length - first, at: (k) => byCreated[first + k] as number };
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
    const byUpdated = this.byUpdated;
    const start = since === undefined ? 0 : lowerBound(this.sortedUpdated, since, strict);
    return { length: byUpdated.length - start, at: (k) => byUpdated[start + k] as number };
  }

  private createdView(since: number | undefined, strict: boolean): RecordView {
    if (since === undefined) return this.listedFrom(0);
    const keeps = (value: number): boolean => (strict ? value > since : value >= since);
    // Every listed position from `tail` on qualifies; before it, only the few that a running max allows.
    const tail = lowerBound(this.suffixMinUpdated, since, strict);
    const early: number[] = [];
    for (let i = tail - 1; i >= 0 && keeps(this.prefixMaxUpdated[i] as number); i--) {
      if (!this.churned.has(i) && this.isListed(i) && keeps(this.updated[i] as number)) early.push(i);
    }
    for (const i of this.churned) if (i < tail && this.isListed(i) && keeps(this.updated[i] as number)) early.push(i);
    early.sort((a, b) => a - b);
    const earlyCount = early.length;
    const rest = this.listedFrom(tail);
    return { length: earlyCount + rest.length, at: (k) => (k < earlyCount ? (early[k] as number) : rest.at(k - earlyCount)) };
  }
}

/** A record's JSON with more members (`,"name":value...`) before its closing brace. */
function withMembers(json: string, members: string): string {
  return members === "" ? json : `${json.slice(0, -1)}${members}}`;
}

/** A copy of the records' JSON with `tail` before each closing brace (soft deletes' `deletedAt`); ranges updated in place. */
function withTail(bytes: Buffer, starts: Float64Array, ends: Float64Array, tail: string): Buffer {
  const n = starts.length;
  const out = Buffer.allocUnsafe(bytes.length + n * Buffer.byteLength(tail));
  let position = 0;
  // Records are laid out in the buffer in some order; walk them by their start.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number));
  for (const i of order) {
    const start = starts[i] as number;
    const end = ends[i] as number;
    starts[i] = position;
    position += bytes.copy(out, position, start, end - 1);
    position += out.write(`${tail}},`, position, "latin1");
    ends[i] = position - 1;
  }
  return out.subarray(0, position);
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

  finish(softDelete = false): RecordSet {
    this.flush();
    // Copy into an exactly sized buffer when the estimate left much unused.
    let bytes = this.bytes.subarray(0, this.length);
    if (this.bytes.length - this.length > this.length / 8) {
      bytes = Buffer.allocUnsafeSlow(this.length);
      this.bytes.copy(bytes, 0, 0, this.length);
    }
    return new RecordSet(bytes, this.starts, this.ends, this.createdAt, this.updatedAt, softDelete);
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
export function buildRecordSet(rng: Prng, count: number, nowSeconds: number, softDelete = false): RecordSet {
  const builder = new RecordSetBuilder(count);
  // Generated text comes from the word lists, which hold only plain ASCII (a unit test checks).
  generateRecords(rng, count, nowSeconds, (record) => builder.add(record, true));
  return builder.finish(softDelete);
}

/** One part of a parallel build: generates records `from` to `to - 1` of `count` into fixed storage. */
export function generatePart(rng: Prng, count: number, nowSeconds: number, from: number, to: number, storage: RecordStorage): number {
  const builder = new RecordSetBuilder(to - from, storage);
  generateRecords(rng, count, nowSeconds, (record) => builder.add(record, true), from, to);
  return builder.flush();
}
