import assert from "node:assert/strict";
import { test } from "node:test";
import { maxRecordJsonBytes } from "../src/data/fake.js";
import { buildRecordSetInParallel, PARALLEL_MIN_RECORDS, separateAtSeam } from "../src/data/parallel-records.js";
import { Prng } from "../src/data/prng.js";
import { generateRecords, recordToJson } from "../src/data/records.js";
import { formatTimestamp } from "../src/codecs/timestamp.js";

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);

test("maxRecordJsonBytes bounds every generated record's JSON and comma", () => {
  const bound = maxRecordJsonBytes();
  let longest = 0;
  generateRecords(new Prng(40), 50_000, NOW, (record) => { longest = Math.max(longest, Buffer.byteLength(recordToJson(record, true)) + 1); });
  assert.ok(longest <= bound, `${longest} > ${bound}`);
  assert.ok(bound < 2 * longest, `the bound ${bound} is not wasteful against ${longest}`);
});

test("two threads build the same records as one thread, all distinct, reproducible", () => {
  const count = PARALLEL_MIN_RECORDS + 7;
  const parallel = buildRecordSetInParallel(new Prng(41), count, NOW);
  const single = buildRecordSetInParallel(new Prng(41), count, NOW, false);
  assert.equal(parallel.size, count);
  assert.deepEqual(parallel.updatedAt, single.updatedAt);
  assert.deepEqual(parallel.createdAt, single.createdAt);
  for (const i of [0, 1, 5_000, Math.floor(count / 2) - 1, Math.floor(count / 2), Math.floor(count / 2) + 1, count - 1]) {
    assert.equal(parallel.json(i), single.json(i));
    assert.equal(JSON.parse(parallel.json(i)).updatedAt, formatTimestamp(parallel.updatedAt[i]!));
  }
  assert.equal(new Set(parallel.updatedAt).size, count);
  // The updatedAt order is complete and sorted, across the seam.
  const view = parallel.view("updatedAt", "asc");
  let previous = -Infinity;
  for (let k = 0; k < view.length; k++) {
    const value = parallel.updatedAt[view.at(k)]!;
    assert.ok(value > previous);
    previous = value;
  }
  const page = parallel.view("updatedAt", "asc", parallel.updatedAt[Math.floor(count / 2)]);
  assert.equal(page.length, [...parallel.updatedAt].filter((u) => u >= parallel.updatedAt[Math.floor(count / 2)]!).length);
  assert.notDeepEqual(buildRecordSetInParallel(new Prng(42), count, NOW, false).updatedAt, single.updatedAt);
});

test("a collision at the seam between the threads' halves moves the second record to a free second", () => {
  const createdAt = Float64Array.from([NOW - 100, NOW - 95, NOW - 50]);
  const updatedAt = Float64Array.from([NOW - 90, NOW - 90, NOW - 40]);
  const jsons = [...updatedAt].map((u) => `{"updatedAt":"${formatTimestamp(u)}"}`);
  const bytes = Buffer.from(jsons.map((json) => `${json},`).join(""));
  const ends = Float64Array.from(jsons.map((_, k) => jsons.slice(0, k + 1).reduce((sum, json) => sum + json.length + 1, 0) - 1));
  separateAtSeam({ createdAt, updatedAt, bytes, ends }, 1, 100_000, NOW);
  assert.equal(updatedAt[1], NOW - 95, "the first free second of its window");
  const records = JSON.parse(`[${bytes.toString().slice(0, -1)}]`);
  assert.deepEqual(records.map((r: { updatedAt: string }) => r.updatedAt), [NOW - 90, NOW - 95, NOW - 40].map(formatTimestamp));
  const untouched = Float64Array.from([NOW - 90, NOW - 80, NOW - 40]);
  separateAtSeam({ createdAt, updatedAt: untouched, bytes, ends }, 1, 100_000, NOW);
  assert.deepEqual([...untouched], [NOW - 90, NOW - 80, NOW - 40]);
});
