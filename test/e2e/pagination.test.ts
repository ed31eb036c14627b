import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createServer } from "../../src/server.js";
import { FIXED_NOW, getJson, send, start, type Started } from "../helpers.js";

let server: Started;
let all: any[];

before(async () => {
  server = await start({ records: 200 });
  all = (await getJson(server.url, "/incremental/timestamp")).body.data;
});
after(() => server.playground.close());

const RECORD_KEYS = ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"];

function expected(orderBy: "createdAt" | "updatedAt", orderType: "asc" | "desc", since?: string): string[] {
  const kept = all.filter((r) => since === undefined || r.updatedAt >= since);
  kept.sort((a, b) => (a[orderBy] < b[orderBy] ? -1 : a[orderBy] > b[orderBy] ? 1 : 0));
  if (orderType === "desc") kept.reverse();
  return kept.map((r) => r.id);
}

function middleUpdatedAt(): string {
  return [...all].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1))[77].updatedAt;
}

test("the ground truth: 200 records in the contract's key order, updatedAt ascending and distinct", () => {
  assert.equal(all.length, 200);
  for (const record of all) assert.deepEqual(Object.keys(record), RECORD_KEYS);
  const updated = all.map((r) => r.updatedAt);
  assert.deepEqual(updated, [...updated].sort());
  assert.equal(new Set(updated).size, 200);
  assert.equal(new Set(all.map((r) => r.id)).size, 200);
});

for (const orderBy of ["createdAt", "updatedAt"] as const) {
  for (const orderType of ["asc", "desc"] as const) {
    for (const filtered of [false, true]) {
      const label = `${orderBy} ${orderType}${filtered ? " with updated_since" : ""}`;

      test(`next_page_url: following the URL walks every record exactly once (${label})`, async () => {
        const since = filtered ? middleUpdatedAt() : undefined;
        let path: string | null = `/pagination/next_page_url?per_page=7&order_by=${orderBy}&order_type=${orderType}${since ? `&updated_since=${since}` : ""}`;
        const seen: string[] = [];
        let page = 1;
        while (path !== null) {
          const { status, body } = await getJson(server.url, path);
          assert.equal(status, 200);
          assert.deepEqual(Object.keys(body), ["data", "total_items", "page", "per_page", "next_page_url"]);
          assert.equal(body.page, page);
          assert.equal(body.per_page, 7);
          seen.push(...body.data.map((r: any) => r.id));
          assert.equal(body.total_items, expected(orderBy, orderType, since).length);
          if (body.next_page_url !== null) {
            const next = new URL(body.next_page_url);
            assert.equal(next.origin, server.url.origin);
            assert.equal(next.search, `?page=${page + 1}&per_page=7&order_by=${orderBy}&order_type=${orderType}${since ? `&updated_since=${since}` : ""}`);
            path = next.pathname + next.search;
          } else {
            path = null;
          }
          page++;
        }
        assert.deepEqual(seen, expected(orderBy, orderType, since));
      });

      test(`page_number: pages 1..total_pages hold every record exactly once (${label})`, async () => {
        const since = filtered ? middleUpdatedAt() : undefined;
        const seen: string[] = [];
        const want = expected(orderBy, orderType, since);
        for (let page = 1; ; page++) {
          const { body } = await getJson(server.url, `/pagination/page_number?page=${page}&per_page=9&order_by=${orderBy}&order_type=${orderType}${since ? `&updated_since=${since}` : ""}`);
          assert.deepEqual(Object.keys(body), ["data", "page", "page_size", "total_pages", "total_items"]);
          assert.deepEqual([body.page, body.page_size, body.total_pages, body.total_items], [page, 9, Math.ceil(want.length / 9), want.length]);
          if (body.data.length === 0) {
            assert.equal(page, body.total_pages + 1);
            break;
          }
          seen.push(...body.data.map((r: any) => r.id));
        }
        assert.deepEqual(seen, want);
      });

      test(`offset: stepping by limit holds every record exactly once (${label})`, async () => {
        const since = filtered ? middleUpdatedAt() : undefined;
        const seen: string[] = [];
        const want = expected(orderBy, orderType, since);
        for (let offset = 0; ; offset += 13) {
          const { body } = await getJson(server.url, `/pagination/offset?offset=${offset}&limit=13&order_by=${orderBy}&order_type=${orderType}${since ? `&updated_since=${since}` : ""}`);
          assert.deepEqual(Object.keys(body), ["data", "offset", "limit", "total"]);
          assert.deepEqual([body.offset, body.limit, body.total], [offset, 13, want.length]);
          if (body.data.length === 0) break;
          seen.push(...body.data.map((r: any) => r.id));
        }
        assert.deepEqual(seen, want);
      });
    }
  }
}

