/** Records written straight into bytes: the same bytes as their text, for every kind of record and setting. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { Prng } from "../../src/data/prng.js";
import { RecordSet, type UserRecord } from "../../src/data/records.js";
import { byteChunks, csvChunks, csvWriter, giveChunkBack, ndjsonChunks, ndjsonWriter } from "../../src/data/serialize.js";
import { pickChurn } from "../../src/simulate/churn.js";

const NOW = Math.floor(Date.UTC(2026, 10, 28, 12, 0, 0) / 1000);

/** Every record's JSON and CSV written into bytes at an odd offset, compared with its text. */
function assertSameBytes(set: RecordSet, what: string): void {
  const out = Buffer.alloc(8192);
  for (let i = 0; i < set.size; i++) {
    const end = set.writeJson(i, out, 7);
    assert.equal(out.subarray(7, end).toString("utf8"), set.json(i), `${what}: record ${i} JSON`);
    const rowEnd = set.writeCsvRow(i, out, 5);
    assert.equal(out.subarray(5, rowEnd).toString("utf8"), set.csvRow(i), `${what}: record ${i} CSV`);
  }
}

test("generated records, inserted ones, soft deletes and schema drift: bytes equal text", () => {
  for (const softDelete of [false, true]) {
    const set = RecordSet.procedural(11, 300, NOW, softDelete);
    assertSameBytes(set, `fresh, soft ${softDelete}`);
    const rng = new Prng(5);
    for (let tick = 0; tick < 40; tick++) set.apply(pickChurn(set, rng, NOW + 1000 + tick * 10, 2, { update: 2, insert: 1, delete: 1 }));
    assert.ok(set.size > 300 && set.deletions().length > 0, "churn inserted and deleted");
    assertSameBytes(set, `after churn, soft ${softDelete}`);
    set.drift(true);
    assertSameBytes(set, `drifted, soft ${softDelete}`);
  }
});

test("records given as objects (text that needs escaping) and a billion-record base: bytes equal text", () => {
  const records: UserRecord[] = [
    { id: "a\"b", name: "Zo\u00eb \"Q\" Smith", email: "z@example.net", address: "1 A St,\nB", company: "Nguyen, Nash and King", job: "\u2028", createdAt: 10, updatedAt: 20 },
    { id: "plain", name: "A", email: "b", address: "c", company: "d", job: "e", createdAt: 30, updatedAt: 40 },
  ];
  assertSameBytes(RecordSet.from(records), "objects");
  const huge = RecordSet.procedural(3, 1_000_000_000, NOW);
  const out = Buffer.alloc(1024);
  for (const i of [0, 1, 499_999_999, 999_999_999]) {
    assert.equal(out.subarray(0, huge.writeJson(i, out, 0)).toString(), huge.json(i), `record ${i}`);
    assert.equal(out.subarray(0, huge.writeCsvRow(i, out, 0)).toString(), huge.csvRow(i), `record ${i}`);
  }
});

test("a record that does not fit is asked to be written again into a buffer of its size", () => {
  const set = RecordSet.procedural(11, 10, NOW);
  const small = Buffer.alloc(100);
  // Without room for the fast path the text is written when it fits, else the size it needs is returned.
  assert.equal(set.writeJson(0, small, 0), -Buffer.byteLength(set.json(0)));
  assert.equal(set.writeCsvRow(0, small, 0), -Buffer.byteLength(set.csvRow(0)));
  const exact = Buffer.alloc(Buffer.byteLength(set.csvRow(0)));
  assert.equal(set.writeCsvRow(0, exact, 0), exact.length);
  assert.equal(exact.toString(), set.csvRow(0));
});

