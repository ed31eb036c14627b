/** Declared resources over HTTP: each paging style walked to the end, the envelope, filters, field kinds, references, auth, errors. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createServer, type Playground } from "../../src/server.js";
import { PlaygroundError } from "../../src/errors.js";
import { send } from "../helpers.js";

const EPOCH = "2026-01-01T00:00:00Z";

/** One resource per style, all with the same fields, so each walk can be compared with the others. */
const FIELDS = {
  id: { kind: "id" },
  name: { kind: "text", text: "name" },
  email: { kind: "text", text: "email", nullable: 0.25 },
  customer: { kind: "reference", resource: "customers" },
  amount: { kind: "decimal", min: 10, max: 500, scale: 2 },
  quantity: { kind: "integer", min: -3, max: 3 },
  status: { kind: "enum", values: { paid: 3, open: 1, void: 0 } },
  tier: { kind: "enum", values: ["gold", "silver"] },
  active: { kind: "boolean", trueShare: 1 },
  due: { kind: "date" },
  created: { kind: "timestamp" },
  address: { kind: "object", fields: { city: { kind: "text", text: "city" }, phone: { kind: "text", text: "phone" } } },
  tags: { kind: "array", items: { kind: "text", text: "words" }, min: 1, max: 3 },
  note: { kind: "text", text: "sentence" },
  updated: { kind: "timestamp" },
};
const STYLES = {
  offset: { pagination: { style: "offset" }, envelope: { data: "data", total: "total", hasMore: "has_more", next: "next_offset" } },
  page: { pagination: { style: "page", limit: "per_page", page: "p" }, envelope: { data: "items", total: "meta.total", next: "meta.next_page" } },
  next_url: { pagination: { style: "next_url" }, envelope: { data: "data" } },
  link: { pagination: { style: "link" }, envelope: { data: "" } },
  cursor: { pagination: { style: "cursor", cursor: "after" }, envelope: { data: "results", next: "paging.next.after" } },
  keyset: { pagination: { style: "keyset", cursor: "starting_after" }, envelope: { data: "data", hasMore: "has_more" } },
} as const;
const COUNT = 53;
const RESOURCES = {
  resources: [
    { name: "customers", path: "/v1/customers", records: 20, fields: { id: { kind: "id", format: "sequence" }, name: { kind: "text", text: "name" }, modified: { kind: "timestamp" } } },
    ...Object.entries(STYLES).map(([style, api]) => ({ name: `by_${style}`, path: `/v1/${style}`, records: COUNT, fields: FIELDS, cursor: "updated",
      api: { ...api, order: { parameter: "direction" } } })),
    { name: "huge", path: "/v1/huge", records: 1_000_000_000, fields: { id: { kind: "id" }, at: { kind: "timestamp" } }, api: { pagination: { style: "offset" }, envelope: { total: "total" } } },
    { name: "secret", path: "/v1/secret", records: 5, fields: { id: { kind: "id" }, at: { kind: "timestamp" } }, api: { auth: "bearer" } },
  ],
};

type Row = Record<string, unknown> & { id: string; updated: string };
let playground: Playground;
let url: URL;
before(async () => {
  playground = createServer({ seed: 7, epoch: EPOCH, resources: RESOURCES, log: false });
  url = await playground.listen(0);
});
after(() => playground.close());

async function getJson(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  const reply = await send(url, path, { headers });
  return { status: reply.status, body: JSON.parse(reply.text), headers: reply.headers };
}

/** Walks a style to its end as a client would, following what the answer says; returns the records in order. */
async function walk(style: keyof typeof STYLES, query = ""): Promise<Row[]> {
  const rows: Row[] = [];
  const base = `/v1/${style}`;
  let next: string | null = `${base}?${style === "page" ? "per_page" : "limit"}=10${query}`;
  for (let guard = 0; next !== null && guard < 100; guard++) {
    const { status, body, headers } = await getJson(next);
    assert.equal(status, 200, next);
    switch (style) {
      case "offset":
        rows.push(...body.data);
        next = body.has_more ? `${base}?limit=10&offset=${rows.length}${query}` : null;
        break;
      case "page":
        rows.push(...body.items);
        next = body.meta.next_page === null ? null : `${base}?per_page=10&p=${body.meta.next_page}${query}`;
        break;
      case "next_url":
        rows.push(...body.data);
        next = body.next_page_url === null ? null : new URL(body.next_page_url).pathname + new URL(body.next_page_url).search;
        break;
      case "link": {
        rows.push(...body);
        const match = /<([^>]+)>; rel="next"/.exec(String(headers.link));
        next = match === null ? null : new URL(match[1]!).pathname + new URL(match[1]!).search;
        break;
      }
      case "cursor":
        rows.push(...body.results);
        next = body.paging.next.after === null ? null : `${base}?limit=10&after=${body.paging.next.after}`;
        break;
      case "keyset":
        rows.push(...body.data);
        next = body.has_more ? `${base}?limit=10&starting_after=${rows.at(-1)!.id}${query}` : null;
        break;
    }
  }
  return rows;
}

