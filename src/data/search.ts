/** Binary search over sorted numeric arrays: the one place boundaries are found. */

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
