/** A billion records over real HTTP: totals and pages by computation, churn, the sync summary and the verifier, all without per-record memory. */
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import { getJson, send, start } from "../helpers.js";

const BILLION = 1_000_000_000;
const EPOCH = Date.UTC(2026, 5, 1);

function post(url: URL, path: string, body: string, type = "application/json"): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: "POST", headers: { "Content-Type": type } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; }).on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("a billion records: totals, last pages, filters, steps and cursors answer exactly, and memory stays small", async () => {
  const rssBefore = process.memoryUsage().rss;
  const server = await start({ seed: 8, records: BILLION, now: () => EPOCH });
  try {
    const offset = await getJson(server.url, "/pagination/offset?limit=2&offset=999999998");
    assert.equal(offset.status, 200);
    assert.equal(offset.body.total, BILLION);
    // One-second slots: the last record is updated the second before the epoch, the one before it a second earlier.
    assert.deepEqual(offset.body.data.map((r: { updatedAt: string }) => r.updatedAt), ["2026-05-31T23:59:58Z", "2026-05-31T23:59:59Z"]);
    const pages = await getJson(server.url, "/pagination/page_number?per_page=50&page=20000000");
    assert.equal(pages.body.total_items, BILLION);
    assert.equal(pages.body.total_pages, 20_000_000);
    assert.equal(pages.body.data.length, 50);
    // A filter an hour before the epoch keeps exactly 3,600 records, in either order.
    const filtered = await getJson(server.url, "/pagination/offset?limit=1&updated_since=2026-05-31T23:00:00Z&order_by=createdAt&order_type=desc");
    assert.equal(filtered.body.total, 3600);
    assert.equal(filtered.body.data[0].updatedAt, "2026-05-31T23:59:59Z");
    const since = await getJson(server.url, "/incremental/timestamp?since=2026-05-31T23:59:56Z");
    assert.deepEqual(since.body.data.map((r: { updatedAt: string }) => r.updatedAt), ["2026-05-31T23:59:57Z", "2026-05-31T23:59:58Z", "2026-05-31T23:59:59Z"]);
    const step = await getJson(server.url, "/incremental/step?start_id=999999999&end_id=1000000005");
    assert.deepEqual(step.body.data.map((r: { id: string }) => r.id), ["999999999", "1000000000"]);
    const keyset = await getJson(server.url, "/pagination/keyset?updated_since=2026-05-31T23:59:00Z");
    assert.equal(keyset.body.total_count, 60);
    assert.equal(keyset.body.data.length, 50);
    // The first record's id is the same on every start with this seed and epoch (a pure function of both).
    const first = (await getJson(server.url, "/pagination/offset?limit=1&order_by=createdAt")).body.data[0];
    const again = await start({ seed: 8, records: BILLION, now: () => EPOCH });
    try {
      assert.deepEqual((await getJson(again.url, "/pagination/offset?limit=1&order_by=createdAt")).body.data[0], first);
    } finally {
      await again.playground.close();
    }
    assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, "no per-record memory");
  } finally {
    await server.playground.close();
  }
});

