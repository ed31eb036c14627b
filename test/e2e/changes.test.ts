/** Data that changes like production data, end to end: churn mixes, tombstones, soft deletes, and what each pagination style promises under change. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { getJson, send, start, type Started } from "../helpers.js";

interface Row { id: string; updatedAt: string; deletedAt?: string | null }

/** Every record the lists hold now, by id (from the incremental endpoint without since). */
async function truth(server: Started): Promise<Map<string, string>> {
  const { body } = await getJson(server.url, "/incremental/timestamp");
  return new Map((body.data as Row[]).map((row) => [row.id, row.updatedAt]));
}

/** Churns `ticks` ticks, one at a time, moving the clock on so each has free seconds. */
function churn(server: Started, ticks: number): void {
  for (let tick = 0; tick < ticks; tick++) {
    server.advance(5_000);
    server.playground.churn(1);
  }
}

test("a mirror kept by /incremental/timestamp plus /incremental/deleted stays exact across 1,000 seeded ticks of mixed churn", async () => {
  const server = await start({ seed: 8, records: 80, churnMix: "update:6,insert:2,delete:2" });
  try {
    const mirror = new Map<string, string>();
    // A second mirror that never reads the tombstones.
    const naive = new Map<string, string>();
    let since: string | undefined;
    let deletedSince: string | undefined;
    const sync = async (): Promise<void> => {
      const changed = await getJson(server.url, `/incremental/timestamp${since === undefined ? "" : `?since=${since}`}`);
      for (const row of changed.body.data as Row[]) {
        mirror.set(row.id, row.updatedAt);
        naive.set(row.id, row.updatedAt);
      }
      if (changed.body.data.length > 0) since = (changed.body.data.at(-1) as Row).updatedAt;
      const deleted = await getJson(server.url, `/incremental/deleted${deletedSince === undefined ? "" : `?since=${deletedSince}`}`);
      for (const row of deleted.body.data as Row[]) mirror.delete(row.id);
      if (deleted.body.data.length > 0) deletedSince = (deleted.body.data.at(-1) as Row).deletedAt as string;
    };
    await sync();
    const kinds = { update: 0, insert: 0, delete: 0 };
    for (let round = 0; round < 100; round++) {
      for (let tick = 0; tick < 10; tick++) {
        server.advance(5_000);
        for (const change of server.playground.churn(1)) kinds[change.kind]++;
      }
      await sync();
      if (round % 25 === 24) assert.deepEqual(mirror, await truth(server), `round ${round}`);
    }
    assert.deepEqual(mirror, await truth(server));
    assert.ok(kinds.insert > 200 && kinds.delete > 200 && kinds.update > 700, JSON.stringify(kinds));
    // Totals follow: the lists hold what was generated, plus inserts, minus deletes.
    const { body } = await getJson(server.url, "/pagination/offset?limit=1");
    assert.equal(body.total, 80 + kinds.insert - kinds.delete);
    const tombstones = (await getJson(server.url, "/incremental/deleted")).body.data as Row[];
    assert.equal(tombstones.length, kinds.delete);
    assert.deepEqual(tombstones.map((row) => row.deletedAt), tombstones.map((row) => row.deletedAt).sort());
    // The verifier agrees: the mirror is right; the naive one still holds exactly the deleted records it had seen.
    const verify = async (held: Map<string, string>): Promise<any> => JSON.parse((await send(server.url, "/__playground/verify", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify([...held].map(([id, updatedAt]) => ({ id, updatedAt }))),
    })).text);
    const good = await verify(mirror);
    assert.deepEqual([good.ok, good.expected, good.received], [true, mirror.size, mirror.size]);
    const bad = await verify(naive);
    const stillHeld = tombstones.filter((row) => naive.has(row.id)).map((row) => row.id);
    assert.ok(stillHeld.length > 100);
    assert.deepEqual([bad.ok, bad.deleted.count, bad.missing.count, bad.stale.count, bad.unknown.count, bad.duplicated.count], [false, stillHeld.length, 0, 0, 0, 0]);
    assert.deepEqual(new Set(bad.deleted.ids), new Set([...naive.keys()].filter((id) => stillHeld.includes(id)).slice(0, 100)));
  } finally {
    await server.playground.close();
  }
});

