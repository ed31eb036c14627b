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

/** Serialises a record with keys in RECORD_KEYS order. */
export function recordToJson(record: UserRecord): string {
  return `{"id":${JSON.stringify(record.id)},"name":${JSON.stringify(record.name)},"email":${JSON.stringify(record.email)},` +
    `"address":${JSON.stringify(record.address)},"company":${JSON.stringify(record.company)},"job":${JSON.stringify(record.job)},` +
    `"createdAt":"${formatTimestamp(record.createdAt)}","updatedAt":"${formatTimestamp(record.updatedAt)}"}`;
}

export class RecordSet {
  readonly records: readonly UserRecord[];
  /** `records[i]` serialised. */
  readonly json: readonly string[];
  /** Positions sorted by updatedAt ascending, and their updatedAt values. */
  private readonly byUpdated: Int32Array;
  private readonly sortedUpdated: Float64Array;
  /** Running max of updatedAt from the start, and running min from the end, in creation order. */
  private readonly prefixMaxUpdated: Float64Array;
  private readonly suffixMinUpdated: Float64Array;

  constructor(records: readonly UserRecord[]) {
    const n = records.length;
    this.records = records;
    this.json = records.map(recordToJson);
    this.byUpdated = new Int32Array(n);
    for (let i = 0; i < n; i++) this.byUpdated[i] = i;
    // updatedAt is nearly in creation order (only neighbours swap), so insertion sort is linear here.
    for (let i = 1; i < n; i++) {
      const position = this.byUpdated[i] as number;
      const value = (records[position] as UserRecord).updatedAt;
      let j = i - 1;
      while (j >= 0 && (records[this.byUpdated[j] as number] as UserRecord).updatedAt > value) {
        this.byUpdated[j + 1] = this.byUpdated[j] as number;
        j--;
      }
      this.byUpdated[j + 1] = position;
    }
    this.sortedUpdated = Float64Array.from(this.byUpdated, (i) => (records[i] as UserRecord).updatedAt);
    this.prefixMaxUpdated = new Float64Array(n);
    this.suffixMinUpdated = new Float64Array(n);
    let max = -Infinity;
    for (let i = 0; i < n; i++) this.prefixMaxUpdated[i] = max = Math.max(max, (records[i] as UserRecord).updatedAt);
    let min = Infinity;
    for (let i = n - 1; i >= 0; i--) this.suffixMinUpdated[i] = min = Math.min(min, (records[i] as UserRecord).updatedAt);
  }

  get size(): number {
    return this.records.length;
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
    const n = this.records.length;
    if (since === undefined) return { length: n, at: (k) => k };
    const keeps = (value: number): boolean => (strict ? value > since : value >= since);
    // Every position from `tail` on qualifies; before it, only the few that a running max allows.
    const tail = lowerBound(this.suffixMinUpdated, since, strict);
    const early: number[] = [];
    for (let i = tail - 1; i >= 0 && keeps(this.prefixMaxUpdated[i] as number); i--) {
      if (keeps((this.records[i] as UserRecord).updatedAt)) early.push(i);
    }
    early.reverse();
    const earlyCount = early.length;
    return { length: earlyCount + n - tail, at: (k) => (k < earlyCount ? (early[k] as number) : tail + k - earlyCount) };
  }
}

/**
 * Generates `count` records ending just before `nowSeconds`. Record i is created in slot
 * `now - (count - i) * slot` plus a random offset within the slot; it is updated up to one slot later,
 * never in the future and never at the same second as another record. Only neighbours' update
 * windows overlap, so checking the previous record is enough to keep every updatedAt distinct.
 */
export function generateRecords(rng: Prng, count: number, nowSeconds: number): UserRecord[] {
  const slot = slotSeconds(count);
  const records: UserRecord[] = new Array(count);
  let previousUpdated = Number.NaN;
  for (let i = 0; i < count; i++) {
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
    records[i] = { id, name: person.name, email: person.email, address, company, job, createdAt, updatedAt };
  }
  return records;
}