test("a billion records under churn: inserts and deletes show in totals and tombstones; the summary and the verifier answer in bounded memory", async () => {
  let now = EPOCH;
  const server = await start({ seed: 9, records: BILLION, now: () => now, churnMix: "update:1,insert:1,delete:1" });
  try {
    now += 3_600_000;
    const churned = await post(server.url, "/__playground/churn", JSON.stringify({ ticks: 300 }));
    assert.equal(churned.status, 200);
    const changes = churned.body.changed as { kind: string; id: string; updatedAt: string }[];
    const inserts = changes.filter((c) => c.kind === "insert").length;
    const deletes = changes.filter((c) => c.kind === "delete").length;
    assert.ok(inserts > 50 && deletes > 50, `${inserts} inserts, ${deletes} deletes`);
    const total = (await getJson(server.url, "/pagination/offset?limit=1")).body.total;
    assert.equal(total, BILLION + inserts - deletes);
    const tombstones = (await getJson(server.url, "/incremental/deleted")).body.data as { id: string }[];
    assert.deepEqual(tombstones.map((t) => t.id), changes.filter((c) => c.kind === "delete").map((c) => c.id));
    // What changed comes last in updatedAt order, in the order it changed (deleted ones gone).
    const latest = (await getJson(server.url, `/pagination/offset?limit=50&offset=${total - 50}`)).body.data as { id: string; updatedAt: string }[];
    const deleted = new Set(tombstones.map((t) => t.id));
    const lastChanges = new Map<string, string>();
    for (const change of changes) if (!deleted.has(change.id)) lastChanges.set(change.id, change.updatedAt);
    const expected = [...lastChanges.entries()].sort((a, b) => a[1].localeCompare(b[1])).slice(-50);
    assert.deepEqual(latest.map((r) => [r.id, r.updatedAt]), expected);
    // The summary counts distinct records served, with bitmap pages only where records were served.
    await send(server.url, "/pagination/offset?limit=50&offset=500000000");
    await send(server.url, "/pagination/offset?limit=50&offset=500000025");
    const summary = (await getJson(server.url, "/__playground/summary")).body.endpoints.find((e: { endpoint: string }) => e.endpoint === "/pagination/offset");
    // The total's one record, the latest 50, then 50 + 50 overlapping by 25.
    assert.equal(summary.recordsServed, 151);
    assert.equal(summary.distinctRecords, 126);
    assert.equal(summary.recordsServedMoreThanOnce, 25);
    // The verifier: two of the latest records held (one stale), one deleted id, one unknown id.
    const rows = [
      { id: latest[48]!.id, updatedAt: latest[48]!.updatedAt },
      { id: latest[49]!.id, updatedAt: "2020-01-01T00:00:00Z" },
      { id: tombstones[0]!.id, updatedAt: "2020-01-01T00:00:00Z" },
      { id: "00000000-0000-4000-8000-000000000000", updatedAt: "2020-01-01T00:00:00Z" },
    ];
    const report = await post(server.url, "/__playground/verify", JSON.stringify(rows));
    assert.equal(report.status, 200);
    assert.equal(report.body.ok, false);
    assert.equal(report.body.expected, total);
    assert.equal(report.body.received, 4);
    assert.equal(report.body.missing.count, total - 2);
    assert.equal(report.body.missing.ids.length, 100);
    assert.deepEqual(report.body.stale, { count: 1, ids: [latest[49]!.id] });
    assert.deepEqual(report.body.deleted, { count: 1, ids: [tombstones[0]!.id] });
    assert.deepEqual(report.body.unknown, { count: 1, ids: ["00000000-0000-4000-8000-000000000000"] });
    const firstIds: string[] = [];
    for (const offset of [0, 50, 100]) firstIds.push(...(await getJson(server.url, `/pagination/offset?limit=50&offset=${offset}&order_by=createdAt`)).body.data.map((r: { id: string }) => r.id));
    assert.deepEqual(report.body.missing.ids, firstIds.filter((id: string) => !deleted.has(id)).slice(0, 100));
  } finally {
    await server.playground.close();
  }
});

test("a client that stops reading a billion-record answer early: the journal and summary count what was sent, and the server answers at once", async () => {
  const server = await start({ seed: 10, records: BILLION, now: () => EPOCH });
  try {
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(new URL("/incremental/timestamp", server.url), (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > 200_000) {
            req.destroy();
            resolve(bytes);
          }
        });
      });
      req.on("error", (error) => (error.message.includes("socket hang up") || error.message.includes("aborted") ? undefined : reject(error)));
      req.end();
    });
    assert.ok(received > 200_000);
    let summary: { recordsServed: number; distinctRecords: number } | undefined;
    for (let attempt = 0; attempt < 100 && summary === undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      summary = (await getJson(server.url, "/__playground/summary")).body.endpoints.find((e: { endpoint: string }) => e.endpoint === "/incremental/timestamp");
    }
    assert.ok(summary !== undefined, "the aborted answer is recorded");
    // Counted as the socket took each chunk: far fewer than a billion.
    assert.ok(summary.recordsServed > 0 && summary.recordsServed < 1_000_000, `${summary.recordsServed} records counted`);
    assert.equal(summary.distinctRecords, summary.recordsServed, JSON.stringify(summary));
    const entry = (await getJson(server.url, "/__playground/requests")).body.find((e: { path: string }) => e.path === "/incremental/timestamp");
    assert.equal(entry.records.count, summary.recordsServed);
    // The records counted are those in the chunks taken (each record's JSON is 250 to 400 bytes here).
    assert.ok(entry.responseBytes >= summary.recordsServed * 250 && entry.responseBytes <= summary.recordsServed * 400 + 65_536, `${summary.recordsServed} records in ${entry.responseBytes} bytes`);
  } finally {
    await server.playground.close();
  }
});