test("chunks: the CSV and NDJSON documents are the rows' text joined, in chunks of at most 64 KiB, rows counted as they are taken", () => {
  const set = RecordSet.procedural(11, 2000, NOW, true);
  const csv = [...csvChunks(set)];
  assert.ok(csv.length > 2 && csv.every((chunk) => chunk.length <= 65_536), `${csv.length} chunks`);
  const expected = set.csvHeader() + Array.from({ length: 2000 }, (_, i) => set.csvRow(i)).join("");
  assert.equal(Buffer.concat(csv).toString(), expected);
  const view = set.view("updatedAt", "desc");
  assert.equal(Buffer.concat([...ndjsonChunks(set, view)]).toString(), Array.from(view.positions(0, view.length), (i) => `${set.json(i)}\n`).join(""));
  // A JSON array with a head, commas and a tail; each chunk's rows reported once the chunk is taken.
  const counts: number[] = [];
  const chunks = [...byteChunks(view, (i, out, at) => set.writeJson(i, out, at), "{\"data\":[", 0x2c, "]}", (n) => counts.push(n))];
  assert.equal(JSON.parse(Buffer.concat(chunks).toString()).data.length, 2000);
  assert.equal(counts.reduce((sum, n) => sum + n, 0), 2000);
  assert.equal(counts.length, chunks.length);
  // Rows whose text is longer than a chunk get a buffer of their own.
  const long: UserRecord[] = [{ id: "x", name: "n".repeat(70_000), email: "e", address: "a", company: "c", job: "j", createdAt: 1, updatedAt: 2 },
    { id: "y", name: "short", email: "e", address: "a", company: "c", job: "j", createdAt: 3, updatedAt: 4 }];
  const objects = RecordSet.from(long);
  const parts = [...ndjsonChunks(objects, objects.listed())];
  assert.equal(Buffer.concat(parts).toString(), `${objects.json(0)}\n${objects.json(1)}\n`);
  const tailOnly = [...byteChunks({ length: 0, positions: () => [] }, () => 0, "", -1, "]".repeat(70_000))];
  assert.equal(Buffer.concat(tailOnly).toString(), "]".repeat(70_000));
});

test("long streams written by the row workers: the same bytes as in this thread, for CSV, NDJSON and JSON, with churn, soft deletes and drift", async () => {
  const { rowStream, useRowWorkers, PARALLEL_MIN_ROWS, BLOCK_ROWS } = await import("../../src/run/row-pool.js");
  // Whatever this machine's cores (on two there are none by default), one worker is used here.
  useRowWorkers(1);
  const set = RecordSet.procedural(5, PARALLEL_MIN_ROWS + BLOCK_ROWS + 17, NOW, true);
  const rng = new Prng(9);
  for (let tick = 0; tick < 30; tick++) set.apply(pickChurn(set, rng, NOW + 1000 + tick * 10, 3, { update: 2, insert: 1, delete: 1 }));
  set.drift(true);
  const collect = async (chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts);
  };
  for (const [name, view] of [["creation order", set.listed()], ["updatedAt order", set.view("updatedAt", "asc")]] as const) {
    // The workers are used (an async stream) and give the text's bytes; the inserted records' block is written here.
    const csv = rowStream(set, view, "csv", set.csvHeader());
    assert.equal(Symbol.asyncIterator in csv, true, "written by the workers");
    assert.equal((await collect(csv)).toString(), set.csvHeader() + Array.from(view.positions(0, view.length), (i) => set.csvRow(i)).join(""), `${name}: CSV`);
    assert.equal((await collect(rowStream(set, view, "ndjson"))).toString(), Array.from(view.positions(0, view.length), (i) => `${set.json(i)}\n`).join(""), `${name}: NDJSON`);
    const counts: number[] = [];
    const json = await collect(rowStream(set, view, "json", "{\"data\":[", "]}", (n) => counts.push(n)));
    assert.equal(json.toString(), `{"data":[${set.joinedJson(view.positions(0, view.length))}]}`, `${name}: JSON`);
    assert.equal(counts.reduce((sum, n) => sum + n, 0), view.length);
  }
  // At most MAX_PARALLEL_STREAMS at once: the next is written in this thread until one ends.
  const { MAX_PARALLEL_STREAMS } = await import("../../src/run/row-pool.js");
  const open = Array.from({ length: MAX_PARALLEL_STREAMS }, () => (rowStream(set, set.listed(), "csv") as AsyncIterable<Buffer>)[Symbol.asyncIterator]());
  for (const stream of open) await stream.next();
  assert.equal(Symbol.asyncIterator in rowStream(set, set.listed(), "csv"), false, "one more than the cap");
  for (const stream of open) await stream.return?.(undefined);
  assert.equal(Symbol.asyncIterator in rowStream(set, set.listed(), "csv"), true, "room again");
  // A short stream, or records given as objects, are written in this thread.
  assert.equal(Symbol.asyncIterator in rowStream(set, set.view("updatedAt", "asc", NOW + 1000), "csv"), false);
  const objects = RecordSet.from([{ id: "x", name: "n", email: "e", address: "a", company: "c", job: "j", createdAt: 1, updatedAt: 2 }]);
  assert.equal(Buffer.concat([...(rowStream(objects, objects.listed(), "csv") as Iterable<Buffer>)]).toString(), objects.csvRow(0));
  // No workers: even a long stream is written in this thread, with the same bytes.
  useRowWorkers(0);
  const here = rowStream(set, set.listed(), "csv", set.csvHeader());
  assert.equal(Symbol.asyncIterator in here, false, "written in this thread");
  assert.equal(Buffer.concat([...(here as Iterable<Buffer>)]).toString(), set.csvHeader() + Array.from(set.listed().positions(0, set.listed().length), (i) => set.csvRow(i)).join(""));
});

