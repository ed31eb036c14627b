/**
 * Views: ordered, filtered lists of record positions that are computed, not stored — reversed, a part of
 * a sorted array, the base positions the overlay left in place, merged or chained with the changed ones —
 * and the sorted-array helpers they are built from.
 */
import { firstWhere, lowerBound } from "./search.js";

/** An ordered, filtered, read-only list of record positions (indices in creation order). */
export interface RecordView {
  readonly length: number;
  at(k: number): number;
  /** Positions k = start .. start + count - 1 (clipped to the end), as fast as walking allows. */
  positions(start: number, count: number): Int32Array;
}

/** The first index whose value is greater than `target` in a non-decreasing array. */
export function upperBound(sorted: ArrayLike<number>, target: number): number {
  return lowerBound(sorted, target, true);
}

export const EMPTY = new Int32Array(0);

/** A view reversed (the `desc` orders). */
export function reversed(view: RecordView): RecordView {
  const last = view.length - 1;
  return {
    length: view.length,
    at: (k) => view.at(last - k),
    positions: (start, count) => {
      const first = Math.max(0, view.length - Math.min(view.length, start + count));
      return view.positions(first, Math.max(0, view.length - start - first)).reverse();
    },
  };
}

/** A view over part of a sorted array of positions. */
export function arrayView(array: Int32Array, from: number): RecordView {
  const part = array.subarray(from);
  return { length: part.length, at: (k) => part[k] as number, positions: (start, count) => part.slice(start, start + count) };
}

/**
 * The base positions from `first` on that the overlay left in place (not in `removed`, which is sorted),
 * in position order: the j-th of them by a binary search over `removed`.
 */
export class StaticRange {
  readonly length: number;
  private readonly skipped: number;

  constructor(readonly first: number, private readonly end: number, private readonly removed: Int32Array, private readonly shifted: Int32Array) {
    this.skipped = lowerBound(removed, first);
    this.length = Math.max(0, end - first - (removed.length - this.skipped));
  }

  at(j: number): number {
    // The g-th position kept overall; removed[m] - m (shifted) counts the kept positions before removed[m].
    const g = this.first - this.skipped + j;
    return g + upperBound(this.shifted, g);
  }

  /** How many kept positions from `first` lie before position p. */
  countBelow(p: number): number {
    const limit = Math.min(p, this.end);
    return limit <= this.first ? 0 : limit - this.first - (lowerBound(this.removed, limit) - this.skipped);
  }

  /** Kept positions j .. j + count - 1, walking from the first (one search, then steps over removed ones). */
  fill(j: number, count: number, target: Int32Array, offset: number): void {
    if (count <= 0) return;
    let p = this.at(j);
    let m = lowerBound(this.removed, p);
    for (let k = 0; k < count; k++) {
      while (m < this.removed.length && this.removed[m] === p) {
        p++;
        m++;
      }
      target[offset + k] = p;
      p++;
    }
  }
}

/** The positions in creation order: kept base positions from a point on, merged with a sorted list of changed positions. */
export function mergedView(fixed: StaticRange, moved: Int32Array): RecordView {
  const length = fixed.length + moved.length;
  /** How many of `moved` come before the k-th element. */
  const movedBefore = (k: number): number => firstWhere(0, moved.length, (i) => i + fixed.countBelow(moved[i] as number) >= k);
  const positions = (start: number, count: number): Int32Array => {
    const first = Math.min(Math.max(0, start), length);
    const out = new Int32Array(Math.max(0, Math.min(length, first + count) - first));
    if (out.length === 0) return out;
    let i = movedBefore(first);
    let j = first - i;
    // The fixed positions this run needs are at most out.length, from j on.
    const fixedPart = new Int32Array(Math.min(out.length, fixed.length - j));
    fixed.fill(j, fixedPart.length, fixedPart, 0);
    let f = 0;
    for (let k = 0; k < out.length; k++) {
      if (i < moved.length && (f >= fixedPart.length || (moved[i] as number) < (fixedPart[f] as number))) out[k] = moved[i++] as number;
      else out[k] = fixedPart[f++] as number;
    }
    j += f;
    return out;
  };
  return {
    length,
    at: (k) => {
      const i = movedBefore(k);
      if (i < moved.length && i + fixed.countBelow(moved[i] as number) === k) return moved[i] as number;
      return fixed.at(k - i);
    },
    positions,
  };
}

/** A view in updatedAt order: kept base positions (already in that order), then the changed ones by their new updatedAt. */
export function chainedView(fixed: StaticRange, tail: Int32Array): RecordView {
  const length = fixed.length + tail.length;
  return {
    length,
    at: (k) => (k < fixed.length ? fixed.at(k) : (tail[k - fixed.length] as number)),
    positions: (start, count) => {
      const first = Math.min(Math.max(0, start), length);
      const out = new Int32Array(Math.max(0, Math.min(length, first + count) - first));
      const fromFixed = Math.max(0, Math.min(out.length, fixed.length - first));
      fixed.fill(first, fromFixed, out, 0);
      for (let k = fromFixed; k < out.length; k++) out[k] = tail[first + k - fixed.length] as number;
      return out;
    },
  };
}

/** Whether sorted `sorted` holds `value`. */
export function isIn(sorted: Int32Array, value: number): boolean {
  const at = lowerBound(sorted, value);
  return at < sorted.length && sorted[at] === value;
}

/**
 * Inserts `added` (disjoint from `sorted`) into sorted `sorted`, leaving out `dropped` (from either):
 * the runs between changes are copied whole, so the cost is a copy plus a search per change.
 */
export function mergeSorted(sorted: Int32Array, added: readonly number[], dropped?: ReadonlySet<number>): Int32Array {
  const extra = Int32Array.from(added).sort();
  const drop = dropped === undefined ? EMPTY : Int32Array.from(dropped).sort();
  const out = new Int32Array(sorted.length + extra.length);
  let a = 0;
  let b = 0;
  let d = 0;
  let k = 0;
  for (;;) {
    const nextExtra = b < extra.length ? lowerBound(sorted, extra[b] as number) : sorted.length;
    const nextDrop = d < drop.length ? lowerBound(sorted, drop[d] as number) : sorted.length;
    const stop = Math.min(nextExtra, nextDrop);
    out.set(sorted.subarray(a, stop), k);
    k += stop - a;
    a = stop;
    if (b < extra.length && nextExtra <= nextDrop) {
      // An added value comes before sorted[a]; it may itself be dropped.
      if (d < drop.length && drop[d] === extra[b]) d++;
      else out[k++] = extra[b] as number;
      b++;
    } else if (d < drop.length) {
      if (a < sorted.length && sorted[a] === drop[d]) a++;
      d++;
    } else {
      break;
    }
  }
  out.set(sorted.subarray(a), k);
  k += sorted.length - a;
  return out.subarray(0, k);
}
