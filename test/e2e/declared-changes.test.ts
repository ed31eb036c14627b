/**
 * Declared resources that change: churn (updates, inserts, deletes) from each resource's own stream,
 * walks in the change cursor's order, tombstones, soft deletes, schema drift, the CSV export and export
 * jobs, reset, and a connector that syncs while records change and is told it ended up right.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChurnChange } from "../../src/run/settings.js";
import { MAX_CHANGES } from "../../src/data/changes.js";
import { getJson, send, start, type Started } from "../helpers.js";

const FILE = {
  resources: [
    {
      name: "charges", path: "/v1/charges", records: 40, cursor: "updated",
      fields: {
        id: { kind: "id" }, amount: { kind: "integer", min: 1, max: 9 },
        customer: { kind: "object", fields: { name: { kind: "text", text: "name" }, city: { kind: "text", text: "city", nullable: 0.5 } } },
        tags: { kind: "array", items: { kind: "enum", values: ["a", "b"] }, min: 0, max: 2 },
        created: { kind: "timestamp" }, updated: { kind: "timestamp" },
      },
      api: { pagination: { style: "keyset", cursor: "starting_after" }, envelope: { data: "data", hasMore: "has_more" }, order: { parameter: "direction" } },
    },
    {
      name: "deals", path: "/crm/deals", records: 30,
      fields: { id: { kind: "id", format: "sequence" }, stage: { kind: "enum", values: ["new", "won"] }, modified: { kind: "timestamp" } },
      api: { pagination: { style: "cursor", cursor: "after" }, envelope: { data: "results", next: "paging.next.after" }, incremental: "since", order: { parameter: "direction" } },
      changes: { deletedField: "archived_at", tombstones: "/crm/deals/archived", drift: { score: { kind: "integer", min: 0, max: 100 } } },
    },
  ],
};
const MIX = "update:1,insert:1,delete:1";
type Row = Record<string, unknown>;

/** What the verifier says of these rows. */
async function verify(server: Started, resource: string, rows: string): Promise<any> {
  const reply = await send(server.url, `/__playground/verify?resource=${resource}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: rows });
  return JSON.parse(reply.text);
}

async function post(server: Started, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const reply = await send(server.url, path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: reply.status, body: JSON.parse(reply.text) };
}

/** Every record of a resource, page by page (keyset for charges, cursor for deals). */
async function walk(server: Started, resource: "charges" | "deals", query = ""): Promise<Row[]> {
  const rows: Row[] = [];
  let next: string | null = resource === "charges" ? `/v1/charges?limit=7${query}` : `/crm/deals?limit=7${query}`;
  for (let guard = 0; next !== null && guard < 100; guard++) {
    const { status, body } = await getJson(server.url, next);
    assert.equal(status, 200, next);
    if (resource === "charges") {
      rows.push(...body.data);
      // A keyset walk repeats its filter and direction; a cursor keeps its own.
      next = body.has_more ? `/v1/charges?limit=7&starting_after=${String(body.data.at(-1).id)}${query}` : null;
    } else {
      rows.push(...body.results);
      next = body.paging.next.after === null ? null : `/crm/deals?limit=7&after=${body.paging.next.after}`;
    }
  }
  return rows;
}

const seconds = (text: unknown): number => Date.parse(String(text)) / 1000;
const byResource = (changes: readonly ChurnChange[], name?: string): ChurnChange[] => changes.filter((change) => change.resource === name);

test("churn changes each declared resource from its own stream; the built-in records change as they did without a file", async () => {
  const withFile = await start({ seed: 5, records: 50, churnMix: MIX, resources: FILE });
  const without = await start({ seed: 5, records: 50, churnMix: MIX });
  const replica = await start({ seed: 5, records: 50, churnMix: MIX, resources: FILE });
  try {
    for (const server of [withFile, without, replica]) server.advance(100_000);
    const changes = withFile.playground.churn(6);
    assert.deepEqual(byResource(changes), without.playground.churn(6), "the built-in records' changes");
    assert.deepEqual(replica.playground.churn(6), changes, "a replica with the same seed and file changes the same");
    for (const name of ["charges", "deals"]) {
      const its = byResource(changes, name);
      assert.ok(its.length >= 6 && its.length <= 18, `${name}: ${its.length} changes in 6 ticks`);
      assert.deepEqual(new Set(its.map((change) => change.kind)), new Set(["update", "insert", "delete"]), name);
    }
    // Inserted deals continue the sequence: 31, 32, ...
    assert.deepEqual(byResource(changes, "deals").filter((change) => change.kind === "insert").map((change) => change.id),
      Array.from({ length: byResource(changes, "deals").filter((change) => change.kind === "insert").length }, (_, k) => String(31 + k)));
    const [first, second] = await Promise.all([walk(withFile, "charges"), walk(replica, "charges")]);
    assert.deepEqual(first, second, "replicas serve the same records after the same churn");
  } finally {
    await Promise.all([withFile, without, replica].map((server) => server.playground.close()));
  }
});

test("after churn a walk lists every live record once in the change cursor's order; changed records come last; tombstones list the deletes", async () => {
  const server = await start({ seed: 9, churnMix: MIX, resources: FILE });
  try {
    const before = await walk(server, "charges");
    server.advance(100_000);
    const changes = byResource(server.playground.churn(5), "charges");
    const after = await walk(server, "charges");
    const deleted = changes.filter((change) => change.kind === "delete").map((change) => change.id);
    const inserted = changes.filter((change) => change.kind === "insert").map((change) => change.id);
    const updated = changes.filter((change) => change.kind === "update").map((change) => change.id);
    assert.equal(after.length, 40 + inserted.length - deleted.length);
    assert.equal(new Set(after.map((row) => row.id)).size, after.length, "each record once");
    const unchanged = before.filter((row) => !deleted.includes(row.id as string) && !updated.includes(row.id as string));
    // Untouched records keep their order and bytes; then every changed or inserted one, oldest change first.
    assert.deepEqual(after.slice(0, unchanged.length), unchanged);
    assert.deepEqual(after.slice(unchanged.length).map((row) => [row.id, row.updated]),
      changes.filter((change) => change.kind !== "delete").map((change) => [change.id, change.updatedAt]));
    for (let k = 1; k < after.length; k++) assert.ok(seconds(after[k]!.updated) > seconds(after[k - 1]!.updated), `row ${k} in cursor order`);
    // An inserted record is a whole record: created when inserted, every field of its kind.
    const fresh = after.find((row) => row.id === inserted[0])!;
    assert.deepEqual(Object.keys(fresh), ["id", "amount", "customer", "tags", "created", "updated"]);
    assert.ok(seconds(fresh.created) <= seconds(fresh.updated), "created before its change");
    const tombstones = await getJson(server.url, "/v1/charges/deleted");
    assert.deepEqual(tombstones.body, { data: changes.filter((change) => change.kind === "delete").map((change) => ({ id: change.id, deleted_at: change.deletedAt })) });
    // The filter keeps deletions at or after its time, like the list's.
    const last = changes.filter((change) => change.kind === "delete").at(-1)!;
    assert.deepEqual((await getJson(server.url, `/v1/charges/deleted?updated_since=${last.deletedAt}`)).body, { data: [{ id: last.id, deleted_at: last.deletedAt }] });
    // The verifier agrees: the walk after churn is right, the one before is not.
    const rows = (list: Row[]): string => JSON.stringify(list.map((row) => ({ id: row.id, updated: row.updated })));
    const good = await verify(server, "charges", rows(after));
    assert.equal(good.ok, true, JSON.stringify(good));
    const old = await verify(server, "charges", rows(before));
    assert.deepEqual([old.ok, old.missing.count, old.stale.count, old.deleted.count], [false, inserted.length, new Set(updated.filter((id) => !deleted.includes(id))).size, deleted.length]);
    // Sequence ids, a renamed deleted field and tombstone path, and the declared incremental parameter.
    const deals = byResource(server.playground.churn(1), "deals");
    const dealsAfter = await walk(server, "deals");
    assert.ok(dealsAfter.every((row) => typeof row.id === "number"), "sequence ids are numbers");
    const archived = (await getJson(server.url, "/crm/deals/archived")).body.results as Row[];
    assert.deepEqual(archived.map((row) => [String(row.id), row.archived_at]), [...byResource(changes, "deals"), ...deals].filter((change) => change.kind === "delete").map((change) => [change.id, change.deletedAt]));
    const latest = dealsAfter.at(-1)!;
    assert.deepEqual((await walk(server, "deals", `&since=${String(latest.modified)}`)), [latest]);
  } finally {
    await server.playground.close();
  }
});

test("after churn both directions walk every live record once, newest change first when descending, with and without a filter", async () => {
  const server = await start({ seed: 12, churnMix: MIX, resources: FILE });
  try {
    server.advance(100_000);
    server.playground.churn(6);
    for (const resource of ["charges", "deals"] as const) {
      const ascending = await walk(server, resource);
      const descending = await walk(server, resource, "&direction=desc");
      assert.deepEqual(descending, [...ascending].reverse(), resource);
      const cursor = resource === "charges" ? "updated" : "modified";
      const middle = String(ascending[Math.floor(ascending.length / 2)]![cursor]);
      const filter = resource === "charges" ? `&updated_since=${middle}` : `&since=${middle}`;
      const kept = ascending.filter((row) => String(row[cursor]) >= middle);
      assert.deepEqual(await walk(server, resource, filter), kept, `${resource} filtered`);
      assert.deepEqual(await walk(server, resource, `${filter}&direction=desc`), [...kept].reverse(), `${resource} filtered, descending`);
    }
  } finally {
    await server.playground.close();
  }
});

test("a connector that syncs while records change, then syncs again from its high-water mark and applies tombstones, is told it is right", async () => {
  const server = await start({ seed: 3, churnMix: MIX, resources: FILE });
  try {
    const held = new Map<string, string>();
    let mark = "";
    const keep = (rows: Row[]): void => {
      for (const row of rows) {
        held.set(String(row.id), String(row.updated));
        if (String(row.updated) > mark) mark = String(row.updated);
      }
    };
    // The first sync: a page, then churn (1 to 3 changes a tick), as long as pages come.
    let next: string | null = "/v1/charges?limit=6";
    while (next !== null) {
      const { body } = await getJson(server.url, next);
      keep(body.data);
      server.advance(10_000);
      server.playground.churn(2);
      next = body.has_more ? `/v1/charges?limit=6&starting_after=${String(body.data.at(-1).id)}` : null;
    }
    // Each sync ends with the tombstones since the previous sync's mark (the first: all of them).
    const forget = async (query: string): Promise<void> => {
      for (const tombstone of (await getJson(server.url, `/v1/charges/deleted${query}`)).body.data as Row[]) held.delete(String(tombstone.id));
    };
    await forget("");
    // The next sync: everything changed at or after the mark, and the tombstones since it.
    const since = mark;
    server.advance(10_000);
    server.playground.churn(2);
    keep(await walk(server, "charges", `&updated_since=${since}`));
    await forget(`?updated_since=${since}`);
    const rows = JSON.stringify([...held].map(([id, updated]) => ({ id, updated })));
    const report = await verify(server, "charges", rows);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.expected, held.size);
  } finally {
    await server.playground.close();
  }
});

test("soft deletes keep deleted records listed with the declared field set; schema drift adds the declared fields last; reset undoes both", async () => {
  const server = await start({ seed: 4, churnMix: "delete:1", softDelete: true, resources: FILE });
  try {
    const first = await getJson(server.url, "/crm/deals?limit=3");
    assert.deepEqual(first.body.results.map((row: Row) => Object.keys(row)), Array(3).fill(["id", "stage", "modified", "archived_at"]));
    assert.deepEqual(first.body.results.map((row: Row) => row.archived_at), [null, null, null]);
    server.advance(100_000);
    const deletes = byResource(server.playground.churn(3), "deals");
    const deals = await walk(server, "deals");
    assert.equal(deals.length, 30, "soft-deleted records stay listed");
    const gone = deals.filter((row) => row.archived_at !== null);
    assert.deepEqual(gone.map((row) => [String(row.id), row.archived_at, row.modified]), deletes.map((change) => [change.id, change.deletedAt, change.deletedAt]));
    assert.deepEqual((await post(server, "/__playground/schema-drift", {})).status, 200);
    const drifted = await getJson(server.url, "/crm/deals?limit=2");
    assert.deepEqual(drifted.body.results.map((row: Row) => Object.keys(row)), Array(2).fill(["id", "stage", "modified", "archived_at", "score"]));
    const charge = (await getJson(server.url, "/v1/charges?limit=1")).body.data[0] as Row;
    assert.deepEqual(Object.keys(charge), ["id", "amount", "customer", "tags", "created", "updated", "deleted_at", "phone"]);
    assert.match(String(charge.phone), /^\+1-\d{3}-\d{3}-\d{4}$/);
    assert.equal((await post(server, "/__playground/reset", {})).status, 200);
    assert.deepEqual((await getJson(server.url, "/crm/deals?limit=3")).body, first.body);
  } finally {
    await server.playground.close();
  }
});

test("the CSV export of a declared resource: nested members as dotted columns, arrays as JSON, nulls empty, deleted and drift columns", async () => {
  const server = await start({ seed: 6, churnMix: "delete:1", softDelete: true, resources: FILE });
  try {
    server.advance(100_000);
    server.playground.churn(1);
    await post(server, "/__playground/schema-drift", {});
    const rows = await walk(server, "charges");
    const csv = await send(server.url, "/export/csv/charges");
    assert.equal(csv.status, 200);
    assert.equal(csv.headers["content-disposition"], "attachment; filename=charges_export.csv");
    const lines = csv.text.split("\r\n");
    assert.equal(lines[0], "id,amount,customer.name,customer.city,tags,created,updated,deleted_at,phone");
    const cell = (value: unknown): string => {
      if (value === null) return "";
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll("\"", "\"\"")}"` : text;
    };
    // The export lists records in creation order; the walk in the change cursor's (the deleted one moved last).
    const byId = new Map(rows.map((row) => [row.id, row]));
    const exported = lines.slice(1, -1);
    assert.equal(exported.length, 40);
    for (const line of exported) {
      const row = byId.get(line.slice(0, 36))!;
      const customer = row.customer as Row;
      assert.equal(line, [row.id, row.amount, customer.name, customer.city, row.tags, row.created, row.updated, row.deleted_at, row.phone].map(cell).join(","));
    }
    assert.equal(lines.at(-1), "");
  } finally {
    await server.playground.close();
  }
});

