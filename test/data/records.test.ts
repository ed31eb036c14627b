/** The record set: computed base records and an overlay of changes, every view checked against a brute-force sort. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pickChurn, type ChurnMix } from "../../src/simulate/churn.js";
import { Prng } from "../../src/data/prng.js";
import { MAX_CHANGES, RecordSet, recordToJson, type OrderBy, type OrderType, type RecordChange, type RecordView, type UserRecord } from "../../src/data/records.js";

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);

test("recordToJson writes keys in the contract's order with formatted timestamps", () => {
  const record: UserRecord = {
    id: "1989d8f6-57a5-41bf-b21b-4d6de6db6de6", name: "Zoë \"Q\" Smith", email: "z@example.net", address: "1 A Street, B, CA 01234",
    company: "Nguyen, Nash and King", job: "Licensed conveyancer", createdAt: 1727007333, updatedAt: 1727007350,
  };
  const json = recordToJson(record);
  assert.equal(json, '{"id":"1989d8f6-57a5-41bf-b21b-4d6de6db6de6","name":"Zoë \\"Q\\" Smith","email":"z@example.net",' +
    '"address":"1 A Street, B, CA 01234","company":"Nguyen, Nash and King","job":"Licensed conveyancer",' +
    '"createdAt":"2024-09-22T12:15:33Z","updatedAt":"2024-09-22T12:15:50Z"}');
  assert.deepEqual(Object.keys(JSON.parse(json)), ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]);
});

interface Row { position: number; createdAt: number; updatedAt: number; listed: boolean }

/** The set's records one by one (the brute-force model every view is compared with). */
function rowsOf(set: RecordSet): Row[] {
  return Array.from({ length: set.size }, (_, i) => ({ position: i, createdAt: set.createdAtOf(i), updatedAt: set.updatedAtOf(i), listed: set.isListed(i) }));
}

function bruteForce(rows: readonly Row[], orderBy: OrderBy, orderType: OrderType, since: number | undefined, strict: boolean): number[] {
  const positions = rows.filter((row) => row.listed && (since === undefined || (strict ? row.updatedAt > since : row.updatedAt >= since)))
    .sort((a, b) => a[orderBy] - b[orderBy] || a.position - b.position).map((row) => row.position);
  return orderType === "asc" ? positions : positions.reverse();
}

/** Every element by `at`, and slices by `positions` (from every start, in odd widths), equal the expected order. */
function checkView(view: RecordView, expected: readonly number[], label: string): void {
  assert.equal(view.length, expected.length, `${label}: length`);
  assert.deepEqual(Array.from({ length: view.length }, (_, k) => view.at(k)), expected, `${label}: at`);
  for (const width of [1, 3, 50]) {
    for (let start = 0; start <= expected.length; start += width) {
      assert.deepEqual(Array.from(view.positions(start, width)), expected.slice(start, start + width), `${label}: positions(${start}, ${width})`);
    }
  }
}

function checkAllViews(set: RecordSet, label: string): void {
  const rows = rowsOf(set);
  const stamps = rows.filter((row) => row.listed).map((row) => row.updatedAt);
  const probes = [undefined, -Infinity, Infinity, ...stamps.flatMap((t) => [t - 1, t, t + 1])];
  for (const since of probes) {
    for (const orderBy of ["createdAt", "updatedAt"] as const) {
      for (const orderType of ["asc", "desc"] as const) {
        for (const strict of [false, true]) {
          const expected = bruteForce(rows, orderBy, orderType, since, strict);
          const view = set.view(orderBy, orderType, since, strict);
          assert.equal(view.length, expected.length, `${label} ${orderBy} ${orderType} since=${since} strict=${strict}`);
          assert.deepEqual(Array.from({ length: view.length }, (_, k) => view.at(k)), expected, `${label} ${orderBy} ${orderType} since=${since} strict=${strict}`);
        }
      }
    }
  }
  // Slices in both orders, without and with a filter in the middle of the base.
  const middle = stamps[Math.floor(stamps.length / 2)];
  for (const since of [undefined, middle]) {
    for (const orderBy of ["createdAt", "updatedAt"] as const) {
      for (const orderType of ["asc", "desc"] as const) checkView(set.view(orderBy, orderType, since), bruteForce(rows, orderBy, orderType, since, false), `${label} slices ${orderBy} ${orderType} ${since}`);
    }
  }
  // Listed ranges by position (the step endpoint and the export).
  const listed = rows.filter((row) => row.listed).map((row) => row.position);
  for (const [from, to] of [[0, Infinity], [0, 1], [3, 17], [set.size - 5, set.size + 5], [set.size, Infinity]] as const) {
    checkView(set.listed(from, to), listed.filter((p) => p >= from && p < to), `${label} listed [${from}, ${to})`);
  }
  assert.equal(set.live, listed.length, `${label}: live`);
}

