/** Records that change like production data: updates, inserts, hard and soft deletes, checked against a brute-force model. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatChurnMix, parseChurnMix, pickChurn, UPDATES_ONLY, type ChurnMix } from "../../src/simulate/churn.js";
import { formatTimestamp } from "../../src/codecs/timestamp.js";
import { Prng } from "../../src/data/prng.js";
import { RecordSet, type OrderBy, type OrderType } from "../../src/data/records.js";

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);

interface Model { id: string; createdAt: number; updatedAt: number; deletedAt: number | undefined; position: number }

/** What the set should hold, from its JSON and the changes' reports (the model the views are checked against). */
function model(set: RecordSet): Model[] {
  const rows: Model[] = [];
  for (let i = 0; i < set.size; i++) {
    rows.push({ id: set.id(i), createdAt: set.createdAtOf(i), updatedAt: set.updatedAtOf(i), deletedAt: set.deletedAtOf(i), position: i });
  }
  return rows;
}

/** Every view checked against a brute-force filter and sort of the model. */
function checkViews(set: RecordSet, rows: readonly Model[], label: string): void {
  const listed = rows.filter((row) => set.softDelete || row.deletedAt === undefined);
  const stamps = [...new Set(listed.map((row) => row.updatedAt))].sort((a, b) => a - b);
  const probes = [undefined, stamps[0], stamps[Math.floor(stamps.length / 2)], stamps.at(-1), (stamps.at(-1) ?? 0) + 1];
  for (const orderBy of ["createdAt", "updatedAt"] as OrderBy[]) {
    for (const orderType of ["asc", "desc"] as OrderType[]) {
      for (const since of probes) {
        for (const strict of [false, true]) {
          const expected = listed.filter((row) => since === undefined || (strict ? row.updatedAt > since : row.updatedAt >= since))
            .sort((a, b) => (orderBy === "createdAt" ? a.position - b.position : a.updatedAt - b.updatedAt) * (orderType === "asc" ? 1 : -1))
            .map((row) => row.position);
          const view = set.view(orderBy, orderType, since, strict);
          const actual = Array.from({ length: view.length }, (_, k) => view.at(k));
          assert.deepEqual(actual, expected, `${label}: ${orderBy} ${orderType} since ${since} strict ${strict}`);
          assert.deepEqual(Array.from(view.positions(0, view.length + 5)), expected, `${label}: positions ${orderBy} ${orderType} since ${since} strict ${strict}`);
        }
      }
    }
  }
  // The JSON of every listed record says what the arrays say.
  for (const row of listed) {
    const json = JSON.parse(set.json(row.position));
    assert.equal(json.id, row.id);
    assert.equal(json.updatedAt, formatTimestamp(row.updatedAt), `${label}: record ${row.position}'s JSON`);
    if (set.softDelete) assert.equal(json.deletedAt, row.deletedAt === undefined ? null : formatTimestamp(row.deletedAt));
    else assert.equal("deletedAt" in json, false);
  }
  // Timestamps never tie: every updatedAt and deletedAt of the listed records and tombstones is distinct.
  const all = [...rows.map((row) => row.updatedAt), ...set.deletions().filter(() => !set.softDelete).map((t) => t.deletedAt)];
  assert.equal(new Set(all).size, all.length, `${label}: distinct timestamps`);
  assert.equal(set.live, listed.length);
}

test("churn mixes parse, print and refuse what they should", () => {
  assert.deepEqual(parseChurnMix("update:8,insert:1,delete:1"), { update: 8, insert: 1, delete: 1 });
  assert.deepEqual(parseChurnMix(" delete : 2 "), { update: 0, insert: 0, delete: 2 });
  for (const bad of ["", "update", "update:1,update:2", "upsert:1", "update:0", "update:-1", "update:1001", "update:1;insert:1"]) assert.equal(parseChurnMix(bad), undefined, bad);
  assert.equal(formatChurnMix({ update: 8, insert: 1, delete: 0 }), "update:8,insert:1");
  assert.equal(formatChurnMix(UPDATES_ONLY), "update:1");
});

