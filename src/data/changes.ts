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
 * The state of the changes at one moment. The maps and lists are changed in place by the next batch of
 * changes unless a snapshot shares them (then that batch copies them first), so a batch costs its own
 * size plus a few typed-array copies, not the whole history.
 */
interface Overlay<R extends Stamped> {
  /** Records inserted by churn, at positions count, count + 1, ... */
  readonly inserted: R[];
  /** The updatedAt of every position changed since the start (base or inserted). */
  readonly updated: Map<number, number>;
  /** Deleted positions (either style) and when. */
  readonly deletedAt: Map<number, number>;
  readonly tombstones: Tombstone[];
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

/** No changes: shared by every set at start, so never changed in place. */
const NO_CHANGES: Overlay<Stamped> = {
  inserted: [], updated: new Map(), deletedAt: new Map(), tombstones: [], changes: 0, removed: EMPTY, shifted: EMPTY,
  tail: EMPTY, tailAt: new Float64Array(0), tailByPosition: EMPTY, latestChange: -Infinity,
};

/**
 * The most changes (updates, inserts and deletes) kept since the start or the last reset, so memory
 * stays bounded (about 540 bytes per change with a third of them inserts: 130 MiB at the cap) and a
 * batch of changes quick, however long churn runs.
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
  /** The overlay's maps and lists are also held by a snapshot (or are NO_CHANGES): copy before changing. */
  private shared = true;
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
    this.shared = true;
    copy.phones = this.phones;
    copy.version = this.version;
    return copy;
  }

  /** Record positions: generated and inserted, deleted ones included (positions are never reused). */
  get size(): number {
    return this.base.count + this.overlay.inserted.length;
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
    const updated = this.overlay.updated;
    // No changes (the usual case when streaming): no lookup.
    return updated.size === 0 ? this.base.updatedAt(i) : updated.get(i) ?? this.base.updatedAt(i);
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
    const deletedAt = this.overlay.deletedAt;
    return deletedAt.size === 0 ? undefined : deletedAt.get(i);
  }

  /** Whether position i is in the lists (not hard-deleted). */
  isListed(i: number): boolean {
    return i >= 0 && i < this.size && (this.softDelete || !this.overlay.deletedAt.has(i));
  }

  /** Deletions in the order they happened (deletedAt ascending and distinct). */
  deletions(): readonly Tombstone[] {
    return this.overlay.tombstones;
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
   * MAX_CHANGES. Costs the batch's size (maps and lists change in place) plus copies of a few typed
   * arrays, never the number of records.
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
      } else if (!Number.isInteger(change.index) || change.index < 0 || change.index >= size || old.deletedAt.has(change.index) || deleting.has(change.index)) {
        throw new RangeError(`no record at position ${change.index} to change`);
      } else if (change.kind === "delete") {
        deleting.add(change.index);
      }
      latest = at;
    }
    if (changes.length === 0) return;
    const count = this.base.count;
    // A snapshot keeps the old maps and lists: they are copied once, then changed in place again.
    const inserted = this.shared ? [...old.inserted] : old.inserted;
    const updated = this.shared ? new Map(old.updated) : old.updated;
    const deletedAt = this.shared ? new Map(old.deletedAt) : old.deletedAt;
    const tombstones = this.shared ? [...old.tombstones] : old.tombstones;
    this.shared = false;
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
        const before = moved.has(position) || changedBefore.has(position) ? undefined : updated.get(position);
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
    this.overlay = {
      inserted, updated, deletedAt, tombstones, changes: old.changes + changes.length, removed, shifted,
      tail, tailAt, tailByPosition, latestChange: latest,
    };
    this.suffixMemo.clear();
    this.version++;
  }

  /** Undoes every change: inserts and deletions gone, each record back to its generated updatedAt (the control plane's reset); bumps the version. */
  restore(): void {
    if (this.overlay === (NO_CHANGES as Overlay<R>) && !this.phones) return;
    this.overlay = NO_CHANGES as Overlay<R>;
    this.shared = true;
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
    const index = this.overlay.inserted.findIndex((record) => record.id === id);
    return index === -1 ? -1 : this.base.count + index;
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
