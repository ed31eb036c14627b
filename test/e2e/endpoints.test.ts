import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createServer } from "../../src/server.js";
import { FIXED_NOW, getJson, send, start, type Started } from "../helpers.js";

let server: Started;
let all: any[];

before(async () => {
  server = await start();
  all = (await getJson(server.url, "/incremental/timestamp")).body.data;
});
after(() => server.playground.close());

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; } else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; } else field += c;
  }
  assert.equal(field, "");
  return rows;
}

test("export/csv: headers, header row and one RFC 4180 row per record in creation order", async () => {
  for (const path of ["/export/csv", "/export/csv/"]) {
    const reply = await send(server.url, path);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["content-type"], "text/csv; charset=utf-8");
    assert.equal(reply.headers["content-disposition"], "attachment; filename=data_export.csv");
    assert.equal(reply.headers["content-length"], String(Buffer.byteLength(reply.text)));
    const rows = parseCsv(reply.text);
    assert.deepEqual(rows[0], ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]);
    assert.equal(rows.length, 201);
    const byCreation = [...all].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    assert.deepEqual(rows.slice(1), byCreation.map((r) => [r.id, r.name, r.email, r.address, r.company, r.job, r.createdAt, r.updatedAt]));
    assert.ok(reply.text.includes(`,"${byCreation[0].address}",`), "addresses with commas are quoted, not stripped");
  }
});

test("large answers stream completely: a 30,000-row export and 30,000-record incremental answers", async () => {
  const big = await start({ records: 30_000 });
  try {
    const reply = await send(big.url, "/export/csv");
    assert.equal(reply.headers["transfer-encoding"], "chunked");
    assert.equal(reply.text.split("\r\n").length, 30_002);
    const timestamp = await send(big.url, "/incremental/timestamp");
    assert.equal(timestamp.headers["transfer-encoding"], "chunked");
    const records = JSON.parse(timestamp.text).data;
    assert.equal(records.length, 30_000);
    assert.equal(new Set(records.map((r: any) => r.updatedAt)).size, 30_000);
    const step = JSON.parse((await send(big.url, "/incremental/step?start_id=2&end_id=40000")).text).data;
    assert.equal(step.length, 29_999);
    assert.deepEqual([step[0].id, step.at(-1).id], ["2", "30000"]);
    assert.deepEqual(Object.keys(step[5]), ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]);
  } finally {
    await big.playground.close();
  }
});

test("incremental/timestamp: strictly after since, ascending, and the since = last updatedAt loop ends", async () => {
  assert.equal(all.length, 200);
  const sorted = [...all].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
  assert.deepEqual(all.map((r) => r.id), sorted.map((r) => r.id));
  const { body } = await getJson(server.url, `/incremental/timestamp?since=${sorted[99].updatedAt}`);
  assert.deepEqual(Object.keys(body), ["data"]);
  assert.deepEqual(body.data.map((r: any) => r.id), sorted.slice(100).map((r) => r.id));
  let since = "0001-01-01T00:00:00Z";
  let calls = 0;
  const seen: string[] = [];
  for (;;) {
    const page = (await getJson(server.url, `/incremental/timestamp?since=${since}`)).body.data;
    calls++;
    if (page.length === 0) break;
    seen.push(...page.map((r: any) => r.id));
    since = page[page.length - 1].updatedAt;
  }
  assert.equal(calls, 2);
  assert.deepEqual(seen, sorted.map((r) => r.id));
  assert.deepEqual((await getJson(server.url, "/incremental/timestamp?since=")).body.data.length, 200);
});

test("incremental/timestamp errors name 'since' and only 'since' is allowed", async () => {
  const cases: [string, string][] = [
    ["/incremental/timestamp?since=2024-01-01", "Invalid date format for 'since'. Must end with 'Z' for UTC"],
    ["/incremental/timestamp?since=2024-01-01Z", "Invalid date format for 'since'. Use 'YYYY-MM-DDTHH:MM:SSZ'"],
    ["/incremental/timestamp?updated_since=2024-01-01T00:00:00Z", "Unexpected query parameters: updated_since"],
  ];
  for (const [path, message] of cases) assert.deepEqual(await getJson(server.url, path).then((r) => [r.status, r.body]), [400, { error: message }], path);
});