for (const softDelete of [false, true]) {
  test(`1,000 seeded ticks of mixed churn (${softDelete ? "soft" : "hard"} deletes) keep every view equal to a brute-force model; restore undoes everything`, () => {
    const set = RecordSet.procedural(5, 60, NOW, softDelete);
    const before = model(set);
    const beforeJson = Array.from({ length: set.size }, (_, i) => set.json(i));
    const rng = new Prng(9);
    const mix: ChurnMix = { update: 5, insert: 2, delete: 3 };
    let now = NOW;
    let inserted = 0;
    let deleted = 0;
    for (let tick = 1; tick <= 1000; tick++) {
      now += 4;
      const changes = pickChurn(set, rng, now, 1, mix);
      set.apply(changes);
      inserted += changes.filter((c) => c.kind === "insert").length;
      deleted += changes.filter((c) => c.kind === "delete").length;
      if (tick % 97 === 0 || tick === 1000) checkViews(set, model(set), `tick ${tick}`);
    }
    assert.ok(inserted > 100 && deleted > 100, `${inserted} inserted, ${deleted} deleted`);
    assert.equal(set.size, 60 + inserted);
    assert.equal(set.deletions().length, deleted);
    // Tombstones are in deletion order, strictly increasing.
    const stamps = set.deletions().map((t) => t.deletedAt);
    assert.deepEqual(stamps, [...stamps].sort((a, b) => a - b));
    assert.equal(new Set(stamps).size, stamps.length);
    set.restore();
    assert.deepEqual(model(set), before);
    assert.deepEqual(Array.from({ length: set.size }, (_, i) => set.json(i)), beforeJson);
    checkViews(set, model(set), "restored");
  });
}

test("apply refuses changes that are not later than every earlier one, or on deleted records", () => {
  const set = RecordSet.procedural(2, 10, NOW);
  const latest = set.latestStamp;
  set.apply([{ kind: "delete", index: 3, at: latest + 1 }]);
  assert.throws(() => set.apply([{ kind: "update", index: 4, at: latest + 1 }]), /must be later/);
  assert.throws(() => set.apply([{ kind: "update", index: 3, at: latest + 2 }]), /no record at position 3/);
  assert.throws(() => set.apply([{ kind: "delete", index: 99, at: latest + 2 }]), /no record at position 99/);
  const record = { id: "00000000-0000-4000-8000-000000000000", name: "A B", email: "a@example.com", address: "x", company: "y", job: "z", createdAt: latest + 2, updatedAt: latest + 3 };
  assert.throws(() => set.apply([{ kind: "insert", record }]), /created when it is updated/);
  set.apply([{ kind: "insert", record: { ...record, updatedAt: latest + 2 } }]);
  assert.equal(set.size, 11);
  assert.equal(set.id(10), record.id);
  assert.deepEqual(set.listed(2).length, 8, "positions 2..10 but the deleted 3");
  assert.deepEqual(Array.from(set.listed(2).positions(0, 20)), [2, 4, 5, 6, 7, 8, 9, 10]);
});

test("the default mix draws exactly what updates-only churn drew before this change (same seed, same records, same seconds)", () => {
  const set = RecordSet.procedural(4, 50, NOW);
  const now = NOW + 100;
  const changes = pickChurn(set, new Prng(7), now, 5);
  // The earlier algorithm, written out: 1-3 changes a tick, distinct random positions, consecutive seconds ending now.
  const rng = new Prng(7);
  let wanted = 0;
  for (let tick = 0; tick < 5; tick++) wanted += rng.int(1, 3);
  const count = Math.min(wanted, now - set.latestUpdatedAt, set.size);
  const indices = new Set<number>();
  while (indices.size < count) indices.add(rng.int(0, set.size - 1));
  assert.deepEqual(changes, [...indices].map((index, k) => ({ kind: "update", index, at: now - count + 1 + k })));
});
