import assert from "node:assert/strict";
import { test } from "node:test";
import { pickChurn } from "../src/churn.js";
import { formatTimestamp } from "../src/codecs/timestamp.js";
import { Prng } from "../src/data/prng.js";
import { buildRecordSet, generateRecords as generate, RecordSet, RecordSetBuilder, recordToJson, slotSeconds, type OrderBy, type OrderType, type UserRecord } from "../src/data/records.js";

function generateRecords(rng: Prng, count: number, now: number): UserRecord[] {
  const records: UserRecord[] = [];
  generate(rng, count, now, (record) => records.push(record));
  return records;
}

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);

function checkTimeline(records: readonly UserRecord[], now: number): void {
  const slot = slotSeconds(records.length);
  const updated = new Set<number>();
  records.forEach((record, i) => {
    const slotStart = now - (records.length - i) * slot;
    assert.ok(record.createdAt >= slotStart && record.createdAt < slotStart + slot, `record ${i} createdAt outside its slot`);
    assert.ok(record.updatedAt >= record.createdAt && record.updatedAt < record.createdAt + slot, `record ${i} updatedAt outside its window`);
    assert.ok(record.updatedAt < now, `record ${i} updated in the future`);
    updated.add(record.updatedAt);
  });
  assert.equal(updated.size, records.length, "updatedAt values must be distinct");
}

test("200 records: one an hour before start, in the past, updatedAt within the hour after createdAt and distinct", () => {
  const records = generateRecords(new Prng(1), 200, NOW);
  assert.equal(records.length, 200);
  checkTimeline(records, NOW);
  assert.equal(new Set(records.map((r) => r.id)).size, 200);
});

test("distinctness holds for many seeds, including where neighbours collide", () => {
  for (let seed = 0; seed < 40; seed++) checkTimeline(generateRecords(new Prng(seed), 2000, NOW + seed), NOW + seed);
});

test("large sets shrink the slot and stay in the past and distinct", () => {
  assert.equal(slotSeconds(100_000), 3600);
  assert.equal(slotSeconds(200_000), 1800);
  assert.equal(slotSeconds(1_000_000), 360);
  checkTimeline(generateRecords(new Prng(9), 200_000, NOW), NOW);
});

test("the same seed and clock give the same records", () => {
  assert.deepEqual(generateRecords(new Prng(5), 50, NOW), generateRecords(new Prng(5), 50, NOW));
  assert.notDeepEqual(generateRecords(new Prng(5), 50, NOW), generateRecords(new Prng(6), 50, NOW));
});

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

function bruteForce(records: readonly UserRecord[], orderBy: OrderBy, orderType: OrderType, since: number | undefined, strict: boolean): number[] {
  const positions = records.map((_, i) => i)
    .filter((i) => since === undefined || (strict ? records[i]!.updatedAt > since : records[i]!.updatedAt >= since))
    .sort((a, b) => records[a]![orderBy] - records[b]![orderBy] || a - b);
  return orderType === "asc" ? positions : positions.reverse();
}

function viewPositions(set: RecordSet, orderBy: OrderBy, orderType: OrderType, since: number | undefined, strict: boolean): number[] {
  const view = set.view(orderBy, orderType, since, strict);
  return Array.from({ length: view.length }, (_, k) => view.at(k));
}

function checkViews(records: readonly UserRecord[]): void {
  const set = RecordSet.from(records);
  const times = records.flatMap((r) => [r.updatedAt - 1, r.updatedAt, r.updatedAt + 1]);
  for (const since of [undefined, -Infinity, Infinity, ...times]) {
    for (const orderBy of ["createdAt", "updatedAt"] as const) {
      for (const orderType of ["asc", "desc"] as const) {
        for (const strict of [false, true]) {
          assert.deepEqual(viewPositions(set, orderBy, orderType, since, strict), bruteForce(records, orderBy, orderType, since, strict),
            `${orderBy} ${orderType} since=${since} strict=${strict}`);
        }
      }
    }
  }
}

test("views match a brute-force filter and sort for every order, direction and boundary", () => {
  checkViews(generateRecords(new Prng(11), 60, NOW));
});

test("views stay correct when updatedAt is far out of creation order", () => {
  const rng = new Prng(12);
  const records: UserRecord[] = Array.from({ length: 40 }, (_, i) => ({
    id: `id-${i}`, name: "N", email: "e", address: "a", company: "c", job: "j", createdAt: 1000 + i, updatedAt: 5000 + rng.int(0, 10_000) * 40 + i,
  }));
  checkViews(records);
});

test("a record set holds each record's JSON bytes, in creation order, and gives the records back", () => {
  const records = generateRecords(new Prng(2), 700, NOW);
  const set = buildRecordSet(new Prng(2), 700, NOW);
  assert.equal(set.size, 700);
  records.forEach((record, i) => {
    assert.equal(set.json(i), recordToJson(record));
    assert.equal(set.jsonLength(i), Buffer.byteLength(recordToJson(record)));
    assert.deepEqual(set.record(i), record);
    assert.equal(set.createdAt[i], record.createdAt);
    assert.equal(set.updatedAt[i], record.updatedAt);
  });
  assert.equal(JSON.parse(set.json(0)).createdAt, formatTimestamp(records[0]!.createdAt));
});