/** The CSV of every listed record, written by the row workers (it fails unless they write it). */
async function csvByWorkers(set: RecordSet): Promise<string> {
  const { rowStream } = await import("../../src/run/row-pool.js");
  const stream = rowStream(set, set.listed(), "csv", set.csvHeader());
  assert.equal(Symbol.asyncIterator in stream, true, "written by the workers");
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

test("a row worker stopped mid-stream: that stream fails, the next long stream starts a new pool (three times a run), then streams are written in this thread", async () => {
  const { rowStream, useRowWorkers, stopRowWorkers, PARALLEL_MIN_ROWS, MAX_POOL_RESTARTS } = await import("../../src/run/row-pool.js");
  useRowWorkers(1);
  const set = RecordSet.procedural(6, PARALLEL_MIN_ROWS * 4, NOW);
  const expected = set.csvHeader() + Array.from(set.listed().positions(0, set.size), (i) => set.csvRow(i)).join("");
  const stream = rowStream(set, set.listed(), "csv", set.csvHeader());
  assert.equal(Symbol.asyncIterator in stream, true, "written by the workers");
  const reading = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await reading.next();
  assert.equal(first.value?.toString(), set.csvHeader());
  await stopRowWorkers();
  let read = first.value?.length ?? 0;
  await assert.rejects(async () => {
    for (let next = await reading.next(); next.done !== true; next = await reading.next()) read += next.value.length;
  }, /a row worker stopped/);
  assert.equal(read < Buffer.byteLength(expected), true, `cut short: ${read} of ${Buffer.byteLength(expected)} bytes`);
  assert.equal(MAX_POOL_RESTARTS, 3);
  // Each failed pool is replaced at the next long stream, three times.
  for (let restart = 1; restart <= MAX_POOL_RESTARTS; restart++) {
    assert.equal(await csvByWorkers(set), expected, `restart ${restart}`);
    await stopRowWorkers();
  }
  const here = rowStream(set, set.listed(), "csv", set.csvHeader());
  assert.equal(Symbol.asyncIterator in here, false, "written in this thread after the fourth failure");
  assert.equal(Buffer.concat([...(here as Iterable<Buffer>)]).toString(), expected);
  useRowWorkers(1);
  assert.equal(await csvByWorkers(set), expected, "useRowWorkers starts afresh");
});

test("useRowWorkers: the same size keeps the pool; an idle pool of another size is stopped, and the next long stream starts one of the new size", async () => {
  const { rowStream, useRowWorkers, rowPoolSize, PARALLEL_MIN_ROWS } = await import("../../src/run/row-pool.js");
  const set = RecordSet.procedural(7, PARALLEL_MIN_ROWS * 2, NOW);
  const expected = set.csvHeader() + Array.from(set.listed().positions(0, set.size), (i) => set.csvRow(i)).join("");
  const written = (): Promise<string> => csvByWorkers(set);
  useRowWorkers(1);
  assert.equal(await written(), expected);
  assert.equal(rowPoolSize(), 1);
  useRowWorkers(1);
  assert.equal(rowPoolSize(), 1, "the same size: kept");
  useRowWorkers(2);
  assert.equal(rowPoolSize(), undefined, "another size, idle: stopped");
  assert.equal(await written(), expected);
  assert.equal(rowPoolSize(), 2, "started at the next long stream with the new size");
  useRowWorkers(0);
  assert.equal(rowPoolSize(), undefined);
  assert.equal(Symbol.asyncIterator in rowStream(set, set.listed(), "csv"), false, "none: written in this thread");
});

test("row workers by cores: two fewer than the cores, at most four, none on one or two", async () => {
  const { rowWorkersFor } = await import("../../src/run/row-pool.js");
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 64].map(rowWorkersFor), [0, 0, 1, 2, 3, 4, 4, 4]);
});