test("generated sets, many seeds and sizes: every view, slice and listed range equals a brute-force sort", () => {
  for (let seed = 0; seed < 40; seed++) {
    for (const count of [1, 2, 9, 60]) checkAllViews(RecordSet.procedural(seed * 31, count, NOW), `seed ${seed} count ${count}`);
  }
});

const MIXES: readonly ChurnMix[] = [{ update: 1, insert: 0, delete: 0 }, { update: 5, insert: 2, delete: 3 }, { update: 1, insert: 3, delete: 0 }, { update: 0, insert: 1, delete: 2 }];

test("with an overlay of updates, inserts and hard or soft deletes, many seeds: every view still equals a brute-force sort", () => {
  for (let seed = 0; seed < 24; seed++) {
    const softDelete = seed % 2 === 1;
    const set = RecordSet.procedural(seed, 30 + seed, NOW, softDelete);
    const rng = new Prng(seed + 100);
    let now = NOW;
    for (let tick = 1; tick <= 40; tick++) {
      now += 5;
      set.apply(pickChurn(set, rng, now, 1 + (tick % 3), MIXES[seed % MIXES.length]));
      if (tick % 10 === 0) checkAllViews(set, `seed ${seed} (${softDelete ? "soft" : "hard"}) tick ${tick}`);
    }
  }
});

test("a billion records with an overlay: totals and boundaries by arithmetic and search, nothing stored per record", () => {
  const count = 1_000_000_000;
  const set = RecordSet.procedural(7, count, NOW);
  assert.equal(set.size, count);
  assert.equal(set.live, count);
  // With a one-second slot, record i is created and updated at NOW - count + i.
  assert.equal(set.updatedAtOf(0), NOW - count);
  assert.equal(set.updatedAtOf(count - 1), NOW - 1);
  const since = NOW - 1000;
  assert.equal(set.view("updatedAt", "asc", since).length, 1000);
  assert.equal(set.view("updatedAt", "asc", since, true).length, 999);
  assert.deepEqual(Array.from(set.view("createdAt", "desc").positions(0, 3)), [count - 1, count - 2, count - 3]);
  // Changes: 500 updates of records spread over the whole range, 10 hard deletes, 5 inserts.
  const rng = new Prng(1);
  const changes = [];
  const touched = new Set<number>();
  let at = NOW + 10;
  while (touched.size < 510) {
    const index = rng.int(0, count - 1);
    if (touched.has(index)) continue;
    touched.add(index);
    changes.push({ kind: touched.size <= 500 ? "update" as const : "delete" as const, index, at: at++ });
  }
  const inserted = Array.from({ length: 5 }, (_, k): UserRecord => ({ id: `00000000-0000-4000-8000-00000000000${k}`, name: "A B", email: "a@example.com", address: "x", company: "y", job: "z", createdAt: at + k, updatedAt: at + k }));
  set.apply([...changes, ...inserted.map((record) => ({ kind: "insert" as const, record }))]);
  assert.equal(set.size, count + 5);
  assert.equal(set.live, count - 10 + 5);
  const all = set.view("updatedAt", "asc");
  assert.equal(all.length, count - 5);
  // The updated records come last, in the order they changed, then the inserted ones.
  assert.deepEqual(Array.from(all.positions(count - 5 - 505, 505)), [...changes.slice(0, 500).map((c) => c.index), ...inserted.map((_, k) => count + k)]);
  assert.equal(set.view("updatedAt", "asc", NOW + 10).length, 505);
  // Filtered past every base record, creation order holds the changed ones by position.
  const created = set.view("createdAt", "asc", NOW + 10);
  assert.deepEqual(Array.from(created.positions(0, 505)), [...changes.slice(0, 500).map((c) => c.index).sort((a, b) => a - b), ...inserted.map((_, k) => count + k)]);
  // Filtered in the base: the untouched base records from there on, and every changed one.
  const fromMiddle = set.view("createdAt", "asc", NOW - count / 2);
  const below = changes.filter((c) => c.kind === "update" && c.index < count / 2).length;
  const deletedAbove = changes.filter((c) => c.kind === "delete" && c.index >= count / 2).length;
  const updatedAbove = changes.filter((c) => c.kind === "update" && c.index >= count / 2).length;
  assert.equal(fromMiddle.length, count / 2 - deletedAbove - updatedAbove + 500 + 5);
  assert.equal(below + updatedAbove, 500);
  // The k-th listed position skips the deleted and moved ones before it; positions and at agree anywhere.
  const listed = set.listed();
  for (const k of [0, 1, 123_456_789, count / 2, count - 6, count - 10 + 4]) assert.equal(listed.positions(k, 1)[0], listed.at(k), `listed ${k}`);
  assert.equal(listed.at(count - 10 + 4), count + 4);
  const deleted = changes.filter((c) => c.kind === "delete").map((c) => c.index);
  for (const index of deleted) assert.equal(set.isListed(index), false);
  assert.equal(set.listed(0, Math.min(...deleted) + 1).length, Math.min(...deleted));
});