test("non-ASCII and escaped text keeps exact byte offsets; copy helpers write the stored bytes", () => {
  const base = { email: "e@example.com", address: "1 A St, B, CA 00000", company: "C", job: "J", createdAt: 0, updatedAt: 1 };
  const records: UserRecord[] = [
    { ...base, id: "00000000-0000-4000-8000-000000000000", name: "Zoë Ñúñez 😀" },
    { ...base, id: "00000000-0000-4000-8000-000000000001", name: 'Quote " and \\ back\nslash' },
    { ...base, id: "00000000-0000-4000-8000-000000000002", name: "Plain" },
  ];
  const set = RecordSet.from(records);
  records.forEach((record, i) => {
    assert.deepEqual(JSON.parse(set.json(i)), { ...record, createdAt: "1970-01-01T00:00:00Z", updatedAt: "1970-01-01T00:00:01Z" });
    const whole = Buffer.alloc(set.jsonLength(i));
    assert.equal(set.copyJson(i, whole, 0), whole.length);
    assert.equal(whole.toString(), set.json(i));
    const tail = Buffer.alloc(set.jsonLengthAfterId(i));
    set.copyJsonAfterId(i, tail, 0);
    assert.equal(`{"id":"${record.id}",${tail.toString()}`, set.json(i));
  });
  assert.throws(() => new RecordSetBuilder(2).finish(), /expected 2 records, got 0/);
});

test("the builder grows its buffer when records are longer than estimated", () => {
  const long = "x".repeat(5000);
  const records = Array.from({ length: 3 }, (_, i): UserRecord => ({
    id: `00000000-0000-4000-8000-00000000000${i}`, name: long, email: "e", address: "a", company: "c", job: "j", createdAt: i, updatedAt: i,
  }));
  const set = RecordSet.from(records);
  assert.deepEqual(set.record(2), records[2]);
});

test("churn moves records to the end of the updatedAt order, patches their JSON, and every view stays right", () => {
  const records = generateRecords(new Prng(13), 80, NOW);
  const set = RecordSet.from(records);
  const latest = set.latestUpdatedAt;
  const changes = [{ index: 3, updatedAt: latest + 10 }, { index: 77, updatedAt: latest + 11 }, { index: 40, updatedAt: latest + 12 }];
  set.churn(changes);
  assert.equal(set.version, 1);
  assert.equal(set.latestUpdatedAt, latest + 12);
  const changed = records.map((r, i) => ({ ...r, updatedAt: changes.find((c) => c.index === i)?.updatedAt ?? r.updatedAt }));
  changed.forEach((record, i) => assert.deepEqual(set.record(i), record));
  const times = changed.flatMap((r) => [r.updatedAt - 1, r.updatedAt, r.updatedAt + 1]);
  for (const since of [undefined, ...times]) {
    for (const orderBy of ["createdAt", "updatedAt"] as const) {
      for (const orderType of ["asc", "desc"] as const) {
        for (const strict of [false, true]) {
          assert.deepEqual(viewPositions(set, orderBy, orderType, since, strict), bruteForce(changed, orderBy, orderType, since, strict));
        }
      }
    }
  }
  assert.throws(() => set.churn([{ index: 1, updatedAt: latest }]), /must be later/);
});

test("pickChurn changes one to three distinct records, only into free seconds up to now", () => {
  const set = buildRecordSet(new Prng(14), 50, NOW);
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

test("copyJoined writes the records joined by commas in any order, merging stored neighbours", () => {
  const set = buildRecordSet(new Prng(15), 300, NOW);
  const orders = [
    Array.from({ length: 300 }, (_, i) => i),
    viewPositions(set, "updatedAt", "asc", undefined, false),
    viewPositions(set, "updatedAt", "desc", undefined, false),
    [5, 3, 250, 4, 4, 0],
    [],
  ];
  for (const positions of orders) {
    const expected = positions.map((i) => set.json(i)).join(",");
    const target = Buffer.alloc(set.joinedLength(positions));
    assert.equal(set.copyJoined(positions, target, 0), target.length);
    assert.equal(target.toString(), expected);
  }
});

test("a builder writing into fixed storage refuses to grow it", () => {
  const storage = {
    bytes: Buffer.alloc(100), starts: new Float64Array(2), ends: new Float64Array(2), createdAt: new Float64Array(2), updatedAt: new Float64Array(2),
  };
  const builder = new RecordSetBuilder(2, storage);
  const [first, second] = generateRecords(new Prng(16), 2, NOW);
  builder.add(first!, true);
  assert.throws(() => { builder.add(second!, true); builder.flush(); }, /record storage too small/);
});
