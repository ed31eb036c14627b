/** The control plane over real HTTP: config, journal, access, clock, reset, churn, faults, script, rate limit, revocation. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createServer } from "../../src/server.js";
import { FIXED_NOW, send, start, type Started } from "../helpers.js";

const JSON_TYPE = { "Content-Type": "application/json" };

const json = (value: unknown): { method: string; headers: Record<string, string>; body: string } => ({ method: "POST", headers: JSON_TYPE, body: JSON.stringify(value) });

async function control(server: Started, path: string, method = "GET", body?: unknown): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const reply = await send(server.url, `/__playground${path}`, { method, headers: body === undefined ? {} : JSON_TYPE, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: reply.status, body: JSON.parse(reply.text), headers: reply.headers };
}

test("health and config answer exactly, with no-store; config is what a harness needs", async () => {
  const server = await start({ seed: 5, records: 30, epoch: "2026-01-01T00:00:00Z", tokenTtlSeconds: 60 });
  try {
    assert.deepEqual(await control(server, "/health").then((r) => [r.status, r.body, r.headers["cache-control"]]), [200, { status: "ok" }, "no-store"]);
    const { status, body } = await control(server, "/config");
    assert.equal(status, 200);
    assert.deepEqual(body, {
      url: server.url.origin, version: body.version, seed: 5, epoch: "2026-01-01T00:00:00Z", records: 30, credentials: server.playground.credentials,
      rateLimit: { enabled: false, capacity: 20, refillPerSecond: 10 }, tokenTtlSeconds: 60,
      oauth2: { accessTokenTtlSeconds: 3600, refreshRotation: true, tokenUrl: `${server.url.origin}/oauth/token`, authorizeUrl: `${server.url.origin}/oauth/authorize` },
      requireAuth: null, compression: true,
      faults: { latency: 0, errorRate: 0, dropRate: 0, slowBodyRate: 0, faultPaths: ["/**"] }, churnSeconds: null, churnMix: "update:1", softDelete: false,
      schemaDrift: { minutes: null, at: null, drifted: false },
      journal: { size: 1000, entries: 0 }, adminToken: false,
    });
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(server.playground.config(), body);
  } finally {
    await server.playground.close();
  }
});

test("the journal: exact entries, oldest first, since and limit, clearing keeps seq counting, one entry in detail", async () => {
  const server = await start({ seed: 5, records: 30 });
  try {
    await send(server.url, "/pagination/offset?limit=2&offset=1", { headers: { Authorization: "Bearer abc", "X-Trace": "t1" } });
    await send(server.url, "/nope");
    await send(server.url, "/auth/session_token/login", { method: "POST", body: "{}" });
    await send(server.url, "/docs");
    const { body: entries } = await control(server, "/requests");
    assert.equal(entries.length, 3, "docs pages and control requests are not journaled");
    const [first, second, third] = entries;
    const view = JSON.parse((await send(server.url, "/pagination/offset?limit=2&offset=1")).text).data;
    assert.deepEqual(first, {
      seq: 1, time: "2026-11-28T12:00:00.000Z", method: "GET", path: "/pagination/offset", query: { limit: "2", offset: "1" },
      headers: { authorization: "Bearer [redacted]", "x-trace": "t1", host: `127.0.0.1:${server.url.port}`, connection: "close" },
      requestBytes: 0, status: 200, durationMs: first.durationMs, responseBytes: first.responseBytes, responseBytesPromised: first.responseBytes, complete: true, fault: null, rateLimitRemaining: null,
      retryAfter: null, retryAfterHeader: null, retryAt: null, records: { count: 2, firstId: view[0].id, lastId: view[1].id }, endpoint: "/pagination/offset", note: null,
    });
    assert.ok(first.durationMs >= 0 && first.responseBytes > 400);
    assert.deepEqual([second.seq, second.path, second.status, second.endpoint, second.records], [2, "/nope", 404, null, null]);
    assert.deepEqual([third.seq, third.method, third.status, third.requestBytes, third.endpoint], [3, "POST", 400, 2, "/auth/session_token/login"]);
    assert.deepEqual((await control(server, "/requests?since=1&limit=1")).body.map((e: any) => e.seq), [2]);
    assert.deepEqual((await control(server, "/requests?since=3")).body.map((e: any) => e.seq), [4]);
    const detail = (await control(server, "/requests/2")).body;
    assert.deepEqual([detail.responsePreview, detail.previewTruncated, detail.responseHeaders["Content-Type"]], ['{"error":"Not found"}', false, "application/json"]);
    assert.deepEqual(await control(server, "/requests/99").then((r) => [r.status, r.body]),
      [404, { error: "No journal entry with seq 99 (never made, or no longer in the journal)" }]);
    assert.deepEqual((await control(server, "/requests", "DELETE")).body, { cleared: true });
    assert.deepEqual((await control(server, "/requests")).body, []);
    await send(server.url, "/export/csv");
    assert.deepEqual((await control(server, "/requests")).body.map((e: any) => e.seq), [5]);
    assert.deepEqual(await control(server, "/requests?since=x").then((r) => [r.status, r.body]),
      [400, { error: "Invalid value for 'since'. It must be an integer >= 0 (a seq from an earlier answer)." }]);
    assert.deepEqual(await control(server, "/requests?limit=0").then((r) => r.body), { error: "Invalid value for 'limit'. It must be an integer >= 1." });
    assert.deepEqual(server.playground.requests({ since: 4 }).map((e) => e.path), ["/export/csv"]);
    server.playground.clearRequests();
    assert.deepEqual(server.playground.requests(), []);
  } finally {
    await server.playground.close();
  }
});

test("a bounded ring: --journal 3 keeps the newest three; --journal 0 keeps nothing", async () => {
  const small = await start({ journal: 3 });
  const off = await start({ journal: 0 });
  try {
    for (let i = 0; i < 5; i++) await send(small.url, `/pagination/offset?offset=${i}`);
    assert.deepEqual((await control(small, "/requests")).body.map((e: any) => [e.seq, e.query.offset]), [[3, "2"], [4, "3"], [5, "4"]]);
    assert.equal((await control(small, "/requests/2")).status, 404);
    assert.equal((await control(small, "/requests/4")).body.query.offset, "3");
    await send(off.url, "/pagination/offset");
    assert.deepEqual([(await control(off, "/requests")).body, (await control(off, "/config")).body.journal, (await control(off, "/summary")).body],
      [[], { size: 0, entries: 0 }, { endpoints: [] }]);
  } finally {
    await small.playground.close();
    await off.playground.close();
  }
});

test("access: loopback only without a token; with --admin-token the header is needed everywhere; health and the inspector page always answer", async () => {
  const publicBind = createServer({ seed: 1 });
  const publicUrl = await publicBind.listen(0, "0.0.0.0");
  const guarded = await start({ adminToken: "t0ken-1-long-enough" });
  try {
    const refused = await send(publicUrl, "/__playground/config");
    assert.deepEqual([refused.status, JSON.parse(refused.text)], [403, {
      error: "The control plane (/__playground/) answers only while the playground listens on loopback; start it with --admin-token TOKEN to use it from elsewhere",
    }]);
    assert.equal((await send(publicUrl, "/__playground/reset", { method: "POST" })).status, 403);
    assert.deepEqual([(await send(publicUrl, "/__playground/health")).status, (await send(publicUrl, "/__playground/inspect")).status], [200, 200]);
    for (const headers of [{}, { "X-Playground-Admin-Token": "wrong" }, { "X-Playground-Admin-Token": "t0ken-1x" }] as Record<string, string>[]) {
      const reply = await send(guarded.url, "/__playground/requests", { headers });
      assert.deepEqual([reply.status, JSON.parse(reply.text)], [403, { error: "Missing or wrong X-Playground-Admin-Token header" }]);
    }
    const ok = await send(guarded.url, "/__playground/config", { headers: { "X-Playground-Admin-Token": "t0ken-1-long-enough" } });
    assert.deepEqual([ok.status, JSON.parse(ok.text).adminToken], [200, true]);
    assert.equal((await send(guarded.url, "/__playground/health")).status, 200);
    // An unknown control path is refused before it is looked up.
    assert.equal((await send(guarded.url, "/__playground/nope")).status, 403);
    assert.equal((await send(guarded.url, "/__playground/nope", { headers: { "X-Playground-Admin-Token": "t0ken-1-long-enough" } })).status, 404);
  } finally {
    await publicBind.close();
    await guarded.playground.close();
  }
});

test("the control plane is never rate-limited or faulted, and takes no token from the bucket", async () => {
  const server = await start({ rateLimit: { capacity: 2 }, faults: { errorRate: 1 } });
  try {
    for (let i = 0; i < 10; i++) assert.equal((await send(server.url, "/__playground/config")).status, 200);
    const reply = await send(server.url, "/pagination/offset");
    assert.equal(reply.headers["x-ratelimit-remaining"], "1");
    assert.ok([500, 502, 503].includes(reply.status));
  } finally {
    await server.playground.close();
  }
});

test("the clock: advance moves token expiry and bucket refill; read reports the offset; bad values are 400s", async () => {
  const server = await start({ rateLimit: { capacity: 1, refillPerSecond: 1 }, tokenTtlSeconds: 60 });
  try {
    const { username, password } = server.playground.credentials.session;
    const { token } = JSON.parse((await send(server.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) })).text);
    assert.equal((await send(server.url, "/auth/session_token/data")).status, 429);
    assert.deepEqual((await control(server, "/clock", "POST", { advance: 61 })).body,
      { now: "2026-11-28T12:01:01.000Z", epoch: "2026-11-28T12:00:00Z", offsetSeconds: 61 });
    const expired = await send(server.url, "/auth/session_token/data", { headers: { Authorization: `Token ${token}` } });
    assert.deepEqual([expired.status, JSON.parse(expired.text)], [401, { error: "Token has expired" }]);
    assert.deepEqual((await control(server, "/clock")).body.offsetSeconds, 61);
    assert.equal(server.playground.clock.now(), FIXED_NOW + 61_000);
    assert.equal(server.playground.clock.advance(0.5).offsetSeconds, 61.5);
    for (const [body, message] of [
      [{}, "Invalid request body: advance (seconds to move the clock forward) is required"],
      [{ advance: -1 }, "Invalid request body: advance must be a number of seconds from 0 to 315360000, got -1"],
      [{ advance: "5" }, 'Invalid request body: advance must be a number, got "5"'],
      [{ advance: 1, back: 2 }, 'Invalid request body: unknown field "back"; expected advance'],
      [[1], "Invalid request body: expected a JSON object"],
    ] as const) {
      assert.deepEqual(await control(server, "/clock", "POST", body).then((r) => [r.status, r.body]), [400, { error: message }], JSON.stringify(body));
    }
    const malformed = await send(server.url, "/__playground/clock", { method: "POST", headers: JSON_TYPE, body: "{advance" });
    assert.equal(malformed.status, 400);
    assert.match(JSON.parse(malformed.text).error, /^Request body must be JSON: /);
  } finally {
    await server.playground.close();
  }
});

test("churn now: ticks change records the incremental endpoint then shows; reset brings back byte-identical answers", async () => {
  const server = await start({ seed: 9, records: 40, epoch: "2026-01-01T00:00:00Z" });
  try {
    const targets = ["/incremental/timestamp", "/pagination/keyset", "/export/csv", "/cursors/companies", "/cursors/1/departments"];
    const before = await Promise.all(targets.map(async (target) => (await send(server.url, target)).text));
    await control(server, "/clock", "POST", { advance: 120 });
    const churned = (await control(server, "/churn", "POST", { ticks: 3 })).body;
    assert.equal(churned.ticks, 3);
    assert.ok(churned.changed.length >= 3 && churned.changed.length <= 9, JSON.stringify(churned));
    const since = JSON.parse((await send(server.url, "/incremental/timestamp?since=2026-01-01T00:00:00Z")).text).data;
    assert.deepEqual(since.map((r: any) => [r.id, r.updatedAt]), churned.changed.map((c: any) => [c.id, c.updatedAt]));
    await send(server.url, "/cursors/companies");
    assert.deepEqual((await control(server, "/reset", "POST")).body,
      { reset: true, clock: { now: "2026-01-01T00:00:00.000Z", epoch: "2026-01-01T00:00:00Z", offsetSeconds: 0 } });
    const after = await Promise.all(targets.map(async (target) => (await send(server.url, target)).text));
    assert.deepEqual(after, before);
    assert.deepEqual((await control(server, "/requests")).body.map((e: any) => e.path), targets, "the journal starts again after reset");
    assert.deepEqual(await control(server, "/churn", "POST", { ticks: 0 }).then((r) => [r.status, r.body]),
      [400, { error: "Invalid request body: ticks must be an integer from 1 to 1000, got 0" }]);
    // Right after reset the clock is at the epoch again: the one free second (or more) before it goes to the change.
    assert.equal(server.playground.churn(1).at(-1)?.updatedAt, "2026-01-01T00:00:00Z");
  } finally {
    await server.playground.close();
  }
});

test("fault settings: PUT replaces them (defaults for missing fields), GET reads them, errors name the field; reset restores the start settings", async () => {
  const server = await start({ faults: { latency: 5 } });
  try {
    assert.deepEqual((await control(server, "/faults")).body, { latency: 5, errorRate: 0, dropRate: 0, slowBodyRate: 0, faultPaths: ["/**"] });
    const put = await send(server.url, "/__playground/faults", { method: "PUT", headers: JSON_TYPE, body: JSON.stringify({ errorRate: 1, faultPaths: ["/pagination/**"] }) });
    assert.deepEqual(JSON.parse(put.text), { latency: 0, errorRate: 1, dropRate: 0, slowBodyRate: 0, faultPaths: ["/pagination/**"] });
    assert.ok([500, 502, 503].includes((await send(server.url, "/pagination/offset")).status));
    assert.equal((await send(server.url, "/export/csv")).status, 200);
    assert.match((await send(server.url, "/docs")).text, /error rate 1 \(500\/502\/503\) on \/pagination\/\*\*/);
    for (const [body, message] of [
      [{ errorRate: 2 }, "Invalid request body: errorRate must be a number from 0 to 1, got 2"],
      [{ errorRate: 0.6, dropRate: 0.6 }, "Invalid request body: errorRate + dropRate must not exceed 1"],
      [{ latency: [5] }, "Invalid request body: latency must be milliseconds or [min, max], got [5]"],
      [{ faultPaths: ["pagination"] }, 'Invalid request body: faultPaths must be globs starting with \'/\', got ["pagination"]'],
      [{ faultPaths: "/pagination/**" }, 'Invalid request body: faultPaths must be an array of globs, got "/pagination/**"'],
      [{ errorRate: "0.5" }, 'Invalid request body: errorRate must be a number, got "0.5"'],
      [{ rate: 1 }, 'Invalid request body: unknown field "rate"; expected latency, errorRate, dropRate, slowBodyRate, faultPaths'],
    ] as const) {
      const reply = await send(server.url, "/__playground/faults", { method: "PUT", headers: JSON_TYPE, body: JSON.stringify(body) });
      assert.deepEqual([reply.status, JSON.parse(reply.text)], [400, { error: message }], JSON.stringify(body));
    }
    server.playground.setFaults({});
    assert.equal((await send(server.url, "/pagination/offset")).status, 200);
    await control(server, "/reset", "POST");
    assert.deepEqual((await control(server, "/faults")).body.latency, 5);
  } finally {
    await server.playground.close();
  }
});