test("positionOf gives a generated id's position back by computation, an inserted id's by lookup, and -1 otherwise", () => {
  const set = RecordSet.procedural(3, 1_000_000_000, NOW);
  for (const i of [0, 1, 999, 123_456_789, 999_999_999]) assert.equal(set.positionOf(set.id(i)), i);
  const id = set.id(5);
  assert.equal(set.positionOf(id.slice(0, 35) + (id.endsWith("0") ? "1" : "0")), -1, "same first 32 bits, another id");
  assert.equal(set.positionOf("not-an-id"), -1);
  assert.equal(set.positionOf("zzzzzzzz-0000-4000-8000-000000000000"), -1);
  assert.equal(RecordSet.procedural(4, 1_000_000_000, NOW).positionOf(id), -1, "another seed's id");
  const small = RecordSet.procedural(3, 10, NOW);
  const record: UserRecord = { id: "00000000-0000-4000-8000-00000000abcd", name: "A B", email: "a@example.com", address: "x", company: "y", job: "z", createdAt: NOW + 1, updatedAt: NOW + 1 };
  small.apply([{ kind: "insert", record }]);
  assert.equal(small.positionOf(record.id), 10);
});

test("the same seed, count and epoch give the same records; each record is a pure function of its position", () => {
  const a = RecordSet.procedural(11, 500, NOW);
  const b = RecordSet.procedural(11, 500, NOW);
  for (let i = 0; i < 500; i += 7) assert.equal(a.json(i), b.json(i));
  assert.equal(a.json(250), a.json(250), "asked again");
  assert.notEqual(RecordSet.procedural(12, 500, NOW).json(0), a.json(0));
  const ids = new Set(Array.from({ length: 500 }, (_, i) => a.id(i)));
  assert.equal(ids.size, 500);
  const record = a.record(42);
  assert.equal(a.json(42), recordToJson(record));
  assert.equal(a.jsonAfterId(42), a.json(42).slice(`{"id":"${record.id}",`.length));
});

test("snapshots keep the records as they were; later changes and a restore do not reach them", () => {
  const set = RecordSet.procedural(5, 40, NOW, true);
  set.apply([{ kind: "update", index: 3, at: NOW + 1 }, { kind: "delete", index: 7, at: NOW + 2 }]);
  const snapshot = set.snapshot();
  const before = rowsOf(snapshot);
  const beforeJson = Array.from({ length: snapshot.size }, (_, i) => snapshot.json(i));
  set.apply([{ kind: "update", index: 8, at: NOW + 3 }, { kind: "delete", index: 9, at: NOW + 4 }]);
  // The set goes on adding to the lists it shares with the snapshot, which reads only its own part.
  const added = { ...set.record(0), id: "inserted-after-the-snapshot", createdAt: NOW + 5, updatedAt: NOW + 5 };
  set.apply([{ kind: "insert", record: added }, { kind: "update", index: 7 + 4, at: NOW + 6 }, { kind: "delete", index: 12, at: NOW + 7 }]);
  set.drift(true);
  assert.deepEqual(rowsOf(snapshot), before);
  assert.deepEqual([snapshot.size, set.size], [40, 41]);
  assert.deepEqual([snapshot.positionOf(added.id), set.positionOf(added.id)], [-1, 40]);
  assert.deepEqual(snapshot.deletions().map((tombstone) => [tombstone.index, tombstone.deletedAt]), [[7, NOW + 2]]);
  assert.deepEqual(set.deletions().map((tombstone) => [tombstone.index, tombstone.deletedAt]), [[7, NOW + 2], [9, NOW + 4], [12, NOW + 7]]);
  // A second snapshot, and changes after it: each keeps its own moment.
  const second = set.snapshot();
  set.apply([{ kind: "update", index: 3, at: NOW + 8 }]);
  assert.deepEqual([second.updatedAtOf(3), set.updatedAtOf(3), snapshot.updatedAtOf(3)], [NOW + 1, NOW + 8, NOW + 1]);
  assert.deepEqual([second.deletedAtOf(12), snapshot.deletedAtOf(12), second.isListed(12), snapshot.isListed(12)], [NOW + 7, undefined, true, true]);
  assert.deepEqual(Array.from({ length: snapshot.size }, (_, i) => snapshot.json(i)), beforeJson);
  assert.equal(JSON.parse(snapshot.json(7)).deletedAt, "2026-11-28T12:00:02Z");
  assert.equal(JSON.parse(set.json(9)).deletedAt, "2026-11-28T12:00:04Z");
  assert.equal(JSON.parse(set.json(9)).phone.length, 15);
  set.restore();
  assert.deepEqual(rowsOf(snapshot), before);
  assert.equal(set.updatedAtOf(3), RecordSet.procedural(5, 40, NOW).updatedAtOf(3));
  assert.equal(set.version, 6, "four applies, drift, restore");
});