test("a hard delete leaves every list, the CSV export, the step range and the totals; tombstones answer strictly after since", async () => {
  const server = await start({ seed: 8, records: 20, churnMix: "delete:1" });
  try {
    // Creation order before the delete: position k + 1 is the k-th record.
    const created = ((await getJson(server.url, "/pagination/offset?limit=50&order_by=createdAt")).body.data as Row[]).map((row) => row.id);
    server.advance(10_000);
    const changes = server.playground.churn(1);
    assert.ok(changes.length >= 1 && changes.every((change) => change.kind === "delete" && change.deletedAt !== undefined));
    const gone = new Set(changes.map((change) => change.id));
    const { body: offset } = await getJson(server.url, "/pagination/offset?limit=50");
    assert.equal(offset.total, 20 - gone.size);
    assert.equal(offset.data.some((row: Row) => gone.has(row.id)), false);
    const csv = (await send(server.url, "/export/csv")).text;
    assert.equal(csv.trim().split("\r\n").length, 1 + 20 - gone.size);
    for (const id of gone) assert.equal(csv.includes(id), false);
    // Step ids are creation positions: the deleted ones leave gaps.
    const step = (await getJson(server.url, "/incremental/step?start_id=1&end_id=20")).body.data as Row[];
    assert.deepEqual(step.map((row) => row.id), created.flatMap((id, k) => (gone.has(id) ? [] : [String(k + 1)])));
    const tombstones = (await getJson(server.url, "/incremental/deleted")).body;
    assert.deepEqual(tombstones, { data: changes.map((change) => ({ id: change.id, deletedAt: change.deletedAt })) });
    const first = changes[0]!.deletedAt!;
    assert.deepEqual((await getJson(server.url, `/incremental/deleted?since=${first}`)).body.data, tombstones.data.slice(1));
    assert.deepEqual((await getJson(server.url, "/incremental/deleted?since=2999-01-01T00:00:00Z")).body, { data: [] });
    const bad = await getJson(server.url, "/incremental/deleted?since=yesterday");
    assert.deepEqual([bad.status, bad.body], [400, { error: "Invalid date format for 'since'. Must end with 'Z' for UTC" }]);
    // Reset brings them back.
    server.playground.reset();
    assert.equal((await getJson(server.url, "/pagination/offset?limit=1")).body.total, 20);
    assert.deepEqual((await getJson(server.url, "/incremental/deleted")).body, { data: [] });
  } finally {
    await server.playground.close();
  }
});

test("--soft-delete keeps deleted records listed with deletedAt (null on live ones), moves their updatedAt, and adds a CSV column", async () => {
  const server = await start({ seed: 8, records: 20, churnMix: "delete:1", softDelete: true });
  try {
    const first = (await getJson(server.url, "/pagination/offset?limit=50")).body;
    assert.equal(first.data.every((row: Row) => row.deletedAt === null), true);
    assert.deepEqual(Object.keys(first.data[0]), ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt", "deletedAt"]);
    server.advance(10_000);
    const changes = server.playground.churn(1);
    const { body } = await getJson(server.url, "/incremental/timestamp");
    assert.equal(body.data.length, 20, "still listed");
    for (const change of changes) {
      const row = (body.data as Row[]).find((r) => r.id === change.id)!;
      assert.equal(row.deletedAt, change.deletedAt);
      assert.equal(row.updatedAt, change.deletedAt, "a soft delete is a change an incremental sync sees");
    }
    // The deleted come last in updatedAt order (they changed last).
    assert.deepEqual((body.data as Row[]).slice(-changes.length).map((r) => r.id), changes.map((c) => c.id));
    const csv = (await send(server.url, "/export/csv")).text.split("\r\n");
    assert.equal(csv[0], "id,name,email,address,company,job,createdAt,updatedAt,deletedAt");
    const deletedLine = csv.find((line) => line.startsWith(changes[0]!.id))!;
    assert.ok(deletedLine.endsWith(`,${changes[0]!.deletedAt}`), deletedLine);
    const deletedIds = new Set(changes.map((change) => change.id));
    const rows = csv.slice(1).filter((line) => line !== "");
    assert.equal(rows.length, 20);
    for (const line of rows) if (!deletedIds.has(line.slice(0, 36))) assert.ok(line.endsWith(","), `live rows end with an empty deletedAt: ${line}`);
    assert.equal((await getJson(server.url, "/incremental/deleted")).body.data.length, changes.length);
    assert.equal(server.playground.config().softDelete, true);
  } finally {
    await server.playground.close();
  }
});

test("under churn, offset pages skip and repeat records while a keyset walk still sees every record (the lesson)", async () => {
  const offsetServer = await start({ seed: 12, records: 100 });
  const keysetServer = await start({ seed: 12, records: 100, churnMix: "update:3,insert:1" });
  try {
    const existing = new Set((await truth(offsetServer)).keys());
    // Offset walk in the default order (updatedAt ascending) with updates between pages.
    const seen: string[] = [];
    for (let offset = 0; ; offset += 10) {
      const { body } = await getJson(offsetServer.url, `/pagination/offset?limit=10&offset=${offset}`);
      seen.push(...(body.data as Row[]).map((row) => row.id));
      if (offset + 10 >= body.total) break;
      churn(offsetServer, 1);
    }
    const skipped = [...existing].filter((id) => !seen.includes(id));
    const repeated = seen.filter((id, k) => seen.indexOf(id) !== k);
    assert.ok(skipped.length > 0, "an offset walk under updates skips records");
    assert.ok(repeated.length > 0, "and repeats the ones that moved behind it");
    // Keyset walk: every record that existed for the whole walk is seen, and one not changed during the walk exactly once.
    const before = await truth(keysetServer);
    const keysetSeen: Row[] = [];
    let scroll: string | null = null;
    for (;;) {
      const { body }: { body: { data: Row[]; scroll_param: string | null } } =
        await getJson(keysetServer.url, `/pagination/keyset${scroll === null ? "" : `?scroll_param=${encodeURIComponent(scroll)}`}`);
      keysetSeen.push(...body.data);
      if (body.scroll_param === null) break;
      scroll = body.scroll_param;
      churn(keysetServer, 1);
    }
    const after = await truth(keysetServer);
    for (const [id, updatedAt] of before) {
      const times = keysetSeen.filter((row) => row.id === id);
      assert.ok(times.length >= 1, `${id} seen`);
      if (after.get(id) === updatedAt) assert.equal(times.length, 1, `${id} unchanged, seen once`);
      // The last version seen is the latest: a changed record is seen again after its change.
      assert.equal(times.at(-1)!.updatedAt, after.get(id));
    }
  } finally {
    await offsetServer.playground.close();
    await keysetServer.playground.close();
  }
});

test("churn mixes are checked where they are given: createServer, the control endpoint", async () => {
  const { createServer } = await import("../../src/server.js");
  assert.throws(() => createServer({ churnMix: "update:1,upsert:2" }), /churnMix must give whole-number weights 0-1000/);
  assert.throws(() => createServer({ churnMix: { update: 0 } }), /churnMix must give/);
  assert.equal(createServer({ churnMix: { insert: 1 } }).config().churnMix, "insert:1");
  const server = await start({ seed: 3, records: 10 });
  try {
    server.advance(30_000);
    const reply = await send(server.url, "/__playground/churn", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ticks: 2, mix: "insert:1" }) });
    assert.equal(reply.status, 200);
    const answer = JSON.parse(reply.text) as { changed: { kind: string }[] };
    assert.ok(answer.changed.length >= 2 && answer.changed.every((change) => change.kind === "insert"));
    const bad = await send(server.url, "/__playground/churn", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mix: "nope" }) });
    assert.deepEqual([bad.status, JSON.parse(bad.text)], [400, { error: 'Invalid request body: mix must look like "update:8,insert:1,delete:1", got "nope"' }]);
  } finally {
    await server.playground.close();
  }
});