test("scripted faults: fail twice then succeed, 429 with Retry-After, drop, truncate, slow and latency, consumed by matching paths in order", async () => {
  const server = await start();
  try {
    const queued = await send(server.url, "/__playground/faults/script", json([
      { path: "/pagination/*", times: 2, status: 503, retryAfter: 3 },
      { path: "/export/csv", status: 429 },
      { path: "/incremental/**", action: "drop" },
    ]));
    assert.deepEqual(JSON.parse(queued.text), [
      { path: "/pagination/*", times: 2, status: 503, retryAfter: 3, remaining: 2 },
      { path: "/export/csv", times: 1, status: 429, remaining: 1 },
      { path: "/incremental/**", times: 1, action: "drop", remaining: 1 },
    ]);
    const csv = await send(server.url, "/export/csv");
    assert.deepEqual([csv.status, csv.headers["retry-after"], JSON.parse(csv.text)], [429, "1", { error: "Too many requests" }]);
    const statuses: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await send(server.url, "/pagination/keyset");
      statuses.push([reply.status, reply.headers["retry-after"]]);
    }
    assert.deepEqual(statuses, [[503, "3"], [503, "3"], [200, undefined]]);
    await assert.rejects(send(server.url, "/incremental/timestamp"), /socket hang up|ECONNRESET/);
    assert.equal((await send(server.url, "/incremental/timestamp")).status, 200);
    assert.deepEqual((await control(server, "/faults/script")).body, []);
    // Truncate: the status line and Content-Length, then half the body and a cut connection.
    server.playground.scriptFaults([{ path: "/pagination/offset", action: "truncate" }]);
    await assert.rejects(send(server.url, "/pagination/offset"), /aborted|ECONNRESET|socket hang up/);
    // Slow and latency are applied and journaled.
    await send(server.url, "/__playground/faults/script", json({ path: "/pagination/offset", action: "slow", slowBodyMs: 200, latencyMs: 100 }));
    const slowStart = performance.now();
    assert.equal((await send(server.url, "/pagination/offset")).status, 200);
    assert.ok(performance.now() - slowStart >= 250);
    const faults = (await control(server, "/requests")).body.filter((e: any) => e.fault !== null).map((e: any) => [e.path, e.status, e.fault]);
    assert.deepEqual(faults, [
      ["/export/csv", 429, { kind: "error", scripted: true, status: 429, latencyMs: 0 }],
      ["/pagination/keyset", 503, { kind: "error", scripted: true, status: 503, latencyMs: 0 }],
      ["/pagination/keyset", 503, { kind: "error", scripted: true, status: 503, latencyMs: 0 }],
      ["/incremental/timestamp", null, { kind: "drop", scripted: true, latencyMs: 0 }],
      ["/pagination/offset", 200, { kind: "truncate", scripted: true, latencyMs: 0 }],
      ["/pagination/offset", 200, { kind: "slow", scripted: true, latencyMs: 100, slowBodyMs: 200 }],
    ]);
    const journal = (await control(server, "/requests")).body;
    const truncated = journal.find((e: any) => e.fault?.kind === "truncate");
    const whole = journal.find((e: any) => e.fault?.kind === "slow");
    assert.equal(truncated.responseBytes, Math.floor(whole.responseBytes / 2));
    for (const [body, message] of [
      [[], "Invalid request body: the script must have at least one step"],
      [[{ status: 404 }], "Invalid request body: step 0: status must be one of 429, 500, 502, 503, got 404"],
      [[{ path: "/a", status: 503 }, { action: "explode" }], 'Invalid request body: step 1: action must be one of drop, slow, truncate, got "explode"'],
      [[{ status: 503, action: "drop" }], "Invalid request body: step 0: give either status or action, not both"],
      [[{ times: 0, status: 500 }], "Invalid request body: step 0: times must be an integer from 1 to 1000000, got 0"],
      [[{ path: "x", status: 500 }], "Invalid request body: step 0: path must be a glob starting with '/'"],
      [[{}], "Invalid request body: step 0: give a status, an action or latencyMs"],
      [[{ status: 500, when: 1 }], 'Invalid request body: step 0: unknown field "when"'],
      [[{ action: "drop", retryAfter: 1 }], "Invalid request body: step 0: retryAfter goes with a status"],
    ] as const) {
      const reply = await send(server.url, "/__playground/faults/script", json(body));
      assert.deepEqual([reply.status, JSON.parse(reply.text)], [400, { error: message }], JSON.stringify(body));
    }
    await send(server.url, "/__playground/faults/script", json({ status: 500, times: 5 }));
    assert.deepEqual((await control(server, "/faults/script", "DELETE")).body, []);
    assert.equal((await send(server.url, "/pagination/offset")).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("scripted faults draw nothing from the seeded stream: the random sequence after them is unchanged", async () => {
  const plain = await start({ seed: 77, faults: { errorRate: 0.5 } });
  const scripted = await start({ seed: 77, faults: { errorRate: 0.5 } });
  try {
    scripted.playground.scriptFaults([{ path: "/export/csv", times: 3, status: 502 }]);
    for (let i = 0; i < 3; i++) assert.equal((await send(scripted.url, "/export/csv")).status, 502);
    const sequence = async (server: Started): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await send(server.url, "/pagination/offset")).status);
      return out;
    };
    assert.deepEqual(await sequence(scripted), await sequence(plain));
  } finally {
    await plain.playground.close();
    await scripted.playground.close();
  }
});

