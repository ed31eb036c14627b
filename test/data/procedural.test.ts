/** Procedural records: pure functions of seed, count, epoch and position, checked by brute force where it fits and by boundaries where nothing could be stored. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { Prng } from "../../src/data/prng.js";
import { modulo, ProceduralLayout } from "../../src/data/procedural.js";
import { slotSeconds } from "../../src/data/records.js";

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12) / 1000);
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("small sizes, many seeds: timestamps inside their slots, strictly increasing, in the past; filters equal a brute-force scan", () => {
  for (let seed = 0; seed < 60; seed++) {
    for (const count of [0, 1, 2, 7, 200, 1000]) {
      const layout = new ProceduralLayout(seed * 7919, count, NOW);
      const updated = Array.from({ length: count }, (_, i) => layout.updatedAt(i));
      for (let i = 0; i < count; i++) {
        const created = layout.createdAt(i);
        const start = NOW - (count - i) * slotSeconds(count);
        assert.ok(created >= start && (updated[i] as number) >= created && (updated[i] as number) < start + slotSeconds(count), `seed ${seed} record ${i}`);
        if (i > 0) assert.ok((updated[i] as number) > (updated[i - 1] as number) && created > layout.createdAt(i - 1));
      }
      if (count > 0) assert.ok((updated[count - 1] as number) < NOW);
      const rng = new Prng(seed);
      const probes = [...updated, NOW - 10 * 3600 * count, NOW, ...Array.from({ length: 20 }, () => NOW - rng.int(0, count * 3600 + 10))];
      for (const since of probes) {
        for (const strict of [false, true]) {
          const expected = updated.findIndex((value) => (strict ? value > since : value >= since));
          assert.equal(layout.firstUpdatedFrom(since, strict), expected === -1 ? count : expected, `seed ${seed} count ${count} since ${since} ${strict}`);
        }
      }
    }
  }
});

test("a billion records: boundaries and totals by binary search over computed timestamps, with nothing stored", () => {
  const count = 1_000_000_000;
  const layout = new ProceduralLayout(42, count, NOW);
  assert.equal(layout.slot, 1);
  assert.equal(layout.createdAt(0), NOW - count);
  assert.equal(layout.updatedAt(count - 1), NOW - 1);
  const rng = new Prng(3);
  for (let probe = 0; probe < 200; probe++) {
    const since = NOW - rng.int(0, count + 5);
    const strict = probe % 2 === 1;
    const k = layout.firstUpdatedFrom(since, strict);
    if (k < count) assert.ok(strict ? layout.updatedAt(k) > since : layout.updatedAt(k) >= since);
    if (k > 0) assert.ok(strict ? layout.updatedAt(k - 1) <= since : layout.updatedAt(k - 1) < since);
    // With a one-second slot every second has its record: the total after `since` is arithmetic.
    assert.equal(count - k, Math.max(0, Math.min(count, NOW - since - (strict ? 1 : 0))));
  }
  const last = layout.record(count - 1);
  assert.match(last.id, UUID4);
  assert.equal(last.updatedAt, NOW - 1);
});

test("ids are version-4 UUIDs, distinct within a run, the same on every start with the same seed, others with another", () => {
  const layout = new ProceduralLayout(9, 1_000_000_000, NOW);
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) {
    const id = layout.id(i * 4999);
    assert.match(id, UUID4);
    seen.add(id);
  }
  assert.equal(seen.size, 200_000);
  const again = new ProceduralLayout(9, 1_000_000_000, NOW);
  const other = new ProceduralLayout(10, 1_000_000_000, NOW);
  for (const i of [0, 1, 123_456_789, 999_999_999]) {
    assert.deepEqual(again.record(i), layout.record(i));
    assert.notEqual(other.id(i), layout.id(i));
  }
  const record = layout.record(5);
  assert.deepEqual(Object.keys(record), ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]);
  assert.match(record.email, /@/);
  assert.throws(() => new ProceduralLayout(1, 2 ** 32, NOW), /count must be an integer from 0 to 4294967295/);
});

test("text fragments are made from the seed and their slot alone: records are the same whatever order they are asked for in", () => {
  const forward = new ProceduralLayout(21, 5000, NOW);
  const backward = new ProceduralLayout(21, 5000, NOW);
  const later: string[] = [];
  for (let i = 4999; i >= 0; i--) later[i] = JSON.stringify(backward.record(i)) + backward.textCsv(i);
  for (let i = 0; i < 5000; i++) assert.equal(JSON.stringify(forward.record(i)) + forward.textCsv(i), later[i], `record ${i}`);
  const record = forward.record(77);
  assert.equal(forward.textJson(77), `"name":"${record.name}","email":"${record.email}","address":"${record.address}","company":"${record.company}","job":"${record.job}"`);
  // 5,000 records show thousands of different people, addresses and employers.
  const people = new Set(Array.from({ length: 5000 }, (_, i) => forward.record(i).email));
  const employers = new Set(Array.from({ length: 5000 }, (_, i) => forward.record(i).company + forward.record(i).job));
  assert.ok(people.size > 4700 && employers.size > 2500, `${people.size} emails, ${employers.size} employers`);
});

test("fragments are the same bytes on every build: 60,000 records' text as JSON members and CSV fields, pinned by SHA-256", () => {
  const layout = new ProceduralLayout(77, 1_000_000, Date.UTC(2026, 0, 1) / 1000);
  assert.equal(layout.textJson(5), '"name":"Lauren Palmer","email":"lauren_palmer139@example.org","address":"73332 Garcia Point, Lake George, NE 61715",' +
    '"company":"Mason, Richardson and Tucker","job":"Biomedical scientist"');
  assert.equal(layout.textCsv(5), 'Lauren Palmer,lauren_palmer139@example.org,"73332 Garcia Point, Lake George, NE 61715","Mason, Richardson and Tucker",Biomedical scientist');
  const hash = createHash("sha256");
  for (let i = 0; i < 60_000; i++) hash.update(`${layout.textJson(i)}\n${layout.textCsv(i)}\n`);
  // Written when the fragments were made as text by fake.ts; they are now written from its draws into bytes.
  assert.equal(hash.digest("hex"), "69802d69323d065351cd24efb2936e9cca9480d523f8f875334f4e3e31013359");
});

test("modulo is x % m for every 32-bit unsigned x and whole m up to 2^32, at the edges and for 200,000 drawn pairs", () => {
  assert.equal(modulo(0xffffffff, 3600), 1695);
  assert.equal(modulo(0xffffffff, 0x100000000), 0xffffffff);
  assert.equal(modulo(0xffffffff, 0xffffffff), 0);
  assert.equal(modulo(0x80000000, 0x7fffffff), 1);
  assert.equal(modulo(0, 7), 0);
  const edges = [0, 1, 2, 3, 59, 60, 3599, 3600, 0x3fffffff, 0x40000000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff];
  const divisors = [1, 2, 3, 7, 8, 60, 360, 3600, 86_400, 2_592_000, 31_536_000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x100000000];
  for (const x of edges) for (const m of [...divisors, ...edges.filter((e) => e > 0)]) assert.equal(modulo(x, m), x % m, `${x} mod ${m}`);
  const rng = new Prng(11);
  for (let k = 0; k < 200_000; k++) {
    const x = rng.nextUint32();
    const m = 1 + (k % 2 === 0 ? rng.nextUint32() : rng.nextUint32() % 100_000);
    if (modulo(x, m) !== x % m) assert.fail(`${x} mod ${m}: ${modulo(x, m)}, not ${x % m}`);
  }
});
