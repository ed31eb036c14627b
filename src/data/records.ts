/**
 * The user records: the built-in set's base (procedural.ts, or an array in tests) under the overlay of
 * changes (changes.ts), written as JSON and CSV with the original's members, `deletedAt` with soft
 * deletes and `phone` after schema drift.
 */
import { csvField } from "../codecs/csv.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { ProceduralLayout } from "./procedural.js";
import type { RecordBase, UserRecord } from "./record.js";
import { idMember, phoneOf, RECORD_KEYS, recordToJson, textCsvOf, textJsonOf, timestampsJson } from "./record-json.js";
import { ArrayBase } from "./array-base.js";
import { csvHeader } from "./serialize.js";
import { writeText } from "../codecs/bytes.js";
import { FAST_ROOM, writeUserCsv, writeUserJson } from "./user-bytes.js";
import { ChangingRecords, type RecordChange as Change } from "./changes.js";
import type { RecordView } from "./views.js";

export { ArrayBase, phoneOf, RECORD_KEYS, recordToJson, type RecordView };
export { MAX_CHANGES, type OrderBy, type OrderType, type Tombstone } from "./changes.js";
/** A change to the user records. */
export type RecordChange = Change<UserRecord>;

export type { RecordBase, UserRecord } from "./record.js";

export { slotSeconds } from "./procedural.js";

/** `,"deletedAt":null`: what soft deletes add to every live record, before any phone. */
const LIVE_TAIL = `,"deletedAt":null`;

/** All user records: the base and the changes since the start, as the built-in endpoints serve them. */
export class RecordSet extends ChangingRecords<UserRecord, RecordBase> {
  /** The procedural records of a run: `count` records ending just before `nowSeconds`, a pure function of the seed. */
  static procedural(seed: number, count: number, nowSeconds: number, softDelete = false): RecordSet {
    return new RecordSet(new ProceduralLayout(seed, count, nowSeconds), softDelete);
  }

  /** A set from record objects in the base's order (tests and small data). */
  static from(records: readonly UserRecord[], softDelete = false): RecordSet {
    return new RecordSet(new ArrayBase(records), softDelete);
  }

  protected blank(): this {
    return new RecordSet(this.base, this.softDelete) as this;
  }

  /** Record i as it is now. */
  record(i: number): UserRecord {
    const count = this.base.count;
    if (i >= count) return { ...this.insertedAt(i), updatedAt: this.updatedAtOf(i) };
    const record = this.base.record(i);
    const updatedAt = this.updatedAtOf(i);
    return updatedAt === record.updatedAt ? record : { ...record, updatedAt };
  }

  /** What follows the base members: `deletedAt` with soft deletes, then `phone` after schema drift. */
  private extraMembers(i: number): string {
    let extra = "";
    if (this.softDelete) {
      const deletedAt = this.deletedAtOf(i);
      extra = deletedAt === undefined ? LIVE_TAIL : `,"deletedAt":"${formatTimestamp(deletedAt)}"`;
    }
    if (this.drifted) extra += `,"phone":"${phoneOf(i)}"`;
    return extra;
  }

  /** Record i's JSON after its `id` member: `"name":...}` (the step endpoint writes its own id). */
  jsonAfterId(i: number): string {
    const count = this.base.count;
    const text = i < count ? this.base.textJson(i) : textJsonOf(this.insertedAt(i));
    return `${text}${timestampsJson(this.createdAtOf(i), this.updatedAtOf(i))}${this.extraMembers(i)}}`;
  }

  /** Record i's JSON text. */
  json(i: number): string {
    return `${idMember(this.id(i), i < this.base.count && this.base.plainText)}${this.jsonAfterId(i)}`;
  }

  /** The CSV header row: the record's keys, then `deletedAt` (soft deletes) and `phone` (schema drift) when present. */
  csvHeader(): string {
    return csvHeader(this.softDelete, this.drifted);
  }

  /** Record i's CSV row (CRLF-terminated): with soft deletes a `deletedAt` column (empty while live), after schema drift a last `phone` column. */
  csvRow(i: number): string {
    const count = this.base.count;
    const text = i < count ? this.base.textCsv(i) : textCsvOf(this.insertedAt(i));
    let row = `${csvField(this.id(i))},${text},${formatTimestamp(this.createdAtOf(i))},${formatTimestamp(this.updatedAtOf(i))}`;
    if (this.softDelete) {
      const deletedAt = this.deletedAtOf(i);
      row += deletedAt === undefined ? "," : `,${formatTimestamp(deletedAt)}`;
    }
    if (this.drifted) row += `,${phoneOf(i)}`;
    return `${row}\r\n`;
  }

  /**
   * Writes record i's CSV row (csvRow's bytes) into `out` at `at`: the position after it, or minus the
   * bytes it needs when it does not fit. Generated records are written from bytes (the base's fragments,
   * hand-formatted ids and timestamps); others from their text.
   */
  writeCsvRow(i: number, out: Buffer, at: number): number {
    const base = this.base;
    if (i >= base.count || !(base instanceof ProceduralLayout) || out.length - at < FAST_ROOM) return writeText(out, at, this.csvRow(i));
    return writeUserCsv(base, i, this.updatedAtOf(i), this.deletedAtOf(i), this, out, at);
  }

  /** Writes record i's JSON (json's bytes) into `out` at `at`, as writeCsvRow does. */
  writeJson(i: number, out: Buffer, at: number): number {
    const base = this.base;
    if (i >= base.count || !(base instanceof ProceduralLayout) || out.length - at < FAST_ROOM) return writeText(out, at, this.json(i));
    return writeUserJson(base, i, this.updatedAtOf(i), this.deletedAtOf(i), this, out, at);
  }

  /** The JSON of the records at these positions, joined by commas. */
  joinedJson(positions: ArrayLike<number>): string {
    let out = "";
    for (let k = 0; k < positions.length; k++) out += (k > 0 ? "," : "") + this.json(positions[k] as number);
    return out;
  }
}