for (const filtered of [false, true]) {
  test(`keyset: following scroll_param walks every record once, pages of 50, never an empty page with a token${filtered ? " (updated_since)" : ""}`, async () => {
    const since = filtered ? middleUpdatedAt() : undefined;
    const want = expected("updatedAt", "asc", since);
    let path: string | null = `/pagination/keyset${since ? `?updated_since=${since}` : ""}`;
    const seen: string[] = [];
    let first = true;
    while (path !== null) {
      const { status, body } = await getJson(server.url, path);
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ["data", "total_count", "scroll_param"]);
      if (first) assert.equal(body.total_count, want.length);
      else assert.equal(body.total_count, want.length - seen.length);
      first = false;
      assert.ok(body.data.length > 0 && body.data.length <= 50);
      seen.push(...body.data.map((r: any) => r.id));
      if (body.scroll_param === null) {
        path = null;
      } else {
        assert.equal(body.data.length, 50);
        const last = body.data[49].updatedAt;
        assert.equal(body.scroll_param, Buffer.from(last).toString("base64"));
        path = `/pagination/keyset?scroll_param=${encodeURIComponent(body.scroll_param)}`;
      }
    }
    assert.deepEqual(seen, want);
  });
}

test("keyset: exactly 50 remaining records give a last page with scroll_param null", async () => {
  const sorted = [...all].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
  const { body } = await getJson(server.url, `/pagination/keyset?updated_since=${sorted[150].updatedAt}`);
  assert.equal(body.data.length, 50);
  assert.equal(body.total_count, 50);
  assert.equal(body.scroll_param, null);
  const raw = (await getJson(server.url, `/pagination/keyset?scroll_param=${Buffer.from(sorted[149].updatedAt).toString("base64")}`)).body;
  assert.deepEqual(raw.data.map((r: any) => r.id), body.data.map((r: any) => r.id));
  const none = (await getJson(server.url, `/pagination/keyset?updated_since=2999-01-01T00:00:00Z`)).body;
  assert.deepEqual(none, { data: [], total_count: 0, scroll_param: null });
});

test("next_page_url: defaults, a page past the end, and the Host header in the URL", async () => {
  const { body } = await getJson(server.url, "/pagination/next_page_url");
  assert.equal(body.data.length, 10);
  assert.equal(body.next_page_url, `${server.url.origin}/pagination/next_page_url?page=2&per_page=10&order_by=updatedAt&order_type=asc`);
  const past = (await getJson(server.url, "/pagination/next_page_url?page=999")).body;
  assert.deepEqual(past, { data: [], total_items: 200, page: 999, per_page: 10, next_page_url: null });
  // A load balancer in front that keeps a loopback Host (here a .localhost name) is answered with it.
  const hosted = (await getJson(server.url, "/pagination/next_page_url?per_page=50", { Host: "api.localhost:8080" })).body;
  assert.equal(hosted.next_page_url, "http://api.localhost:8080/pagination/next_page_url?page=2&per_page=50&order_by=updatedAt&order_type=asc");
  // Bound publicly every Host is answered; a malformed one is not echoed: the socket's address stands in.
  const publicServer = createServer({ seed: 42, now: () => FIXED_NOW });
  const publicUrl = await publicServer.listen(0, "0.0.0.0");
  const hostile = (await getJson(publicUrl, "/pagination/next_page_url", { Host: "evil\"host" })).body;
  assert.equal(new URL(hostile.next_page_url).origin, publicUrl.origin);
  await publicServer.close();
  const last = (await getJson(server.url, "/pagination/next_page_url?page=4&per_page=50")).body;
  assert.equal(last.next_page_url, null);
  assert.equal(last.data.length, 50);
});

test("page_number and offset past the end give empty data; an empty parameter counts as absent", async () => {
  assert.deepEqual((await getJson(server.url, "/pagination/page_number?page=21")).body,
    { data: [], page: 21, page_size: 10, total_pages: 20, total_items: 200 });
  assert.deepEqual((await getJson(server.url, "/pagination/offset?offset=200&limit=50")).body, { data: [], offset: 200, limit: 50, total: 200 });
  const empty = (await getJson(server.url, "/pagination/offset?offset=&limit=&order_by=&order_type=&updated_since=")).body;
  assert.deepEqual([empty.offset, empty.limit, empty.total, empty.data.length], [0, 10, 200, 10]);
  const huge = (await getJson(server.url, "/pagination/offset?offset=9007199254740991")).body;
  assert.deepEqual(huge, { data: [], offset: 9007199254740991, limit: 10, total: 200 });
  const repeated = (await getJson(server.url, "/pagination/page_number?page=2&page=3&per_page=5")).body;
  assert.equal(repeated.page, 2);
});