test("the rate limit: PUT turns it on with a full bucket, tunes it, turns it off; bad values are 400s", async () => {
  const server = await start();
  try {
    assert.deepEqual((await control(server, "/rate-limit")).body, { enabled: false, capacity: 20, refillPerSecond: 10 });
    const put = await send(server.url, "/__playground/rate-limit", { method: "PUT", headers: JSON_TYPE, body: JSON.stringify({ capacity: 2, refillPerSecond: 0.5 }) });
    assert.deepEqual(JSON.parse(put.text), { enabled: true, capacity: 2, refillPerSecond: 0.5 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(server.url, "/pagination/offset")).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    const limited = (await control(server, "/requests")).body.at(-1);
    assert.deepEqual([limited.status, limited.rateLimitRemaining, limited.retryAfter], [429, 0, 2]);
    assert.deepEqual(server.playground.rateLimit, { capacity: 2, refillPerSecond: 0.5 });
    assert.match((await send(server.url, "/docs")).text, /a bucket of 2 requests/);
    await send(server.url, "/__playground/rate-limit", { method: "PUT", headers: JSON_TYPE, body: JSON.stringify({ enabled: false }) });
    const free = await send(server.url, "/pagination/offset");
    assert.deepEqual([free.status, free.headers["x-ratelimit-limit"]], [200, undefined]);
    for (const [body, message] of [
      [{ capacity: 0 }, "Invalid request body: rateLimit.capacity must be an integer from 1 to 1000000000, got 0"],
      [{ enabled: "yes" }, 'Invalid request body: enabled must be a boolean, got "yes"'],
    ] as const) {
      const reply = await send(server.url, "/__playground/rate-limit", { method: "PUT", headers: JSON_TYPE, body: JSON.stringify(body) });
      assert.deepEqual([reply.status, JSON.parse(reply.text)], [400, { error: message }]);
    }
  } finally {
    await server.playground.close();
  }
});

test("revoking tokens: every session token issued so far is rejected; a new login works at once", async () => {
  const server = await start();
  try {
    const { username, password } = server.playground.credentials.session;
    const login = async (): Promise<string> => JSON.parse((await send(server.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) })).text).token;
    const old = await login();
    assert.deepEqual((await control(server, "/tokens/revoke", "POST")).body, { revokedAt: "2026-11-28T12:00:00.000Z" });
    const rejected = await send(server.url, "/auth/session_token/data", { headers: { Authorization: `Token ${old}` } });
    assert.deepEqual([rejected.status, JSON.parse(rejected.text), rejected.headers["www-authenticate"]], [401, { error: "Token has been revoked" }, 'Token realm="connector-playground"']);
    const fresh = await login();
    assert.equal((await send(server.url, "/auth/session_token/data", { headers: { Authorization: `Token ${fresh}` } })).status, 200);
    const notes = (await control(server, "/requests")).body.map((e: any) => e.note);
    assert.deepEqual(notes, [null, "token-revoked", null, null]);
    await control(server, "/reset", "POST");
    assert.equal((await send(server.url, "/auth/session_token/data", { headers: { Authorization: `Token ${old}` } })).status, 200, "reset forgets revocations");
  } finally {
    await server.playground.close();
  }
});