test("the sync summary keeps counting when inserts grow the records past its bitmaps", async () => {
  const server = await start({ seed: 3, records: 14, churnMix: "insert:1" });
  try {
    await getJson(server.url, "/incremental/timestamp");
    churn(server, 8);
    const all = (await getJson(server.url, "/incremental/timestamp")).body.data as Row[];
    assert.ok(all.length > 16, `${all.length} records`);
    const summary = server.playground.summary().find((entry) => entry.endpoint === "/incremental/timestamp")!;
    // Each incremental answer is a sync run of its own: the second counts every record once, inserted ones included.
    assert.deepEqual([summary.runs, summary.distinctRecords, summary.recordsServedMoreThanOnce, summary.recordsServed], [2, all.length, 0, 14 + all.length]);
    assert.equal(server.playground.config().records, all.length);
  } finally {
    await server.playground.close();
  }
});

test("the request log names each churn change: the updates-only line as before, and kinds with a mix", async () => {
  const lines: string[] = [];
  const server = await start({ seed: 8, records: 10, churnMix: "insert:1,delete:1", log: (line) => lines.push(line) });
  try {
    server.advance(10_000);
    const changes = server.playground.churn(2);
    const described = changes.map((c) => (c.kind === "insert" ? `inserted ${c.id} at ${c.updatedAt}` : `deleted ${c.id} at ${c.deletedAt}`));
    assert.deepEqual(lines, [`[churn] ${changes.length} change(s): ${described.join(", ")}`]);
  } finally {
    await server.playground.close();
  }
  const updatesOnly: string[] = [];
  const plain = await start({ seed: 8, records: 10, log: (line) => updatesOnly.push(line) });
  try {
    plain.advance(10_000);
    const changes = plain.playground.churn(1);
    assert.deepEqual(updatesOnly, [`[churn] ${changes.length} record(s) updated: ${changes.map((c) => `${c.id} -> ${c.updatedAt}`).join(", ")}`]);
  } finally {
    await plain.playground.close();
  }
});
