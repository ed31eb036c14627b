/**
 * `--churn`: every N seconds a few random records get a new, later updatedAt, so incremental syncs
 * see real changes between runs. New values stay distinct, later than every other, and not in the future.
 */
import type { Prng } from "./data/prng.js";
import type { RecordSet } from "./data/records.js";

export interface ChurnChange {
  readonly index: number;
  readonly updatedAt: number;
}

/**
 * Up to three distinct records per tick to change now; fewer (or none) when there are not enough free
 * seconds since the latest update. Several ticks at once share those seconds.
 */
export function pickChurn(records: RecordSet, rng: Prng, nowSeconds: number, ticks = 1): ChurnChange[] {
  let wanted = 0;
  for (let tick = 0; tick < ticks; tick++) wanted += rng.int(1, 3);
  const free = nowSeconds - records.latestUpdatedAt;
  const count = Math.max(0, Math.min(wanted, free, records.size));
  const indices = new Set<number>();
  while (indices.size < count) indices.add(rng.int(0, records.size - 1));
  return [...indices].map((index, k) => ({ index, updatedAt: nowSeconds - count + 1 + k }));
}