test("incremental/step: creation positions with id set to the position; ranges past the end give fewer or none", async () => {
  const byCreation = [...all].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  const { body } = await getJson(server.url, "/incremental/step?start_id=1&end_id=10");
  assert.equal(body.data.length, 10);
  body.data.forEach((record: any, i: number) => {
    assert.deepEqual(Object.keys(record), ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]);
    assert.deepEqual(record, { ...byCreation[i], id: String(i + 1) });
  });
  assert.deepEqual((await getJson(server.url, "/incremental/step?start_id=195&end_id=205")).body.data.map((r: any) => r.id), ["195", "196", "197", "198", "199", "200"]);
  assert.deepEqual((await getJson(server.url, "/incremental/step?start_id=201&end_id=300")).body, { data: [] });
  assert.deepEqual((await getJson(server.url, "/incremental/step?start_id=7&end_id=7")).body.data.map((r: any) => r.id), ["7"]);
  let covered = 0;
  for (let start = 1; start <= 200; start += 30) covered += (await getJson(server.url, `/incremental/step?start_id=${start}&end_id=${start + 29}`)).body.data.length;
  assert.equal(covered, 200);
});

test("incremental/step errors in their order", async () => {
  const cases: [string, string][] = [
    ["/incremental/step", "Both 'start_id' and 'end_id' parameters are required"],
    ["/incremental/step?start_id=1", "Both 'start_id' and 'end_id' parameters are required"],
    ["/incremental/step?end_id=1&start_id=", "Both 'start_id' and 'end_id' parameters are required"],
    ["/incremental/step?start_id=0&end_id=5", "Invalid value for 'start_id'. It must be greater than or equal to 1."],
    ["/incremental/step?start_id=a&end_id=b", "Invalid value for 'start_id'. It must be greater than or equal to 1."],
    ["/incremental/step?start_id=5&end_id=4", "Invalid value for 'end_id'. It must be greater than or equal to 'start_id'."],
    ["/incremental/step?start_id=5&end_id=x", "Invalid value for 'end_id'. It must be greater than or equal to 'start_id'."],
    ["/incremental/step?start_id=1&end_id=99999999999999999999", "Invalid value for 'end_id'. It must be greater than or equal to 'start_id'."],
    ["/incremental/step?start_id=1&end_id=2&step=3", "Unexpected query parameters: step"],
  ];
  for (const [path, message] of cases) assert.deepEqual(await getJson(server.url, path).then((r) => [r.status, r.body]), [400, { error: message }], path);
});

test("cursors/companies: six companies, ordering, and each call's changes shown by the next call", async () => {
  const fresh = await start({ seed: 7 });
  try {
    const first = (await getJson(fresh.url, "/cursors/companies?order_by=createdAt")).body;
    assert.deepEqual(Object.keys(first), ["data", "total_items"]);
    assert.equal(first.total_items, 6);
    assert.deepEqual(first.data.map((c: any) => Object.keys(c)), Array(6).fill(["company_id", "company_name", "createdAt", "updatedAt"]));
    const created = first.data.map((c: any) => c.createdAt);
    assert.deepEqual(created, [...created].sort());
    let previous = first.data;
    let previousNow = FIXED_NOW;
    let changes = 0;
    for (let round = 1; round <= 6; round++) {
      fresh.advance(10_000);
      const current = (await getJson(fresh.url, "/cursors/companies?order_by=createdAt&order_type=desc")).body.data.reverse();
      assert.deepEqual(current.map((c: any) => c.company_id), previous.map((c: any) => c.company_id));
      current.forEach((company: any, i: number) => {
        if (company.updatedAt !== previous[i].updatedAt) {
          changes++;
          assert.equal(company.updatedAt, new Date(previousNow).toISOString().replace(".000Z", "Z"));
        }
      });
      previous = current;
      previousNow += 10_000;
    }
    assert.ok(changes > 0, "six calls with seed 7 should have changed some companies");
    const byUpdated = (await getJson(fresh.url, "/cursors/companies")).body.data.map((c: any) => c.updatedAt);
    assert.deepEqual(byUpdated, [...byUpdated].sort());
    assert.deepEqual((await getJson(fresh.url, "/cursors/companies?updated_since=2999-01-01T00:00:00Z")).body, { data: [], total_items: 0 });
    assert.equal((await getJson(fresh.url, "/cursors/companies?updated_since=0001-01-01T00:00:00Z")).body.total_items, 6);
  } finally {
    await fresh.playground.close();
  }
});