test("an export job of a declared resource: its snapshot as NDJSON, named in the status; an unknown resource is a 400", async () => {
  const server = await start({ seed: 2, churnMix: MIX, resources: FILE });
  try {
    server.advance(100_000);
    server.playground.churn(2);
    const created = await post(server, "/export/jobs", { format: "ndjson", resource: "deals" });
    assert.equal(created.status, 202);
    const snapshot = await walk(server, "deals");
    // Churn after the job was made does not reach its file.
    server.advance(100_000);
    server.playground.churn(2);
    const status = (await getJson(server.url, `/export/jobs/${created.body.job_id}`)).body;
    assert.deepEqual([status.resource, status.status, status.records], ["deals", "completed", snapshot.length]);
    const file = await send(server.url, `/export/jobs/${created.body.job_id}/file`);
    const lines = file.text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Row);
    assert.deepEqual(lines, [...snapshot].sort((a, b) => Number(a.id) - Number(b.id)));
    assert.deepEqual(await post(server, "/export/jobs", { format: "csv", resource: "invoices" }),
      { status: 400, body: { error: "Invalid value for 'resource': name one of charges, deals; got 'invoices'" } });
    assert.deepEqual(await post(server, "/export/jobs", { format: "csv", when: 1 }),
      { status: 400, body: { error: "Unexpected field 'when': use format, updated_since, compression and resource" } });
  } finally {
    await server.playground.close();
  }
});