test("--seed with --epoch: two starts at different real times answer byte for byte the same", async () => {
  const a = createServer({ seed: 12, records: 60, epoch: "2025-06-01T08:00:00Z", now: () => Date.UTC(2026, 0, 1) });
  const b = createServer({ seed: 12, records: 60, epoch: new Date("2025-06-01T08:00:00Z"), now: () => Date.UTC(2030, 5, 5) });
  const [urlA, urlB] = [await a.listen(0), await b.listen(0)];
  try {
    assert.equal(a.epoch, "2025-06-01T08:00:00Z");
    for (const target of ["/export/csv", "/pagination/keyset", "/incremental/step?start_id=1&end_id=60", "/cursors/companies", "/cursors/2/departments"]) {
      assert.equal((await send(urlA, target)).text, (await send(urlB, target)).text, target);
    }
    const latest = JSON.parse((await send(urlA, "/pagination/offset?order_type=desc&limit=1")).text).data[0].updatedAt;
    assert.ok(latest < "2025-06-01T08:00:00Z", latest);
    assert.throws(() => createServer({ epoch: "2025-06-01" }), new RangeError("epoch must be a UTC time as YYYY-MM-DDTHH:MM:SSZ (whole seconds, years 2000-2999), got \"2025-06-01\""));
    assert.throws(() => createServer({ epoch: 1.5 }), RangeError);
  } finally {
    await a.close();
    await b.close();
  }
});

