/**
 * The changes to a set of computed records (churn updates, inserts, deletes), kept as a small overlay
 * over a base computed when asked for (record i a pure function of the seed, the epoch and i, see
 * procedural.ts). Every ordering, filter, page boundary and total is a binary search over computed
 * timestamps or arithmetic on positions, corrected by the overlay; nothing costs in proportion to the
 * number of records, only to the number of changes.
 */
import { Memo } from "./memo.js";
import { lowerBound } from "./search.js";
import { arrayView, chainedView, EMPTY, isIn, mergedView, mergeSorted, reversed, StaticRange, type RecordView } from "./views.js";

export type OrderBy = "createdAt" | "updatedAt";
export type OrderType = "asc" | "desc";

/** What the overlay needs of a record: its id and its two timestamps (epoch seconds). */
export interface Stamped {
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * The base's timeline: positions 0 .. count - 1 in creation order, createdAt non-decreasing and
 * updatedAt strictly increasing in the position (so both orders are creation order).
 */
export interface Timeline {
  readonly count: number;
  createdAt(i: number): number;
  updatedAt(i: number): number;
  /** The first position whose updatedAt is at or after `since` (strictly after with `strict`), or `count`. */
  firstUpdatedFrom(since: number, strict: boolean): number;
  id(i: number): string;
  /** The position of the record with this id, or -1. */
  positionOf(id: string): number;
}

/** One change to the records, at a second later than every earlier change (see `RecordSet.apply`). */
export type RecordChange<R extends Stamped = Stamped> =
  | { readonly kind: "update"; readonly index: number; readonly at: number }
  | { readonly kind: "delete"; readonly index: number; readonly at: number }
  | { readonly kind: "insert"; readonly record: R };

/** A deletion: the record's position, its id and when it was deleted (epoch seconds). */
export interface Tombstone {
  readonly index: number;
  readonly id: string;
  readonly deletedAt: number;
}

/**
 * The state of the changes at one moment, never changed once made: a snapshot (an export job) holds it
 * for free. Inserts and deletions are appended to lists shared along one line of states, each state
 * reading only its first `insertedCount` and `tombstoneCount`; the rest are sorted typed arrays made
 * anew by each batch (copies at memory speed), so no batch copies a map of the whole history.
 */
interface Overlay<R extends Stamped> {
  /** Records inserted by churn, at positions count, count + 1, ... (the first insertedCount are this state's). */
  readonly inserted: R[];
  readonly insertedCount: number;
  /** Every position changed since the start (base or inserted), sorted, and its updatedAt. */
  readonly updatedPositions: Int32Array;
  readonly updatedValues: Float64Array;
  /** Deleted positions (either style), sorted, and when. */
  readonly deletedPositions: Int32Array;
  readonly deletedValues: Float64Array;
  /** Deletions in the order they happened (the first tombstoneCount are this state's). */
  readonly tombstones: Tombstone[];
  readonly tombstoneCount: number;
  /** Changes applied since the start (each update, insert and delete counts one). */
  readonly changes: number;
  /** Sorted base positions no longer in their generated place: changed, or hard-deleted. */
  readonly removed: Int32Array;
  /** removed[m] - m: how many kept base positions come before removed[m]. */
  readonly shifted: Int32Array;
  /** Listed changed and inserted positions by updatedAt ascending, and those values. */
  readonly tail: Int32Array;
  readonly tailAt: Float64Array;
  /** The same positions sorted by position. */
  readonly tailByPosition: Int32Array;
  /** The latest second any change used. */
  readonly latestChange: number;
}

const NO_VALUES = new Float64Array(0);

/** No changes: shared by every set at start (its lists are never appended to). */
const NO_CHANGES: Overlay<Stamped> = {
  inserted: [], insertedCount: 0, updatedPositions: EMPTY, updatedValues: NO_VALUES, deletedPositions: EMPTY, deletedValues: NO_VALUES,
  tombstones: [], tombstoneCount: 0, changes: 0, removed: EMPTY, shifted: EMPTY, tail: EMPTY, tailAt: NO_VALUES, tailByPosition: EMPTY, latestChange: -Infinity,
};

/** The value at `position` in sorted `positions` (its `values` alongside), or undefined. */
function valueAt(positions: Int32Array, values: Float64Array, position: number): number | undefined {
  if (positions.length === 0) return undefined;
  const at = lowerBound(positions, position);
  return at < positions.length && positions[at] === position ? values[at] : undefined;
}

/** Sorted `positions` with `values` alongside, with `changes` set (new positions added, known ones given their new value). */
function withValues(positions: Int32Array, values: Float64Array, changes: ReadonlyMap<number, number>): [Int32Array, Float64Array] {
  if (changes.size === 0) return [positions, values];
  const keys = Int32Array.from(changes.keys()).sort();
  let fresh = 0;
  for (let k = 0; k < keys.length; k++) if (valueAt(positions, values, keys[k] as number) === undefined) fresh++;
  const outPositions = new Int32Array(positions.length + fresh);
  const outValues = new Float64Array(outPositions.length);
  let a = 0;
  let o = 0;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as number;
    // The run of known positions before this key, copied whole.
    const stop = lowerBound(positions, key);
    outPositions.set(positions.subarray(a, stop), o);
    outValues.set(values.subarray(a, stop), o);
    o += stop - a;
    a = stop;
    if (a < positions.length && positions[a] === key) a++;
    outPositions[o] = key;
    outValues[o++] = changes.get(key) as number;
  }
  outPositions.set(positions.subarray(a), o);
  outValues.set(values.subarray(a), o);
  return [outPositions, outValues];
}

