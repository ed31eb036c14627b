import assert from "node:assert/strict";
import { test } from "node:test";
import { answer } from "../../src/http/dispatch.js";
import { Run } from "../../src/run/run.js";
import { PlaygroundClock } from "../../src/simulate/clock.js";
import { parseQuery } from "../../src/codecs/query.js";
import type { PlainRequest } from "../../src/types.js";

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function request(method: string, path: string, search = "", now = NOW): PlainRequest {
  return { method, target: `${path}?${search}`, path, query: parseQuery(search), search, params: {}, headers: {}, body: undefined, origin: "http://test", now };
}

test("answer is a pure function of request and state for read endpoints", () => {
  const state = new Run({ seed: 3, records: 50, clock: new PlaygroundClock(() => NOW, NOW), tokenTtlSeconds: 3600 });
  const a = answer(request("GET", "/pagination/page_number", "per_page=3"), state);
  const b = answer(request("GET", "/pagination/page_number", "per_page=3"), state);
  assert.deepEqual([a.status, a.headers, a.body], [b.status, b.headers, b.body]);
  assert.equal(a.status, 200);
  assert.equal(JSON.parse(a.body as string).total_pages, 17);
});

test("cursor endpoints filter inclusively, then change a random subset to now", () => {
  const state = new Run({ seed: 3, records: 10, clock: new PlaygroundClock(() => NOW, NOW), tokenTtlSeconds: 3600 });
  const companies = state.companies.companies;
  companies.forEach((company, i) => { company.updatedAt = 1_700_000_000 + i * 100; });
  const before = companies.map((c) => c.updatedAt);
  const reply = answer(request("GET", "/cursors/companies", "updated_since=2023-11-14T22:16:40Z&order_type=desc"), state);
  // 1_700_000_200 is 2023-11-14T22:16:40Z: companies 3..6 qualify, inclusive of company 3.
  const body = JSON.parse(reply.body as string);
  assert.deepEqual(body.data.map((c: any) => c.company_id), [6, 5, 4, 3]);
  assert.equal(body.total_items, 4);
  assert.deepEqual(body.data.map((c: any) => c.updatedAt), ["2023-11-14T22:21:40Z", "2023-11-14T22:20:00Z", "2023-11-14T22:18:20Z", "2023-11-14T22:16:40Z"]);
  companies.forEach((company, i) => assert.ok(company.updatedAt === before[i] || company.updatedAt === NOW / 1000));

  const departments = state.companies.departments.get(2)!;
  departments.forEach((d, i) => { d.updatedAt = 1_600_000_000 + i; });
  const depReply = answer({ ...request("GET", "/cursors/2/departments", "updated_since=2020-09-13T12:26:41Z") }, state);
  assert.deepEqual(JSON.parse(depReply.body as string).data.map((d: any) => d.department_id), [2, 3, 4]);
  departments.forEach((d, i) => assert.ok(d.updatedAt === 1_600_000_000 + i || d.updatedAt === NOW / 1000));
  assert.ok(state.companies.departments.get(1)!.every((d) => d.updatedAt < NOW / 1000), "other companies' departments are untouched");
});

test("OPTIONS on an unknown path is a 404; on a known one a 204 with Allow", () => {
  const state = new Run({ seed: 3, records: 5, clock: new PlaygroundClock(() => NOW, NOW), tokenTtlSeconds: 3600 });
  assert.equal(answer(request("OPTIONS", "/nope"), state).status, 404);
  assert.deepEqual(answer(request("OPTIONS", "/cursors/5/departments"), state), { status: 204, headers: { Allow: "GET, HEAD, OPTIONS" }, body: "" });
});

test("cache keys come from parsed parameters: spellings of one request share an entry, and the origin counts only where the answer names it", () => {
  const state = new Run({ seed: 3, records: 50, clock: new PlaygroundClock(() => NOW, NOW), tokenTtlSeconds: 3600 });
  const withOrigin = (search: string, path: string, origin: string): PlainRequest => ({ ...request("GET", path, search), origin });
  const spellings = ["offset=5", "offset=05", "offset=+5", "offset=005&limit=10", "limit=10&offset=5&order_by=updatedAt", "offset=5&offset=9", `offset=${"0".repeat(7_000)}5`];
  for (let round = 0; round < 3; round++) {
    for (const [i, search] of spellings.entries()) answer(withOrigin(search, "/pagination/offset", `http://host-${i}.localhost:5001`), state);
  }
  assert.equal(state.cache.size, 1, "one stored answer for seven spellings from seven origins");
  // The CSV does not name the origin either: one stored export, and every later request shares its bytes.
  const exports = [0, 1, 2, 3].map((i) => answer(withOrigin("", "/export/csv", `http://h${i}.localhost`), state));
  assert.equal(state.cache.size, 2);
  assert.equal(exports[2]!.body, exports[3]!.body, "the same Buffer, not a copy");
  answer(withOrigin("", "/export/csv", "http://h9.localhost"), state);
  assert.equal(state.cache.size, 2);
  // The attack of 45,000 distinct 8,000-character targets is one key per distinct value, each a few dozen characters.
  for (let i = 0; i < 2_000; i++) answer(request("GET", "/pagination/offset", `limit=5&offset=${"0".repeat(7_990)}${i % 4}`), state);
  assert.equal(state.cache.size, 6);
  assert.ok(state.cache.bytes < 50_000, `${state.cache.bytes} bytes stored`);
  // next_page_url names the origin: one entry per origin.
  for (let round = 0; round < 2; round++) {
    for (const origin of ["http://a.localhost", "http://b.localhost"]) answer(withOrigin("per_page=2", "/pagination/next_page_url", origin), state);
  }
  assert.equal(state.cache.size, 8);
  const viaB = answer(withOrigin("per_page=2", "/pagination/next_page_url", "http://b.localhost"), state);
  assert.match(JSON.parse(viaB.body as string).next_page_url, /^http:\/\/b\.localhost\//);
  // Not cached: unexpected names, invalid values (cheap errors) and very long cursors.
  answer(request("GET", "/pagination/offset", "nope=1"), state);
  answer(request("GET", "/pagination/offset", "nope=1"), state);
  answer(request("GET", "/pagination/offset", "limit=0"), state);
  answer(request("GET", "/pagination/offset", "limit=0"), state);
  answer(request("GET", "/pagination/keyset", `scroll_param=${"A".repeat(300)}`), state);
  answer(request("GET", "/pagination/keyset", `scroll_param=${"A".repeat(300)}`), state);
  assert.equal(state.cache.size, 8);
});