test("cursors changes are reproducible: the same seed and calls give the same answers", async () => {
  const answers: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const s = await start({ seed: 99 });
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) texts.push((await send(s.url, "/cursors/companies")).text, (await send(s.url, "/cursors/3/departments")).text);
    answers.push(texts);
    await s.playground.close();
  }
  assert.deepEqual(answers[0], answers[1]);
  assert.notEqual(answers[0]![0], answers[0]![8], "five calls should have changed something");
});

test("cursors/{company_id}/departments: four departments, 404 and 400 in order", async () => {
  const { body } = await getJson(server.url, "/cursors/1/departments?order_by=createdAt");
  assert.equal(body.total_items, 4);
  assert.deepEqual(body.data.map((d: any) => Object.keys(d)), Array(4).fill(["department_id", "company_id", "department_name", "createdAt", "updatedAt"]));
  assert.deepEqual(body.data.map((d: any) => d.department_name).sort(), ["Engineering", "Finance", "HR", "Sales"]);
  assert.ok(body.data.every((d: any) => d.company_id === 1));
  assert.equal((await getJson(server.url, "/cursors/6/departments/")).body.total_items, 4);
  assert.equal((await getJson(server.url, "/cursors/%36/departments")).body.data[0].company_id, 6);
  const cases: [string, number, string][] = [
    ["/cursors/7/departments", 404, "company_id '7' not found"],
    ["/cursors/0/departments", 404, "company_id '0' not found"],
    ["/cursors/-1/departments", 404, "company_id '-1' not found"],
    ["/cursors/99999999999999999999/departments", 404, "company_id '99999999999999999999' not found"],
    ["/cursors/abc/departments", 400, "Invalid value for 'company_id'. 'company_id' must be an integer"],
    ["/cursors/1.5/departments", 400, "Invalid value for 'company_id'. 'company_id' must be an integer"],
    ["/cursors/abc/departments?order_by=x", 400, "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
    ["/cursors/abc/departments?order_type=x", 400, "Invalid value for 'order_type'. Use 'asc' or 'desc'"],
    ["/cursors/abc/departments?updated_since=x", 400, "Invalid value for 'company_id'. 'company_id' must be an integer"],
    ["/cursors/9/departments?updated_since=x", 404, "company_id '9' not found"],
    ["/cursors/1/departments?updated_since=x", 400, "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
    ["/cursors/1/departments?page=1", 400, "Unexpected query parameters: page"],
    ["/cursors/companies?order_by=x", 400, "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
    ["/cursors/companies?order_type=x", 400, "Invalid value for 'order_type'. Use 'asc' or 'desc'"],
    ["/cursors/companies?updated_since=2024-01-01T00:00:00", 400, "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
    ["/cursors/companies?company_id=1", 400, "Unexpected query parameters: company_id"],
  ];
  for (const [path, status, message] of cases) assert.deepEqual(await getJson(server.url, path).then((r) => [r.status, r.body]), [status, { error: message }], path);
});

test("unknown paths 404, wrong methods 405 with Allow, OPTIONS 204 with Allow, HEAD without a body", async () => {
  for (const path of ["/nope", "/pagination", "/export/csv/x", "/cursors/1/departments/extra", "/docs/x", "/cursors//departments"]) {
    const reply = await send(server.url, path);
    assert.deepEqual([reply.status, reply.headers["content-type"], JSON.parse(reply.text)], [404, "application/json", { error: "Not found" }], path);
  }
  const post = await send(server.url, "/pagination/offset", { method: "POST", body: "{}" });
  assert.deepEqual([post.status, post.headers.allow, JSON.parse(post.text)], [405, "GET, HEAD, OPTIONS", { error: "Method not allowed" }]);
  const del = await send(server.url, "/cursors/1/departments", { method: "DELETE" });
  assert.deepEqual([del.status, del.headers.allow], [405, "GET, HEAD, OPTIONS"]);
  const options = await send(server.url, "/pagination/offset/", { method: "OPTIONS" });
  assert.deepEqual([options.status, options.headers.allow, options.text], [204, "GET, HEAD, OPTIONS", ""]);
  const loginOptions = await send(server.url, "/auth/session_token/login", { method: "OPTIONS" });
  assert.deepEqual([loginOptions.status, loginOptions.headers.allow], [204, "POST, OPTIONS"]);
  const get = await send(server.url, "/pagination/offset");
  const head = await send(server.url, "/pagination/offset", { method: "HEAD" });
  assert.deepEqual([head.status, head.headers["content-length"], head.text], [200, get.headers["content-length"], ""]);
  const headCsv = await send(server.url, "/export/csv", { method: "HEAD" });
  assert.deepEqual([headCsv.status, headCsv.headers["content-type"], headCsv.text], [200, "text/csv; charset=utf-8", ""]);
  assert.equal(get.headers["x-content-type-options"], "nosniff");
});

test("a GET with Content-Type: application/json and no body is answered normally; oversized bodies get 413", async () => {
  const reply = await send(server.url, "/pagination/offset?limit=1", { headers: { "Content-Type": "application/json" } });
  assert.equal(reply.status, 200);
  assert.equal(JSON.parse(reply.text).data.length, 1);
  const big = await send(server.url, "/auth/session_token/login", { method: "POST", body: "x".repeat(64 * 1024 + 1), headers: { "Content-Type": "application/json" } });
  assert.deepEqual([big.status, JSON.parse(big.text)], [413, { error: "Request body too large (limit 64 KiB)" }]);
  assert.equal((await send(server.url, "/pagination/offset")).status, 200);
});

test("createServer: the same seed and clock give the same data and credentials; options are validated", async () => {
  const a = createServer({ seed: 5, now: () => FIXED_NOW });
  const b = createServer({ seed: 5, now: () => FIXED_NOW });
  assert.deepEqual(a.credentials, b.credentials);
  assert.equal(a.seed, 5);
  assert.equal(a.records, 200);
  assert.equal(a.rateLimit, undefined);
  assert.equal(a.tokenTtlSeconds, 3600);
  const urlA = await a.listen(0);
  const urlB = await b.listen(0);
  assert.equal(urlA.hostname, "127.0.0.1");
  assert.equal(urlA.pathname, "/");
  assert.equal((await send(urlA, "/export/csv")).text, (await send(urlB, "/export/csv")).text);
  await a.close();
  await b.close();
  await a.close();
  const random = createServer();
  assert.ok(Number.isSafeInteger(random.seed) && random.seed >= 0);
  assert.match(random.credentials.basic.username, /^[0-9a-f]{5}@example\.com$/);
  assert.match(random.credentials.basic.password, /^[0-9a-f]{8}$/);
  assert.match(random.credentials.session.username, /^[0-9a-f]{5}@example\.com$/);
  assert.match(random.credentials.session.password, /^[0-9a-f]{10}$/);
  assert.match(random.credentials.bearer, /^[0-9a-f-]{36}$/);
  assert.match(random.credentials.apiKey, /^[0-9a-f-]{36}$/);
  assert.throws(() => createServer({ records: 0 }), /records must be an integer from 1 to 1000000000, got 0/);
  assert.throws(() => createServer({ seed: -1 }), /seed must be an integer/);
  assert.throws(() => createServer({ tokenTtlSeconds: 0 }), /tokenTtlSeconds/);
  assert.throws(() => createServer({ rateLimit: { capacity: 0 } }), /rateLimit.capacity/);
  assert.throws(() => createServer({ rateLimit: { refillPerSecond: 0 } }), /refillPerSecond/);
  assert.deepEqual(createServer({ rateLimit: true }).rateLimit, { capacity: 20, refillPerSecond: 10 });
});

test("a host name is refused with a clear RangeError before anything touches the network; IP addresses and localhost bind", async () => {
  const message = "host must be an IP address or 'localhost' (host names are not resolved), got 'example.com'";
  assert.throws(() => createServer({ host: "example.com" }), (error: unknown) => error instanceof RangeError && error.message === message);
  const playground = createServer({ seed: 6 });
  await assert.rejects(playground.listen(0, "example.com"), (error: unknown) => error instanceof RangeError && error.message === message);
  for (const host of ["localhost", "::1"]) {
    const bound = createServer({ seed: 6, host });
    const url = await bound.listen(0);
    assert.equal((await send(url, "/pagination/offset?limit=1")).status, 200, host);
    await bound.close();
  }
});

test("an escaped slash is never a separator; escapes decode without errors", async () => {
  assert.deepEqual(await send(server.url, "/pagination%2Foffset").then((r) => [r.status, JSON.parse(r.text)]), [404, { error: "Not found" }]);
  assert.deepEqual(await send(server.url, "/cursors/1%2Fx/departments").then((r) => [r.status, JSON.parse(r.text)]),
    [400, { error: "Invalid value for 'company_id'. 'company_id' must be an integer" }]);
  assert.equal((await send(server.url, "/cursors/%31/departments")).status, 200);
  assert.equal((await send(server.url, "/pagination/offse%74?limit=1")).status, 200);
  const malformed = await send(server.url, `/cursors/${"%ZZ".repeat(2_000)}/departments`);
  assert.deepEqual([malformed.status, JSON.parse(malformed.text)], [400, { error: "Invalid value for 'company_id'. 'company_id' must be an integer" }]);
});

test("repeated slashes are read as one; an empty parameter name is named visibly", async () => {
  const plain = await send(server.url, "/pagination/offset?limit=2");
  for (const path of ["//pagination/offset?limit=2", "/pagination//offset?limit=2", "//pagination///offset//?limit=2"]) {
    const reply = await send(server.url, path);
    assert.deepEqual([reply.status, reply.text], [200, plain.text], path);
  }
  assert.equal((await send(server.url, "//cursors//1//departments")).status, 200);
  const empty = await send(server.url, "/pagination/offset?=5");
  assert.deepEqual([empty.status, JSON.parse(empty.text)], [400, { error: "Unexpected query parameters: (empty name)" }]);
  const mixed = await send(server.url, "/pagination/offset?limit=1&=5&x=1");
  assert.deepEqual(JSON.parse(mixed.text), { error: "Unexpected query parameters: (empty name), x" });
});

test("listen rejects on a busy port; close ends idle keep-alive sockets", async () => {
  const other = createServer({ seed: 1 });
  await assert.rejects(other.listen(Number(server.url.port)), { code: "EADDRINUSE" });
  const lines: string[] = [];
  const logged = await start({ log: (line) => lines.push(line) });
  const agentReply = await fetch(new URL("/pagination/offset?limit=1", logged.url));
  assert.equal(agentReply.status, 200);
  await agentReply.text();
  await logged.playground.close();
  assert.equal(logged.playground.server.listening, false);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4} \d{2}:\d{2}:\d{2}\] "GET \/pagination\/offset\?limit=1 HTTP\/1\.1" 200 -$/);
});