test("the request log names a declared resource's churn changes with the resource", async () => {
  const lines: string[] = [];
  const server = await start({ seed: 8, records: 10, resources: { resources: [FILE.resources[1]!] }, log: (line) => lines.push(line) });
  try {
    server.advance(10_000);
    const changes = server.playground.churn(1);
    const deals = byResource(changes, "deals");
    assert.ok(deals.length > 0, "deals changed");
    assert.deepEqual(lines, [`[churn] ${changes.length} record(s) updated: ${changes.map((c) => `${c.resource === undefined ? "" : "deals "}${c.id} -> ${c.updatedAt}`).join(", ")}`]);
  } finally {
    await server.playground.close();
  }
});

test("the sync summary counts a page read again after only a declared resource changed as a fair re-read, not a repeat", async () => {
  const server = await start({ seed: 2, records: 1, churnMix: "delete:1", resources: FILE });
  try {
    server.advance(100_000);
    server.playground.churn(1);
    const page = "/crm/deals?limit=5";
    await send(server.url, page);
    server.advance(10_000);
    const second = server.playground.churn(1);
    // The built-in records' only record is gone: this change was the declared resources' alone.
    assert.deepEqual(byResource(second), []);
    assert.ok(byResource(second, "deals").length > 0, "deals changed");
    await send(server.url, page);
    await send(server.url, page);
    const summary = server.playground.summary().find((entry) => entry.endpoint === "/crm/deals")!;
    assert.deepEqual([summary.pages, summary.repeatedPages], [3, 1]);
  } finally {
    await server.playground.close();
  }
});

