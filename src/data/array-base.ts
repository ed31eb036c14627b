/** Records given as an array (tests and small data), as a record base the record set can overlay. */
import type { RecordBase, UserRecord } from "./record.js";
import { textCsvOf, textJsonOf } from "./record-json.js";
import { firstWhere } from "./search.js";

/** The base records as given (tests and small data); they must already be in the base's order. */
export class ArrayBase implements RecordBase {
  readonly plainText = false;
  private readonly ids = new Map<string, number>();

  constructor(private readonly records: readonly UserRecord[]) {
    records.forEach((record, i) => {
      const previous = records[i - 1];
      if (previous !== undefined && !(record.updatedAt > previous.updatedAt && record.createdAt >= previous.createdAt)) {
        throw new RangeError(`record ${i}: updatedAt must strictly increase and createdAt not decrease with the position`);
      }
      this.ids.set(record.id, i);
    });
  }

  get count(): number {
    return this.records.length;
  }

  createdAt(i: number): number {
    return (this.records[i] as UserRecord).createdAt;
  }

  updatedAt(i: number): number {
    return (this.records[i] as UserRecord).updatedAt;
  }

  firstUpdatedFrom(since: number, strict: boolean): number {
    return firstWhere(0, this.records.length, (i) => (strict ? this.updatedAt(i) > since : this.updatedAt(i) >= since));
  }

  record(i: number): UserRecord {
    return this.records[i] as UserRecord;
  }

  id(i: number): string {
    return (this.records[i] as UserRecord).id;
  }

  positionOf(id: string): number {
    return this.ids.get(id) ?? -1;
  }

  textJson(i: number): string {
    return textJsonOf(this.record(i));
  }

  textCsv(i: number): string {
    return textCsvOf(this.record(i));
  }
}
