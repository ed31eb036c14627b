/**
 * `--churn`: every N seconds a few random records change, as production data does: by default each gets
 * a new, later updatedAt; with `--churn-mix` some ticks insert new records or delete existing ones
 * instead. Every change takes its own second, later than every other and not in the future, so no two
 * timestamps (updatedAt or deletedAt) ever tie.
 */
import { fakeAddress, fakeCompanyName, fakeJob, fakePerson } from "../data/fake.js";
import type { Prng } from "../data/prng.js";
import type { ChangingRecords, RecordChange, Stamped } from "../data/changes.js";
import type { UserRecord } from "../data/record.js";

/** How often each kind of change happens, as relative weights (`update:8,insert:1,delete:1`). */
export interface ChurnMix {
  readonly update: number;
  readonly insert: number;
  readonly delete: number;
}

/** Updates only: today's behaviour, and the default. */
export const UPDATES_ONLY: ChurnMix = Object.freeze({ update: 1, insert: 0, delete: 0 });

/**
 * Parses `update:8,insert:1,delete:1` (any subset, any order; weights are whole numbers 0-1000, at least
 * one above 0). Undefined for anything else.
 */
export function parseChurnMix(text: string): ChurnMix | undefined {
  const weights: Record<string, number> = { update: 0, insert: 0, delete: 0 };
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const match = /^\s*(update|insert|delete)\s*:\s*(\d{1,4})\s*$/.exec(part);
    if (match === null || seen.has(match[1] as string) || Number(match[2]) > 1000) return undefined;
    seen.add(match[1] as string);
    weights[match[1] as string] = Number(match[2]);
  }
  const mix = { update: weights.update as number, insert: weights.insert as number, delete: weights.delete as number };
  return mix.update + mix.insert + mix.delete > 0 ? mix : undefined;
}

/** `update:8,insert:1,delete:1` */
export function formatChurnMix(mix: ChurnMix): string {
  return (["update", "insert", "delete"] as const).filter((kind) => mix[kind] > 0).map((kind) => `${kind}:${mix[kind]}`).join(",");
}

function isUpdatesOnly(mix: ChurnMix): boolean {
  return mix.insert === 0 && mix.delete === 0;
}

/** A new record created (and updated) at `at`, from the churn stream. */
function newRecord(rng: Prng, at: number): UserRecord {
  const id = rng.uuid4();
  const person = fakePerson(rng);
  return { id, name: person.name, email: person.email, address: fakeAddress(rng), company: fakeCompanyName(rng), job: fakeJob(rng), createdAt: at, updatedAt: at };
}

/**
 * The changes of `ticks` churn ticks now: one to three per tick, fewer (or none) when there are not
 * enough free seconds since the latest change. Updates and deletes pick distinct listed records; with
 * nothing left to pick, a change becomes an insert (or nothing, when inserts are not in the mix). With
 * the default mix the random draws are exactly those of updates-only churn.
 */
export function pickChurn(records: ChangingRecords<UserRecord>, rng: Prng, nowSeconds: number, ticks = 1, mix: ChurnMix = UPDATES_ONLY): RecordChange<UserRecord>[] {
  return pickChanges(records, rng, nowSeconds, ticks, mix, newRecord);
}

/**
 * pickChurn for any set: `make` writes an inserted record created at `at`, which will take `position`
 * (declared resources compute it from the position; the user records draw it from the stream).
 */
export function pickChanges<R extends Stamped>(records: ChangingRecords<R>, rng: Prng, nowSeconds: number, ticks: number, mix: ChurnMix,
  make: (rng: Prng, at: number, position: number) => R): RecordChange<R>[] {
  let wanted = 0;
  for (let tick = 0; tick < ticks; tick++) wanted += rng.int(1, 3);
  const free = nowSeconds - records.latestStamp;
  const pickable = records.live - (records.softDelete ? records.deletions().length : 0);
  const updatesOnly = isUpdatesOnly(mix);
  const count = Math.max(0, Math.min(wanted, free, updatesOnly ? pickable : Number.MAX_SAFE_INTEGER));
  const picked = new Set<number>();
  const changes: RecordChange<R>[] = [];
  let position = records.size;
  const total = mix.update + mix.insert + mix.delete;
  for (let k = 0; k < count; k++) {
    const at = nowSeconds - count + 1 + k;
    let kind: "update" | "insert" | "delete" = "update";
    if (!updatesOnly) {
      const draw = rng.int(0, total - 1);
      kind = draw < mix.update ? "update" : draw < mix.update + mix.insert ? "insert" : "delete";
      if (kind !== "insert" && picked.size >= pickable) kind = mix.insert > 0 ? "insert" : kind;
    }
    if (kind === "insert") {
      changes.push({ kind, record: make(rng, at, position++) });
      continue;
    }
    if (picked.size >= pickable) continue;
    let index = rng.int(0, records.size - 1);
    while (picked.has(index) || records.deletedAtOf(index) !== undefined) index = rng.int(0, records.size - 1);
    picked.add(index);
    changes.push({ kind, index, at });
  }
  return changes;
}