test("1,000 concurrent requests give 1,000 journal entries with distinct, increasing seq", async () => {
  const server = await start({ journal: 2000 });
  try {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => send(server.url, `/pagination/offset?offset=${i % 50}`)));
    const entries = (await control(server, "/requests")).body;
    assert.equal(entries.length, 1000);
    const seqs = entries.map((e: any) => e.seq);
    for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1]);
    assert.equal(new Set(seqs).size, 1000);
  } finally {
    await server.playground.close();
  }
});

test("createServer: url only once listening, await using closes it, the summary in code", async () => {
  const playground = createServer({ seed: 1 });
  assert.throws(() => playground.url, /not listening yet: await listen\(\) first/);
  let port: string;
  {
    await using inScope = playground;
    const url = await inScope.listen(0);
    port = url.port;
    assert.equal(inScope.url.href, url.href);
    await send(url, "/pagination/offset?limit=3");
    assert.deepEqual(inScope.summary().map((s) => [s.endpoint, s.pages, s.recordsServed]), [["/pagination/offset", 1, 3]]);
  }
  await assert.rejects(send(new URL(`http://127.0.0.1:${port}/`), "/"), /ECONNREFUSED/);
});

test("--retry-after-format http-date: 429s and simulated 503s carry an HTTP-date on the playground's clock; the journal still counts seconds", async () => {
  const server = await start({ rateLimit: { capacity: 1, refillPerSecond: 0.5 }, retryAfterFormat: "http-date" });
  try {
    assert.equal((await send(server.url, "/pagination/offset")).status, 200);
    const limited = await send(server.url, "/pagination/offset");
    assert.deepEqual([limited.status, limited.headers["retry-after"]], [429, "Sat, 28 Nov 2026 12:00:02 GMT"]);
    server.advance(2000);
    server.playground.scriptFaults([{ path: "/export/csv", status: 503, retryAfter: 30 }]);
    const unavailable = await send(server.url, "/export/csv");
    assert.deepEqual([unavailable.status, unavailable.headers["retry-after"]], [503, "Sat, 28 Nov 2026 12:00:32 GMT"]);
    assert.deepEqual(server.playground.requests().map((e) => e.retryAfter), [null, 2, 30]);
    // What was sent, and the instant it named (an HTTP-date is its own second).
    assert.deepEqual(server.playground.requests().map((e) => [e.retryAfterHeader, e.retryAt]), [
      [null, null], ["Sat, 28 Nov 2026 12:00:02 GMT", "2026-11-28T12:00:02.000Z"], ["Sat, 28 Nov 2026 12:00:32 GMT", "2026-11-28T12:00:32.000Z"],
    ]);
    assert.throws(() => createServer({ retryAfterFormat: "date" as "seconds" }), new RangeError('retryAfterFormat must be "seconds" or "http-date", got "date"'));
  } finally {
    await server.playground.close();
  }
});