/**
 * The most changes (updates, inserts and deletes) kept since the start or the last reset, so memory
 * stays bounded (about 350 bytes per change with a third of them inserts: about 90 MiB at the cap) and
 * a batch of changes quick, however long churn runs.
 */
export const MAX_CHANGES = 250_000;

/** How many sorted-suffix orderings to remember (the creation-order views filtered past every base record). */
const SUFFIX_MEMO = 8;

/**
 * Records that change: a base, and the overlay of changes applied since the start. Changes (churn
 * updates, inserts, deletes) each come at a second later than every earlier one, so a changed record
 * moves to the end of the updatedAt order; the overlay keeps those records in that order and the base
 * positions they left, and every view combines the two with binary searches. What a record looks like
 * (JSON, CSV) is the subclass's: the built-in users (records.ts) and declared resources.
 */
export abstract class ChangingRecords<R extends Stamped = Stamped, B extends Timeline = Timeline> {
  private overlay: Overlay<R> = NO_CHANGES as Overlay<R>;
  /**
   * The overlay's lists may not be appended to (they are NO_CHANGES', or this set is a snapshot, whose
   * lists the set it was taken from goes on appending to): the next batch starts lists of its own.
   */
  private frozen = true;
  /** Schema drift: every record carries the drift members, last. */
  private phones = false;
  /** Bumped by every change, so answers computed from the records can be cached per version. */
  version = 0;
  /** Creation-order positions of tail suffixes, by version and suffix start. */
  private suffixMemo = new Memo<string, Int32Array>(SUFFIX_MEMO);

  /**
   * @param softDelete deleted records stay in every list with `deletedAt` set (`null` on live ones: every
   *   record's JSON then carries the field); otherwise deletes remove them.
   */
  constructor(readonly base: B, readonly softDelete = false) {}

  /** A new set over the same base and settings, with no changes (what a snapshot starts from). */
  protected abstract blank(): this;

  /** A read-only copy of the records as they are now (export jobs): later changes do not reach it. */
  snapshot(): this {
    const copy = this.blank();
    copy.overlay = this.overlay;
    copy.phones = this.phones;
    copy.version = this.version;
    return copy;
  }

  /** Record positions: generated and inserted, deleted ones included (positions are never reused). */
  get size(): number {
    return this.base.count + this.overlay.insertedCount;
  }

