/** What a record is and what a record base gives: the shapes both the record set and the procedural layout share. */

/** A user record as served (timestamps as epoch seconds). */
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

/**
 * The records before any change: positions 0 .. count - 1 in creation order, with createdAt
 * non-decreasing and updatedAt strictly increasing in the position (so both orders are creation order
 * and every updatedAt is distinct).
 */
export interface RecordBase {
  readonly count: number;
  createdAt(i: number): number;
  updatedAt(i: number): number;
  /** The first position whose updatedAt is at or after `since` (strictly after with `strict`), or `count`. */
  firstUpdatedFrom(since: number, strict: boolean): number;
  record(i: number): UserRecord;
  id(i: number): string;
  /** The position of the record with this id, or -1. */
  positionOf(id: string): number;
  /** Whether every text field is known to be plain ASCII that never needs JSON escaping. */
  readonly plainText: boolean;
  /** Record i's text members as JSON, between `id` and `createdAt`: `"name":..,"email":..,"address":..,"company":..,"job":..`. */
  textJson(i: number): string;
  /** Record i's text fields as CSV, between id and createdAt. */
  textCsv(i: number): string;
}