test("scripted faults on a streamed answer: truncate cuts after the first piece; latency alone only delays", async () => {
  const server = await start({ records: 1500 });
  try {
    server.playground.scriptFaults([{ path: "/incremental/timestamp", action: "truncate" }, { path: "/export/csv", latencyMs: 150 }]);
    await assert.rejects(send(server.url, "/incremental/timestamp"), /aborted|ECONNRESET|socket hang up/);
    const started = performance.now();
    const csv = await send(server.url, "/export/csv");
    assert.equal(csv.status, 200);
    assert.ok(performance.now() - started >= 150);
    const [truncated, delayed] = server.playground.requests();
    assert.deepEqual([truncated?.status, truncated?.fault], [200, { kind: "truncate", scripted: true, latencyMs: 0 }]);
    // The first chunk of the stream (about 64 KiB: the head and the records that fit), then the cut.
    const whole = Buffer.byteLength((await send(server.url, "/incremental/timestamp")).text);
    assert.ok(truncated!.responseBytes > 60_000 && truncated!.responseBytes <= 65_536 && truncated!.responseBytes < whole, `${truncated!.responseBytes} of ${whole} bytes`);
    assert.deepEqual([delayed?.status, delayed?.fault, delayed?.responseBytes], [200, { kind: "latency", scripted: true, latencyMs: 150 }, Buffer.byteLength(csv.text)]);
  } finally {
    await server.playground.close();
  }
});