  /** Records in the lists now: every position but the hard-deleted. */
  get live(): number {
    const { removed, tail } = this.overlay;
    return this.base.count - removed.length + tail.length;
  }

  /** Record i's createdAt (epoch seconds). */
  createdAtOf(i: number): number {
    const count = this.base.count;
    return i < count ? this.base.createdAt(i) : (this.overlay.inserted[i - count] as R).createdAt;
  }

  /** Record i's updatedAt now (epoch seconds). */
  updatedAtOf(i: number): number {
    const { updatedPositions, updatedValues } = this.overlay;
    // No changes (the usual case when streaming): no lookup.
    return updatedPositions.length === 0 ? this.base.updatedAt(i) : valueAt(updatedPositions, updatedValues, i) ?? this.base.updatedAt(i);
  }

  /** Whether schema drift has given every record its drift members (`phone` for the built-in users). */
  get drifted(): boolean {
    return this.phones;
  }

  /** Schema drift on (every record gains its drift members, last) or off (the control plane's reset); bumps the version. */
  drift(on = true): void {
    if (this.phones === on) return;
    this.phones = on;
    this.version++;
  }

  /** Whether position i was deleted (either style), and when. */
  deletedAtOf(i: number): number | undefined {
    const { deletedPositions, deletedValues } = this.overlay;
    return valueAt(deletedPositions, deletedValues, i);
  }

  /** Whether position i is in the lists (not hard-deleted). */
  isListed(i: number): boolean {
    return i >= 0 && i < this.size && (this.softDelete || this.deletedAtOf(i) === undefined);
  }

  /** Deletions in the order they happened (deletedAt ascending and distinct). */
  deletions(): readonly Tombstone[] {
    const { tombstones, tombstoneCount } = this.overlay;
    // A snapshot's list may have been added to since (by the set it was taken from): its own part.
    return tombstones.length === tombstoneCount ? tombstones : tombstones.slice(0, tombstoneCount);
  }

  /** The latest updatedAt of any listed record. */
  get latestUpdatedAt(): number {
    const { tail, tailAt } = this.overlay;
    if (tail.length > 0) return tailAt[tail.length - 1] as number;
    const fixed = this.fixedFrom(0);
    return fixed.length === 0 ? -Infinity : this.base.updatedAt(fixed.at(fixed.length - 1));
  }

  /** The latest second used by any record or change: the next change must come after it. */
  get latestStamp(): number {
    const count = this.base.count;
    return Math.max(this.overlay.latestChange, count === 0 ? -Infinity : this.base.updatedAt(count - 1), this.latestUpdatedAt);
  }

  /** Gives records new, later updatedAt values (the `--churn` updates), in the given order. */
  churn(changes: readonly { readonly index: number; readonly updatedAt: number }[]): void {
    this.apply(changes.map(({ index, updatedAt }) => ({ kind: "update", index, at: updatedAt })));
  }

  /** Changes applied since the start or the last reset (at most MAX_CHANGES). */
  get changeCount(): number {
    return this.overlay.changes;
  }

