/** Binary search, the one place boundaries are found: over a sorted array (lowerBound), or over computed values (firstWhere). */

export type NumericArray = ArrayLike<number>;

/**
 * The first position whose value is `>= target` (or `> target` when `strict`), in `log2(n) + 1`
 * comparisons at most. `onCompare` lets tests count them.
 * @example lowerBound([1, 3, 3, 5], 3) // 1
 */
export function lowerBound(sorted: NumericArray, target: number, strict = false, onCompare?: () => void): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    onCompare?.();
    const value = sorted[mid] as number;
    if (strict ? value <= target : value < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The first index in [low, high) at which `reached` holds, for a `reached` that never turns false again
 * once true (high when it never holds): the same search over computed values, such as a record's
 * timestamp or a position among changes.
 * @example firstWhere(0, 10, (i) => i * i >= 20) // 5
 */
export function firstWhere(low: number, high: number, reached: (index: number) => boolean): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (reached(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