test("updated_since is inclusive and accepts year 0001", async () => {
  const sorted = [...all].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
  const { body } = await getJson(server.url, `/pagination/offset?limit=1&updated_since=${sorted[10].updatedAt}`);
  assert.equal(body.total, 190);
  assert.equal(body.data[0].id, sorted[10].id);
  assert.equal((await getJson(server.url, "/pagination/offset?updated_since=0001-01-01T00:00:00Z")).body.total, 200);
  assert.equal((await getJson(server.url, "/pagination/offset?updated_since=2024-01-01T00%3A00%3A00Z")).body.total, 200);
});

const ERRORS: [string, string][] = [
  ["/pagination/next_page_url?foo=1&page=1&bar=2", "Unexpected query parameters: foo, bar"],
  ["/pagination/next_page_url?order_by=name", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
  ["/pagination/next_page_url?order_type=up", "Invalid value for 'order_type'. Use 'asc' or 'desc'"],
  ["/pagination/next_page_url?per_page=51", "Invalid value for 'per_page'. It should be between 1 and 50."],
  ["/pagination/next_page_url?per_page=abc", "Invalid value for 'per_page'. It should be between 1 and 50."],
  ["/pagination/next_page_url?page=0", "Invalid value for 'page'. It must be greater than or equal to 1."],
  ["/pagination/next_page_url?page=1.5", "Invalid value for 'page'. It must be greater than or equal to 1."],
  ["/pagination/next_page_url?updated_since=2024-01-01", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
  ["/pagination/next_page_url?updated_since=2024-02-30T00:00:00Z", "Invalid date format for 'updated_since'. Use 'YYYY-MM-DDTHH:MM:SSZ'"],
  ["/pagination/page_number?order_by=id", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
  ["/pagination/page_number?order_type=DESC", "Invalid value for 'order_type'. Use 'asc' or 'desc'"],
  ["/pagination/page_number?per_page=0", "Invalid value for 'per_page'. It should be between 1 and 50."],
  ["/pagination/page_number?page=-2", "Invalid value for 'page'. It must be greater than or equal to 1."],
  ["/pagination/page_number?updated_since=x", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
  ["/pagination/page_number?limit=5", "Unexpected query parameters: limit"],
  ["/pagination/page_number?updated_since=bad&page=0&per_page=0&order_type=x&order_by=y&zzz=1", "Unexpected query parameters: zzz"],
  ["/pagination/page_number?updated_since=bad&page=0&per_page=0&order_type=x&order_by=y", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
  ["/pagination/offset?limit=0", "Invalid value for 'limit'. It should be between 1 and 50."],
  ["/pagination/offset?limit=1e1", "Invalid value for 'limit'. It should be between 1 and 50."],
  ["/pagination/offset?offset=-1", "Invalid value for 'offset'. It must be greater than or equal to 0."],
  ["/pagination/offset?offset=99999999999999999999", "Invalid value for 'offset'. It must be greater than or equal to 0."],
  ["/pagination/offset?order_by=x&offset=-1&limit=0", "Invalid value for 'limit'. It should be between 1 and 50."],
  ["/pagination/offset?order_by=x&offset=-1", "Invalid value for 'offset'. It must be greater than or equal to 0."],
  ["/pagination/offset?order_by=x&updated_since=bad", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
  ["/pagination/offset?page=1", "Unexpected query parameters: page"],
  ["/pagination/keyset?scroll_param=MjAyNC0wOS0yNFQxNDozMTozN1o=&updated_since=2024-01-01T00:00:00Z",
    "You can only use 'updated_since' in first request, subsequent requests should use only 'scroll_param'"],
  ["/pagination/keyset?scroll_param=nope!", "Invalid scroll_param value"],
  ["/pagination/keyset?scroll_param=aGVsbG8=", "Invalid scroll_param value"],
  ["/pagination/keyset?updated_since=2024-01-01T00:00:00", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
  ["/pagination/keyset?per_page=5", "Unexpected query parameters: per_page"],
];

test("every pagination error: 400, JSON, exact text", async () => {
  for (const [path, message] of ERRORS) {
    const reply = await send(server.url, path);
    assert.equal(reply.status, 400, path);
    assert.equal(reply.headers["content-type"], "application/json", path);
    assert.deepEqual(JSON.parse(reply.text), { error: message }, path);
  }
});