  /**
   * Applies changes in order, each at a second later than every earlier one (an insert's is its
   * createdAt, which equals its updatedAt): updates move a record to the end of the updatedAt order;
   * deletes take it out of every list (or, soft, set its deletedAt and updatedAt); inserts add a record
   * at the next position. A RangeError for a change that is not later, on a deleted record, or past
   * MAX_CHANGES. Costs the batch's size (lists grow in place) plus copies of a few typed arrays (of the
   * changes, at memory speed), never the number of records, and never more after a snapshot.
   */
  apply(changes: readonly RecordChange<R>[]): void {
    let latest = this.latestStamp;
    const old = this.overlay;
    if (old.changes + changes.length > MAX_CHANGES) {
      throw new RangeError(`the change history is full: at most ${MAX_CHANGES} changes are kept since the start or the last reset`);
    }
    const deleting = new Set<number>();
    let size = this.size;
    for (const change of changes) {
      const at = change.kind === "insert" ? change.record.updatedAt : change.at;
      if (!(at > latest)) throw new RangeError(`a change at ${at} must be later than ${latest}`);
      if (change.kind === "insert") {
        if (change.record.createdAt !== at) throw new RangeError("an inserted record is created when it is updated");
        size++;
      } else if (!Number.isInteger(change.index) || change.index < 0 || change.index >= size || valueAt(old.deletedPositions, old.deletedValues, change.index) !== undefined || deleting.has(change.index)) {
        throw new RangeError(`no record at position ${change.index} to change`);
      } else if (change.kind === "delete") {
        deleting.add(change.index);
      }
      latest = at;
    }
    if (changes.length === 0) return;
    const count = this.base.count;
    // The lists grow in place (a snapshot reads only its own first part), unless this set may not append.
    const inserted = this.frozen ? old.inserted.slice(0, old.insertedCount) : old.inserted;
    const tombstones = this.frozen ? old.tombstones.slice(0, old.tombstoneCount) : old.tombstones;
    this.frozen = false;
    /** This batch's new updatedAt and deletedAt values, by position (merged into new sorted arrays at the end). */
    const updated = new Map<number, number>();
    const deletedAt = new Map<number, number>();
    /** Positions changed by this batch, in the order of their last change (they join the tail in that order). */
    const moved = new Map<number, number>();
    const hardDeleted = new Set<number>();
    /** Positions changed before this batch (in the tail and tailByPosition) and their updatedAt then. */
    const changedBefore = new Map<number, number>();
    for (const change of changes) {
      let position: number;
      if (change.kind === "insert") {
        position = count + inserted.length;
        inserted.push(change.record);
        updated.set(position, change.record.updatedAt);
      } else {
        position = change.index;
        // Not changed in this batch yet: its value before the batch, if it was ever changed.
        const before = moved.has(position) || changedBefore.has(position) ? undefined : valueAt(old.updatedPositions, old.updatedValues, position);
        if (before !== undefined) changedBefore.set(position, before);
        if (change.kind === "delete") {
          deletedAt.set(position, change.at);
          tombstones.push({ index: position, id: this.idIn(inserted, position), deletedAt: change.at });
        }
        if (change.kind === "delete" && !this.softDelete) {
          hardDeleted.add(position);
          moved.delete(position);
          continue;
        }
        updated.set(position, change.at);
      }
      moved.delete(position);
      moved.set(position, change.kind === "insert" ? change.record.updatedAt : change.at);
    }
    // The tail: the old one without the positions that moved or left (found by their old updatedAt,
    // distinct and ascending along it), then those that moved, in order; the runs between are copied whole.
    const leaving = Int32Array.from(changedBefore.values(), (at) => lowerBound(old.tailAt, at)).sort();
    const tail = new Int32Array(old.tail.length - leaving.length + moved.size);
    const tailAt = new Float64Array(tail.length);
    let k = 0;
    let from = 0;
    for (const index of [...leaving, old.tail.length]) {
      tail.set(old.tail.subarray(from, index), k);
      tailAt.set(old.tailAt.subarray(from, index), k);
      k += index - from;
      from = index + 1;
    }
    for (const [position, at] of moved) {
      tail[k] = position;
      tailAt[k++] = at;
    }
    const fresh = [...moved.keys()].filter((position) => !changedBefore.has(position));
    const tailByPosition = mergeSorted(old.tailByPosition, fresh, hardDeleted);
    const newlyRemoved = [...new Set([...moved.keys(), ...hardDeleted])].filter((position) => position < count && !isIn(old.removed, position));
    const removed = mergeSorted(old.removed, newlyRemoved);
    const shifted = removed.map((value, m) => value - m);
    const [updatedPositions, updatedValues] = withValues(old.updatedPositions, old.updatedValues, updated);
    const [deletedPositions, deletedValues] = withValues(old.deletedPositions, old.deletedValues, deletedAt);
    this.overlay = {
      inserted, insertedCount: inserted.length, updatedPositions, updatedValues, deletedPositions, deletedValues, tombstones, tombstoneCount: tombstones.length,
      changes: old.changes + changes.length, removed, shifted, tail, tailAt, tailByPosition, latestChange: latest,
    };
    this.suffixMemo.clear();
    this.version++;
  }