test("records given as objects: escaped and non-ASCII text serialises exactly; out-of-order input is refused", () => {
  const base = { email: "e@example.com", address: "1 A St, B, CA 00000", company: "C", job: "J" };
  const records: UserRecord[] = [
    { ...base, id: "00000000-0000-4000-8000-000000000000", name: "Zoë Ñúñez 😀", createdAt: 0, updatedAt: 1 },
    { ...base, id: "00000000-0000-4000-8000-000000000001", name: 'Quote " and \\ back\nslash', createdAt: 0, updatedAt: 2 },
    { ...base, id: "id \"odd\"", name: "Plain", createdAt: 1, updatedAt: 3 },
  ];
  const set = RecordSet.from(records);
  records.forEach((record, i) => {
    assert.deepEqual(JSON.parse(set.json(i)), { ...record, createdAt: `1970-01-01T00:00:0${record.createdAt}Z`, updatedAt: `1970-01-01T00:00:0${record.updatedAt}Z` });
    assert.deepEqual(JSON.parse(`{"id":0,${set.jsonAfterId(i)}`).name, record.name);
    assert.equal(set.positionOf(record.id), i);
  });
  assert.equal(set.joinedJson([2, 0]), `${set.json(2)},${set.json(0)}`);
  assert.throws(() => RecordSet.from([records[1]!, records[0]!]), /updatedAt must strictly increase/);
  assert.throws(() => RecordSet.from([{ ...records[0]!, createdAt: 5 }, records[1]!]), /createdAt not decrease/);
});

test("pickChurn changes one to three distinct records, only into free seconds up to now", () => {
  const set = RecordSet.procedural(14, 50, NOW);
  const latest = set.latestUpdatedAt;
  assert.deepEqual(pickChurn(set, new Prng(1), latest), [], "no free second");
  const one = pickChurn(set, new Prng(1), latest + 1);
  assert.ok(one.length <= 1);
  const rng = new Prng(2);
  const sizes = new Set<number>();
  for (let i = 0; i < 50; i++) {
    const picked = pickChurn(set, rng, latest + 100).map((p) => (p.kind === "update" ? p : assert.fail("updates only by default")));
    sizes.add(picked.length);
    assert.equal(new Set(picked.map((p) => p.index)).size, picked.length);
    assert.deepEqual(picked.map((p) => p.at), picked.map((_, k) => latest + 100 - picked.length + 1 + k));
  }
  assert.deepEqual([...sizes].sort(), [1, 2, 3]);
});

test("the change history is capped at MAX_CHANGES: one change more is refused, a restore makes room again", () => {
  const set = RecordSet.procedural(3, 1_000_000, NOW);
  const batch = (first: number, count: number, at: number): RecordChange[] =>
    Array.from({ length: count }, (_, k) => ({ kind: "update", index: first + k, at: at + k }));
  set.apply(batch(0, MAX_CHANGES, NOW + 1));
  assert.equal(set.changeCount, MAX_CHANGES);
  assert.throws(() => set.apply(batch(MAX_CHANGES, 1, NOW + MAX_CHANGES + 1)),
    new RangeError(`the change history is full: at most ${MAX_CHANGES} changes are kept since the start or the last reset`));
  assert.equal(set.updatedAtOf(MAX_CHANGES - 1), NOW + MAX_CHANGES);
  set.restore();
  assert.equal(set.changeCount, 0);
  set.apply(batch(0, 1, NOW + 1));
  assert.equal(set.changeCount, 1);
});