test("the built-in records' CSV and NDJSON streams are the same bytes on every build: 120,000 records of a million, with churn, soft deletes and drift, pinned by SHA-256", () => {
  const digests: string[] = [];
  for (const [softDelete, drifted] of [[false, false], [true, true]] as const) {
    const set = RecordSet.procedural(77, 1_000_000, NOW, softDelete);
    const rng = new Prng(8);
    for (let tick = 0; tick < 30; tick++) set.apply(pickChurn(set, rng, NOW + 1000 + tick * 10, 3, { update: 2, insert: 1, delete: 1 }));
    set.drift(drifted);
    assert.ok(set.size > 1_000_000 && set.deletions().length > 0, "churn inserted and deleted");
    // Every third of the first 360,000 positions, then the inserted records.
    const positions = [...Array.from({ length: 120_000 }, (_, k) => k * 3), ...Array.from({ length: set.size - 1_000_000 }, (_, k) => 1_000_000 + k)];
    const rows = { length: positions.length, positions: (start: number, count: number) => positions.slice(start, start + count) };
    for (const write of [csvWriter(set), ndjsonWriter(set)]) {
      const hash = createHash("sha256");
      for (const chunk of byteChunks(rows, write)) hash.update(chunk);
      digests.push(hash.digest("hex"));
    }
  }
  // Written before the copies of fragments took eight bytes at a time.
  assert.deepEqual(digests, [
    "c5b95265202a8897a2b1f860b9cffe3befed480c8c5c833cca4879264d375e5c",
    "e18f110f4ed259bfb895aec96adf439cb5e289da84022044948de7913d60c966",
    "31e00aae82b58b8b479c0e2defdb92621e177da77bd8ee55291b51e680d87369",
    "19705820fd64fe6c6e69c436c3a77ac5fb5fb3e7a84ab20039fe190ef9102d9a",
  ]);
});

test("chunk buffers given back are written again by the next chunks (at most 16 kept); foreign buffers and a second give are ignored", () => {
  const set = RecordSet.procedural(11, 3000, NOW);
  const expected = set.csvHeader() + Array.from({ length: 3000 }, (_, i) => set.csvRow(i)).join("");
  // A stream whose chunks are copied as they come and each given back at once: every chunk after the
  // first is written into the buffer given back before it, and the document is still whole.
  const copies: Buffer[] = [];
  const memories = new Set<ArrayBufferLike>();
  for (const chunk of csvChunks(set)) {
    copies.push(Buffer.from(chunk));
    memories.add(chunk.buffer);
    giveChunkBack(chunk);
    giveChunkBack(chunk);
  }
  assert.ok(copies.length >= 5, `${copies.length} chunks`);
  assert.equal(memories.size, 1);
  assert.equal(Buffer.concat(copies).toString(), expected);
  // Chunks held by their reader are never written again: a second stream read whole before any give.
  const held = [...csvChunks(set)];
  assert.equal(new Set(held.map((chunk) => chunk.buffer)).size, held.length);
  assert.equal(Buffer.concat(held).toString(), expected);
  // Given back twice, a chunk is lent once: two streams' first chunks are two buffers.
  const first = csvChunks(set).next().value as Buffer;
  giveChunkBack(first);
  giveChunkBack(first);
  giveChunkBack(Buffer.alloc(65_536));
  const [a, b] = [csvChunks(set).next().value as Buffer, csvChunks(set).next().value as Buffer];
  assert.notEqual(a.buffer, b.buffer);
  assert.ok(a.buffer === first.buffer || b.buffer === first.buffer);
  // At most 16 spare: 20 chunks given back, then 20 taken: 16 of them are old buffers.
  const given = Array.from({ length: 20 }, () => csvChunks(set).next().value as Buffer);
  given.forEach((chunk) => giveChunkBack(chunk));
  const old = new Set(given.map((chunk) => chunk.buffer));
  const taken = Array.from({ length: 20 }, () => csvChunks(set).next().value as Buffer);
  assert.equal(taken.filter((chunk) => old.has(chunk.buffer)).length, 16);
});