  /** Undoes every change: inserts and deletions gone, each record back to its generated updatedAt (the control plane's reset); bumps the version. */
  restore(): void {
    if (this.overlay === (NO_CHANGES as Overlay<R>) && !this.phones) return;
    this.overlay = NO_CHANGES as Overlay<R>;
    this.frozen = true;
    this.phones = false;
    this.suffixMemo.clear();
    this.version++;
  }

  private idIn(inserted: readonly R[], i: number): string {
    const count = this.base.count;
    return i < count ? this.base.id(i) : (inserted[i - count] as R).id;
  }

  /** The inserted record at position i (i at or past the base's count). */
  protected insertedAt(i: number): R {
    return this.overlay.inserted[i - this.base.count] as R;
  }

  /** Record i's id. */
  id(i: number): string {
    return this.idIn(this.overlay.inserted, i);
  }

  /** The position of the record with this id (deleted ones too), or -1. */
  positionOf(id: string): number {
    const position = this.base.positionOf(id);
    if (position !== -1) return position;
    const { inserted, insertedCount } = this.overlay;
    const index = inserted.findIndex((record) => record.id === id);
    return index === -1 || index >= insertedCount ? -1 : this.base.count + index;
  }

  /** Kept base positions from p on. */
  private fixedFrom(p: number): StaticRange {
    const { removed, shifted } = this.overlay;
    return new StaticRange(p, this.base.count, removed, shifted);
  }

  /** Listed positions in creation order, from position `from` (inclusive) to `to` (exclusive, default: all). */
  listed(from = 0, to = Number.POSITIVE_INFINITY): RecordView {
    const all = mergedView(this.fixedFrom(0), this.overlay.tailByPosition);
    const rank = (p: number): number => {
      const limit = Math.max(0, Math.min(p, this.size));
      return this.fixedFrom(0).countBelow(limit) + lowerBound(this.overlay.tailByPosition, limit);
    };
    const first = rank(from);
    const length = Math.max(0, rank(to) - first);
    return {
      length,
      at: (k) => all.at(first + k),
      positions: (start, count) => all.positions(first + start, Math.max(0, Math.min(count, length - start))),
    };
  }

  /**
   * Records ordered by `orderBy`/`orderType`, keeping only `updatedAt >= updatedSince` when given
   * (or `> updatedSince` with `strict`, the keyset and incremental form).
   */
  view(orderBy: OrderBy, orderType: OrderType, updatedSince?: number, strict = false): RecordView {
    const ascending = orderBy === "updatedAt" ? this.updatedView(updatedSince, strict) : this.createdView(updatedSince, strict);
    return orderType === "asc" ? ascending : reversed(ascending);
  }

  /** The first kept base position and the first tail index passing the filter. */
  private filterStarts(since: number | undefined, strict: boolean): [number, number] {
    if (since === undefined) return [0, 0];
    return [this.base.firstUpdatedFrom(since, strict), lowerBound(this.overlay.tailAt, since, strict)];
  }

  private updatedView(since: number | undefined, strict: boolean): RecordView {
    const [first, tailStart] = this.filterStarts(since, strict);
    return chainedView(this.fixedFrom(first), this.overlay.tail.subarray(tailStart));
  }

  private createdView(since: number | undefined, strict: boolean): RecordView {
    const [first, tailStart] = this.filterStarts(since, strict);
    const { tail, tailByPosition } = this.overlay;
    // Every change came later than every base record: when some base record passes, the whole tail does.
    if (first < this.base.count || tailStart === 0) return mergedView(this.fixedFrom(first), tailByPosition);
    const key = `${this.version}:${tailStart}`;
    return arrayView(this.suffixMemo.get(key, () => tail.slice(tailStart).sort()), 0);
  }
}