test("one change history for the run: the built-in records and every declared resource together keep at most MAX_CHANGES", async () => {
  const small = (name: string) => ({ name, path: `/v1/${name}`, records: 50, fields: { id: { kind: "id" }, at: { kind: "timestamp" } } });
  const server = await start({ records: 1000, churnMix: MIX, resources: { resources: [small("a"), small("b"), small("c")] } });
  try {
    let total = 0;
    let reply = await post(server, "/__playground/churn", { ticks: 1000 });
    for (let calls = 0; reply.status === 200 && calls < 200; calls++) {
      total += (reply.body.changed as unknown[]).length;
      server.advance(3_000_000);
      reply = await post(server, "/__playground/churn", { ticks: 1000 });
    }
    assert.deepEqual(reply, { status: 409, body: { error: `The change history is full (${MAX_CHANGES} changes since the start or the last reset): POST /__playground/reset to start over` } });
    // Full means no room for one more tick of up to three changes in each of the four sets.
    assert.ok(total <= MAX_CHANGES && total > MAX_CHANGES - 12, `${total} changes kept`);
    assert.equal((await post(server, "/__playground/reset", {})).status, 200);
    server.advance(3_000_000);
    assert.equal((await post(server, "/__playground/churn", { ticks: 1 })).status, 200);
  } finally {
    await server.playground.close();
  }
});