test("every style walks to the end with every record exactly once, in the same order, and the same records", async () => {
  const reference = await walk("offset");
  assert.equal(reference.length, COUNT);
  assert.equal(new Set(reference.map((row) => row.id)).size, COUNT);
  const cursors = reference.map((row) => row.updated);
  assert.deepEqual(cursors, [...cursors].sort());
  assert.equal(new Set(cursors).size, COUNT);
  for (const style of ["page", "next_url", "link", "cursor", "keyset"] as const) {
    const rows = await walk(style);
    // Same seed, same fields: the same records under another resource name are other records, so compare shapes and counts.
    assert.equal(rows.length, COUNT, style);
    assert.equal(new Set(rows.map((row) => row.id)).size, COUNT, style);
    assert.deepEqual(rows.map((row) => row.updated), [...rows.map((row) => row.updated)].sort(), style);
  }
});

test("both orders: every style walks descending too, each record once, newest first, with the filter as well", async () => {
  for (const style of ["offset", "page", "next_url", "link", "cursor", "keyset"] as const) {
    const ascending = await walk(style);
    const descending = await walk(style, "&direction=desc");
    assert.deepEqual(descending.map((row) => row.id), ascending.map((row) => row.id).reverse(), style);
    const since = ascending[40]!.updated;
    const filtered = await walk(style, `&direction=desc&updated_since=${since}`);
    assert.deepEqual(filtered.map((row) => row.id), ascending.slice(40).map((row) => row.id).reverse(), `${style} filtered`);
  }
  assert.deepEqual((await getJson("/v1/offset?direction=up")).body, { error: "Invalid value for 'direction'. Use 'asc' or 'desc'" });
  const after = (await getJson("/v1/cursor?limit=1&direction=desc")).body.paging.next.after as string;
  assert.deepEqual((await getJson(`/v1/cursor?after=${after}&direction=asc`)).body,
    { error: "Invalid value for 'after'. Pass back paging.next.after from the previous answer unchanged" });
  assert.equal((await getJson(`/v1/cursor?after=${after}&direction=desc`)).status, 200);
});

test("the incremental filter: a walk from a record's change cursor returns it and every later one, exactly once", async () => {
  const all = await walk("offset");
  const since = all[40]!.updated;
  for (const style of ["offset", "page", "next_url", "link", "cursor", "keyset"] as const) {
    const everything = await walk(style);
    const from = everything.findIndex((row) => row.updated >= since);
    const rows = await walk(style, `&updated_since=${since}`);
    assert.deepEqual(rows.map((row) => row.id), everything.slice(from).map((row) => row.id), style);
  }
  const { body } = await getJson(`/v1/offset?limit=1&updated_since=${since}`);
  assert.equal(body.total, COUNT - 40);
});

test("field kinds: each value in its declared range and shape; nullable ones are sometimes null; references name real records", async () => {
  const rows = await walk("offset");
  const customers = (await getJson("/v1/customers?limit=100")).body.data as { id: number }[];
  assert.deepEqual(customers.map((customer) => customer.id), Array.from({ length: 20 }, (_, i) => i + 1));
  for (const row of rows) {
    assert.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(row.name as string, /^[A-Z][a-z]+ [A-Z][a-z'-]+/);
    assert.ok(row.email === null || /^[^@\s]+@example\.(com|net|org)$/.test(row.email as string), String(row.email));
    assert.ok(Number.isInteger(row.customer) && (row.customer as number) >= 1 && (row.customer as number) <= 20, `customer ${String(row.customer)}`);
    const amount = row.amount as number;
    assert.ok(amount >= 10 && amount <= 500 && Number(amount.toFixed(2)) === amount, `amount ${amount}`);
    assert.ok(Number.isInteger(row.quantity) && (row.quantity as number) >= -3 && (row.quantity as number) <= 3, `quantity ${String(row.quantity)}`);
    assert.ok(row.status === "paid" || row.status === "open", String(row.status));
    assert.ok(row.tier === "gold" || row.tier === "silver", String(row.tier));
    assert.equal(row.active, true);
    assert.match(row.due as string, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(row.created as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok((row.created as string) <= row.updated, `${String(row.created)} after ${row.updated}`);
    const address = row.address as { city: string; phone: string };
    assert.deepEqual(Object.keys(address), ["city", "phone"]);
    assert.match(address.phone, /^\+1-\d{3}-\d{3}-\d{4}$/);
    const tags = row.tags as string[];
    assert.ok(tags.length >= 1 && tags.length <= 3 && tags.every((tag) => /^[a-z]+( [a-z]+)+$/.test(tag)), JSON.stringify(tags));
    assert.match(row.note as string, /^[A-Z][a-z]*( [a-z]+){5,}\.$/);
    assert.deepEqual(Object.keys(row), Object.keys(FIELDS));
  }
  const nulls = rows.filter((row) => row.email === null).length;
  assert.ok(nulls > 0 && nulls < COUNT, `${nulls} null emails of ${COUNT}`);
});

test("the envelope as declared: dot paths, a bare array with Link, absolute next_page_url; the same bytes on every start", async () => {
  const page = (await getJson("/v1/page?per_page=5&p=11")).body;
  assert.deepEqual(Object.keys(page), ["items", "meta"]);
  assert.deepEqual(page.meta, { total: COUNT, next_page: null });
  assert.equal(page.items.length, 3);
  const link = await getJson("/v1/link?limit=10&page=2");
  assert.ok(Array.isArray(link.body), "a bare array");
  assert.equal(link.headers.link, [1, 1, 3, 6].map((n, i) => `<${url.origin}/v1/link?page=${n}&limit=10>; rel="${["first", "prev", "next", "last"][i]}"`).join(", "));
  const nextUrl = (await getJson("/v1/next_url?limit=10&updated_since=2020-01-01T00:00:00Z")).body.next_page_url;
  assert.equal(nextUrl, `${url.origin}/v1/next_url?page=2&limit=10&updated_since=2020-01-01T00%3A00%3A00Z`);
  const again = createServer({ seed: 7, epoch: EPOCH, resources: RESOURCES, log: false });
  const againUrl = await again.listen(0);
  try {
    for (const path of ["/v1/offset?limit=50", "/v1/customers?limit=20", "/v1/huge?limit=5&offset=999999990"]) {
      assert.equal((await send(againUrl, path)).text, (await send(url, path)).text, path);
    }
  } finally {
    await again.close();
  }
});

test("ETags and 304s, and compression, as on the built-in endpoints", async () => {
  const first = await send(url, "/v1/offset?limit=5");
  const etag = first.headers.etag as string;
  assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
  assert.equal((await send(url, "/v1/offset?limit=5", { headers: { "If-None-Match": etag } })).status, 304);
  const gzip = await send(url, "/v1/offset?limit=50", { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(gzip.headers["content-encoding"], "gzip");
});

test("faults, scripts, the journal and the sync summary apply to declared paths as to the built-in ones", async () => {
  playground.clearRequests();
  playground.scriptFaults([{ path: "/v1/*", times: 1, status: 503, retryAfter: 1 }]);
  assert.equal((await send(url, "/v1/offset?limit=10")).status, 503);
  assert.equal((await send(url, "/v1/offset?limit=10")).status, 200);
  const entries = playground.requests();
  assert.deepEqual(entries.map((entry) => [entry.path, entry.status, entry.records?.count ?? null]), [["/v1/offset", 503, null], ["/v1/offset", 200, 10]]);
  const summary = playground.summary().find((endpoint) => endpoint.endpoint === "/v1/offset");
  assert.equal(summary?.recordsServed, 10);
  assert.equal(summary?.serverErrors, 1);
});

test("the edges of every style: past the end, the first and last page, a cursor or id before the filter, cursors that are not ours", async () => {
  assert.deepEqual((await getJson("/v1/offset?limit=10&offset=50")).body, { data: (await getJson("/v1/offset?limit=10&offset=50")).body.data, total: COUNT, has_more: false, next_offset: null });
  assert.equal((await getJson("/v1/offset?limit=10&offset=40")).body.next_offset, 50);
  assert.deepEqual((await getJson("/v1/offset?limit=10&offset=999")).body, { data: [], total: COUNT, has_more: false, next_offset: null });
  assert.deepEqual((await getJson("/v1/page?per_page=10&p=99")).body, { items: [], meta: { total: COUNT, next_page: null } });
  assert.equal((await getJson("/v1/page?per_page=10&p=5")).body.meta.next_page, 6);
  const firstLink = (await getJson("/v1/link?limit=60")).headers.link as string;
  assert.equal(firstLink, `<${url.origin}/v1/link?page=1&limit=60>; rel="first", <${url.origin}/v1/link?page=1&limit=60>; rel="last"`);
  const beyond = await getJson("/v1/link?limit=10&page=9");
  assert.deepEqual(beyond.body, []);
  assert.equal(beyond.headers.link, [1, 6, 6].map((n, i) => `<${url.origin}/v1/link?page=${n}&limit=10>; rel="${["first", "prev", "last"][i]}"`).join(", "));
  const all = await walk("keyset");
  const since = all[30]!.updated;
  const resumed = (await getJson(`/v1/keyset?limit=3&starting_after=${all[2]!.id}&updated_since=${since}`)).body.data as Row[];
  assert.deepEqual(resumed.map((row) => row.id), all.slice(30, 33).map((row) => row.id));
  const encoded = (text: string): string => Buffer.from(text).toString("base64url");
  for (const cursor of [encoded("p2:3:0:a"), encoded("c3:3:-"), encoded("c3:x:-:a"), encoded("c3:3:-:x"), encoded("c3:3:1e5:a"), encoded("c3:1234567890123:-:a"), "x".repeat(65)]) {
    assert.deepEqual((await getJson(`/v1/cursor?after=${cursor}`)).body, { error: "Invalid value for 'after'. Pass back paging.next.after from the previous answer unchanged" }, cursor);
  }
  // A cursor past the last record's second: nothing more; one before the first: the walk from the start.
  const cursorAll = await walk("cursor");
  assert.deepEqual((await getJson(`/v1/cursor?after=${encoded(`c3:${Date.parse(cursorAll.at(-1)!.updated) / 1000}:-:a`)}`)).body, { results: [], paging: { next: { after: null } } });
  const fromStart = (await getJson(`/v1/cursor?limit=2&after=${encoded("c3:0:-:a")}`)).body as { results: Row[] };
  assert.deepEqual(fromStart.results.map((row) => row.id), cursorAll.slice(0, 2).map((row) => row.id));
});

test("the sync summary sees one walk per style, whatever its parameters are called: one run, every record once", async () => {
  for (const style of ["offset", "page", "next_url", "link", "cursor", "keyset"] as const) {
    playground.clearRequests();
    await walk(style);
    const summary = playground.summary().find((endpoint) => endpoint.endpoint === `/v1/${style}`)!;
    assert.deepEqual([summary.runs, summary.pages, summary.recordsServed, summary.distinctRecords, summary.recordsServedMoreThanOnce, summary.stoppedBeforeLastPage],
      [1, 6, COUNT, COUNT, 0, false], style);
    await walk(style);
    const again = playground.summary().find((endpoint) => endpoint.endpoint === `/v1/${style}`)!;
    assert.deepEqual([again.runs, again.distinctRecords, again.recordsServedMoreThanOnce], [2, COUNT, 0], `${style}, walked again`);
  }
});

test("a billion computed records: the total, a page at the far end, and a filter in the middle", async () => {
  const first = (await getJson("/v1/huge?limit=2")).body;
  assert.equal(first.total, 1_000_000_000);
  const last = (await getJson("/v1/huge?limit=5&offset=999999998")).body;
  assert.equal(last.data.length, 2);
  const middle = (await getJson("/v1/huge?limit=1&offset=500000000")).body.data[0];
  const filtered = (await getJson(`/v1/huge?limit=1&updated_since=${middle.at}`)).body;
  assert.equal(filtered.data[0].id, middle.id);
  assert.equal(filtered.total, 500_000_000);
});

test("auth as declared, and errors in the built-in endpoints' words", async () => {
  const refused = await getJson("/v1/secret");
  assert.deepEqual([refused.status, refused.body, refused.headers["www-authenticate"]],
    [401, { error: "Authorization header is missing" }, 'Bearer realm="connector-playground"']);
  const ok = await getJson("/v1/secret", { Authorization: `Bearer ${playground.credentials.bearer}` });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.data.length, 5);
  const errors: [string, string][] = [
    ["/v1/offset?limit=0", "Invalid value for 'limit'. It should be between 1 and 100."],
    ["/v1/offset?offset=-1", "Invalid value for 'offset'. It must be greater than or equal to 0."],
    ["/v1/page?p=0", "Invalid value for 'p'. It must be greater than or equal to 1."],
    ["/v1/cursor?after=nope", "Invalid value for 'after'. Pass back paging.next.after from the previous answer unchanged"],
    ["/v1/keyset?starting_after=nope", "Invalid value for 'starting_after'. Pass the id of the last record of the previous page"],
    ["/v1/offset?updated_since=2024-01-01", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
    ["/v1/offset?page=2", "Unexpected query parameters: page"],
  ];
  for (const [path, error] of errors) assert.deepEqual((await getJson(path)).body, { error }, path);
  const typo = await getJson("/v1/ofset");
  assert.deepEqual([typo.status, typo.body, typo.headers["x-playground-hint"]], [404, { error: "Not found" }, "did you mean /v1/offset?"]);
  const after = (await getJson("/v1/cursor?limit=1")).body.paging.next.after as string;
  assert.deepEqual((await getJson(`/v1/cursor?after=${after}&updated_since=2020-01-01T00:00:00Z`)).body,
    { error: "You can only use 'updated_since' in the first request; later requests pass only 'after'" });
});

test("a bad resources option: one PlaygroundError listing every problem with its JSON path", () => {
  assert.throws(() => createServer({ resources: { resources: [{ name: "x", path: "/x", records: 0, fields: {} }] } }), (error: unknown) =>
    error instanceof PlaygroundError && error.message === "the resources have 2 problems:\n" +
      "  resources[0].records: must be from 1 to 1000000000 (got 0)\n" +
      "  resources[0].fields: must declare 1 to 50 fields (got 0)");
});

test("the verifier checks a sync of a declared resource by its own id field and change cursor", async () => {
  const verify = async (query: string, rows: unknown[]): Promise<{ status: number; body: any }> => {
    const reply = await fetch(new URL(`/__playground/verify${query}`, url), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(rows) });
    return { status: reply.status, body: await reply.json() };
  };
  const all = await walk("cursor");
  const synced = all.map((row) => ({ id: row.id, updated: row.updated }));
  const right = await verify("?resource=by_cursor", synced);
  assert.deepEqual(right, { status: 200, body: { ok: true, expected: COUNT, received: COUNT, missing: { count: 0, ids: [] }, duplicated: { count: 0, ids: [] },
    stale: { count: 0, ids: [] }, deleted: { count: 0, ids: [] }, unknown: { count: 0, ids: [] } } });
  const stale = { id: synced[3]!.id, updated: "2020-01-01T00:00:00Z" };
  const wrong = await verify("?resource=by_cursor", [...synced.slice(1, 3), stale, ...synced.slice(4), synced[2], { id: "nope", updated: "x" }]);
  assert.equal(wrong.body.ok, false);
  assert.deepEqual([wrong.body.missing, wrong.body.duplicated, wrong.body.stale, wrong.body.unknown],
    [{ count: 1, ids: [synced[0]!.id] }, { count: 1, ids: [synced[2]!.id] }, { count: 1, ids: [synced[3]!.id] }, { count: 1, ids: ["nope"] }]);
  // A sequence id is verified as the text a client holds; the customers' change cursor is "modified".
  const customers = ((await getJson("/v1/customers?limit=100")).body.data as { id: number; modified: string }[]).map(({ id, modified }) => ({ id, modified }));
  assert.equal((await verify("?resource=customers", customers)).body.ok, true);
  assert.deepEqual(await verify("?resource=orders", []), { status: 400, body: { error: "Invalid value for 'resource': name one of customers, by_offset, by_page, by_next_url, by_link, by_cursor, by_keyset, huge, secret; got 'orders'" } });
});
