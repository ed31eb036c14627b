/** Issue 22: one client must not stall, crash or steer everyone else. Each test reproduces an attack. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { probeStall } from "../../scripts/stall-probe.js";
import { MAX_CHANGES } from "../../src/data/records.js";
import { createServer } from "../../src/server.js";
import { heldBuffers, send, start } from "../helpers.js";

test("a full-speed uncompressed download leaves the event loop to other clients (pings answered mid-stream), and arrives whole", async () => {
  const big = await start({ records: 200_000 });
  try {
    for (const path of ["/export/csv", "/incremental/timestamp", "/incremental/step?start_id=1&end_id=200000"]) {
      const reading = await probeStall(big.url, path);
      assert.equal(reading.status, 200, path);
      assert.ok(reading.bytes > 30_000_000, `${path}: ${reading.bytes} bytes`);
      // Before the fix, no ping was answered until the whole body had been written.
      assert.ok(reading.answeredDuring >= 3, `${path}: ${JSON.stringify(reading)}`);
    }
  } finally {
    await big.playground.close();
  }
});

test("control requests a browser marks as another site's, or with bodies a page can send without a preflight, are refused; clients keep working", async () => {
  const server = await start();
  try {
    const own = server.url.origin;
    const host = server.url.host;
    const advance = '{"advance": 86400}';
    const crossSite = "The control plane refuses requests that a browser marks as sent by another site (Sec-Fetch-Site, Origin): " +
      "no web page may drive it. Use the inspector on this server, or any HTTP client outside a browser";
    const bodyType = "A control request with a body needs Content-Type: application/json (the verifier also takes text/csv, " +
      "application/x-ndjson and application/octet-stream); bodies without a type, or typed text/plain, form or multipart, are refused " +
      "so that no web page can send them";
    const refused: [Record<string, string>, string | undefined, number, string][] = [
      [{ "Content-Type": "text/plain" }, advance, 415, bodyType],
      [{ "Content-Type": "text/plain;charset=UTF-8" }, advance, 415, bodyType],
      [{ "Content-Type": "application/x-www-form-urlencoded" }, advance, 415, bodyType],
      [{ "Content-Type": "multipart/form-data; boundary=x" }, advance, 415, bodyType],
      [{}, advance, 415, bodyType],
      [{ "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site" }, advance, 403, crossSite],
      [{ "Content-Type": "application/json", "Sec-Fetch-Site": "same-site" }, advance, 403, crossSite],
      [{ "Content-Type": "application/json", Origin: "http://evil.test" }, advance, 403, crossSite],
      [{ "Content-Type": "application/json", Origin: "null" }, advance, 403, crossSite],
      [{ "Content-Type": "application/json", Origin: `http://127.0.0.1:${Number(server.url.port) + 1}` }, advance, 403, crossSite],
      [{ Origin: "http://evil.test" }, undefined, 403, crossSite],
    ];
    for (const [headers, body, status, message] of refused) {
      const reply = await send(server.url, "/__playground/clock", { method: "POST", headers, body });
      assert.deepEqual([reply.status, JSON.parse(reply.text), reply.headers["cache-control"]], [status, { error: message }, "no-store"], JSON.stringify(headers));
    }
    for (const path of ["/__playground/reset", "/__playground/schema-drift", "/__playground/tokens/revoke"]) {
      assert.equal((await send(server.url, path, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } })).status, 403, path);
    }
    assert.equal((await send(server.url, "/__playground/config", { headers: { "Sec-Fetch-Site": "cross-site" } })).status, 403);
    assert.equal((await send(server.url, "/__playground/verify", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "id,updatedAt\n" })).status, 415);
    assert.equal(server.playground.clock.read().offsetSeconds, 0, "nothing moved the clock");
    // Pages of this server, and clients outside a browser, keep working.
    const allowed: Record<string, string>[] = [
      { "Content-Type": "application/json" },
      { "Content-Type": "application/json; charset=utf-8", "Sec-Fetch-Site": "same-origin", Origin: own },
      { "Content-Type": "application/json", "Sec-Fetch-Site": "none" },
      { "Content-Type": "application/json", Origin: `http://${host.toUpperCase()}` },
    ];
    for (const headers of allowed) {
      const reply = await send(server.url, "/__playground/clock", { method: "POST", headers, body: '{"advance": 1}' });
      assert.equal(reply.status, 200, JSON.stringify(headers));
    }
    assert.equal(server.playground.clock.read().offsetSeconds, 4);
    assert.equal((await send(server.url, "/__playground/reset", { method: "POST" })).status, 200, "a POST without a body needs no type");
    assert.equal((await send(server.url, "/__playground/inspect", { headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate" } })).status, 200,
      "a link to the inspector from elsewhere still opens it");
    assert.equal((await send(server.url, "/__playground/health", { headers: { Origin: "http://evil.test" } })).status, 200);
    const csv = await send(server.url, "/__playground/verify", { method: "POST", headers: { "Content-Type": "text/csv" }, body: (await send(server.url, "/export/csv")).text });
    assert.equal(JSON.parse(csv.text).ok, true);
  } finally {
    await server.playground.close();
  }
});

test("the clock cannot be moved past 9999-12-31 (a 400 saying how far it may go), and answers keep coming there", async () => {
  const lines: string[] = [];
  const server = await start({ log: (line: string, entry: unknown) => { lines.push(`${line} ${JSON.stringify(entry)}`); } });
  try {
    let calls = 0;
    let refusal: { status: number; text: string } | undefined;
    while (refusal === undefined && calls < 2_000) {
      const reply = await send(server.url, "/__playground/clock", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"advance": 315360000}' });
      if (reply.status !== 200) refusal = reply;
      calls++;
    }
    // 7,965 years of ten-year steps, then the refusal (before the fix: accepted until the clock left the date range).
    assert.equal(calls, 798);
    assert.equal(refusal?.status, 400);
    assert.deepEqual(JSON.parse(refusal?.text ?? ""), {
      error: "Invalid request body: advance would move the clock past 9999-12-31T00:00:00Z, the latest it may read; it reads 9991-08-14T12:00:00.000Z, so at most 264427200 more seconds, got 315360000",
    });
    assert.equal((await send(server.url, "/__playground/clock", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"advance": 264427200}' })).status, 200);
    assert.equal(server.playground.clock.read().now, "9999-12-31T00:00:00.000Z");
    assert.throws(() => server.playground.clock.advance(1), /past 9999-12-31T00:00:00Z/);
    const page = await send(server.url, "/incremental/timestamp?since=9000-01-01T00:00:00Z");
    assert.equal(page.status, 200);
    assert.ok(lines.some((line) => line.includes('"time":"9999-12-31T00:00:00.000Z"')), "the journal and the log write the instant");
  } finally {
    await server.playground.close();
  }
});

test("a log function that throws never ends the process or an answer", async () => {
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (error: unknown) => { errors.push(error); };
  try {
    for (const log of [(): void => { throw new Error("plain log broke"); }, (_line: string, _entry: unknown): void => { throw new Error("structured log broke"); }]) {
      const server = await start({ log, churnSeconds: 1 });
      try {
        for (const path of ["/pagination/offset?limit=2", "/nope", "/incremental/timestamp"]) {
          assert.equal((await send(server.url, path)).status, path === "/nope" ? 404 : 200);
        }
        server.playground.churn(1);
        assert.equal((await send(server.url, "/__playground/health")).status, 200);
      } finally {
        await server.playground.close();
      }
    }
    assert.ok(errors.length >= 4, `reported: ${errors.length}`);
  } finally {
    console.error = original;
  }
});

test("fault globs are bounded: hostile script steps and fault paths are 400s naming the limit; a full script still answers", async () => {
  const server = await start();
  const post = (body: unknown): Promise<{ status: number; text: string }> =>
    send(server.url, "/__playground/faults/script", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const put = (body: unknown): Promise<{ status: number; text: string }> =>
    send(server.url, "/__playground/faults", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  try {
    const hostile = `/${"**?".repeat(332)}x`;
    assert.deepEqual(JSON.parse((await post({ path: hostile, status: 503 })).text), { error: "Invalid request body: step 0: path must be at most 100 characters, got 998" });
    assert.deepEqual(JSON.parse((await post({ path: `/${"*?".repeat(9)}`, status: 503 })).text),
      { error: "Invalid request body: step 0: path may hold at most 16 wildcards (*, **, ?), got 18" });
    const distinct = Array.from({ length: 21 }, (_, k) => ({ path: `/p${k}/**`, status: 503 }));
    assert.deepEqual(JSON.parse((await post(distinct)).text), { error: "Invalid request body: at most 20 different paths may wait in the script, got 21" });
    assert.deepEqual(JSON.parse((await put({ errorRate: 1, faultPaths: [`/${"x".repeat(60_000)}`] })).text),
      { error: `Invalid request body: faultPaths '/${"x".repeat(39)}...' must be at most 100 characters, got 60001` });
    assert.deepEqual(JSON.parse((await put({ errorRate: 1, faultPaths: Array.from({ length: 21 }, (_, k) => `/p${k}`) })).text),
      { error: "Invalid request body: faultPaths may list at most 20 globs, got 21" });
    // At every limit: 20 globs of 100 characters and 16 wildcards, 1,000 steps; requests are still matched exactly.
    const globs = Array.from({ length: 20 }, (_, k) => `/${"**?".repeat(5)}${"*".repeat(1)}${String(k).padStart(2, "0")}`.padEnd(99, "c") + "x");
    const steps = Array.from({ length: 1000 }, (_, k) => ({ path: globs[k % 20], status: 503 }));
    // (in four posts: a body is at most 64 KiB)
    for (let k = 0; k < 1000; k += 250) assert.equal((await post(steps.slice(k, k + 250))).status, 200);
    assert.equal((await send(server.url, "/pagination/offset")).status, 200, "no glob matches");
    assert.equal((await send(server.url, `/export/jobs/${"a".repeat(300)}`)).status, 404, "a path over 256 characters is never faulted");
  } finally {
    await server.playground.close();
  }
});

test("churn is bounded: a full change history is a 409 until reset, tombstones stream in chunks, and reset makes room again", async () => {
  const server = await start({ records: 100_000, epoch: "2026-01-01T00:00:00Z", churnMix: "update:1,insert:1,delete:1" });
  const churn = (): Promise<{ status: number; text: string }> =>
    send(server.url, "/__playground/churn", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"ticks": 1000}' });
  try {
    let calls = 0;
    let reply = { status: 200, text: "" };
    while (reply.status === 200 && calls < 300) {
      server.playground.clock.advance(3000);
      reply = await churn();
      calls++;
    }
    assert.deepEqual([reply.status, JSON.parse(reply.text)], [409, {
      error: `The change history is full (${MAX_CHANGES} changes since the start or the last reset): POST /__playground/reset to start over`,
    }]);
    assert.ok(calls > 100, `${calls} calls`);
    // Tens of thousands of tombstones: streamed (chunked), and exactly the deletions in order.
    const deleted = await send(server.url, "/incremental/deleted");
    assert.equal(deleted.headers["transfer-encoding"], "chunked");
    const data = JSON.parse(deleted.text).data as { id: string; deletedAt: string }[];
    assert.ok(data.length > 50_000, `${data.length} tombstones`);
    assert.ok(data.every((row, k) => k === 0 || row.deletedAt > (data[k - 1] as { deletedAt: string }).deletedAt));
    const later = JSON.parse((await send(server.url, `/incremental/deleted?since=${(data[data.length - 3] as { deletedAt: string }).deletedAt}`)).text);
    assert.deepEqual(later, { data: data.slice(-2) });
    assert.equal((await send(server.url, "/__playground/reset", { method: "POST" })).status, 200);
    server.playground.clock.advance(3000);
    assert.equal((await churn()).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("off loopback the seed is shown nowhere: not on the docs page, not in the config (the credentials follow from it)", async () => {
  const playground = createServer({ seed: 4242, adminToken: "a-long-admin-token" });
  try {
    const url = await playground.listen(0, "0.0.0.0");
    const local = new URL(`http://127.0.0.1:${url.port}`);
    const config = JSON.parse((await send(local, "/__playground/config", { headers: { "X-Playground-Admin-Token": "a-long-admin-token" } })).text);
    assert.deepEqual([config.seed, config.credentials], [null, null]);
    for (const path of ["/docs", "/openapi.json"]) assert.equal((await send(local, path)).text.includes("4242"), false, path);
  } finally {
    await playground.close();
  }
  const loopback = createServer({ seed: 4242 });
  try {
    const url = await loopback.listen(0);
    assert.equal(JSON.parse((await send(url, "/__playground/config")).text).seed, 4242);
    assert.equal((await send(url, "/docs")).text.includes("--seed 4242"), true);
  } finally {
    await loopback.close();
  }
});

test("the journal is bounded in bytes: long headers and targets are stored cut (redacted first), lists are streamed, streams are capped", async () => {
  const server = await start({ journal: 1_000_000 });
  const bearer = server.playground.credentials.bearer;
  try {
    const big = `${"x".repeat(4_000)}${bearer}${"y".repeat(4_000)}`;
    for (let k = 0; k < 300; k++) {
      assert.equal((await send(server.url, `/pagination/offset?limit=1&q=${"a".repeat(3_000)}${k}`, { headers: { "X-Big": big } })).status, 400);
    }
    const entries = server.playground.requests();
    assert.equal(entries.length, 300);
    const entry = entries[0] as { headers: Record<string, string>; query: Record<string, string> };
    assert.equal(entry.headers["x-big"], `${"x".repeat(1024)}…[cut ${8_000 + "[redacted]".length - 1024}]`);
    assert.match(entry.query.q ?? "", new RegExp(`^a{${2048 - "/pagination/offset?limit=1&q=".length}}…\\[cut \\d+\\]$`));
    assert.equal(JSON.stringify(entries).includes(bearer), false, "no secret, not even a part of one");
    assert.equal(JSON.stringify(entries).includes(bearer.slice(0, 8)), false);
    // The list is written in pieces (chunked) and is the same JSON as the whole.
    const list = await send(server.url, "/__playground/requests");
    assert.equal(list.headers["transfer-encoding"], "chunked");
    assert.deepEqual(JSON.parse(list.text), entries);
    // At most 32 event streams at once.
    const { request } = await import("node:http");
    const open: import("node:http").ClientRequest[] = [];
    const statuses: number[] = [];
    for (let k = 0; k < 33; k++) {
      statuses.push(await new Promise<number>((resolve) => {
        const req = request(new URL("/__playground/requests/stream?since=299", server.url), (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        });
        req.end();
        open.push(req);
      }));
    }
    assert.deepEqual(statuses, [...Array(32).fill(200), 429]);
    for (const req of open) req.destroy();
  } finally {
    await server.playground.close();
  }
});

test("a journal never holds more than its byte budget: the oldest entries go first", async () => {
  const { Journal, JOURNAL_BYTES } = await import("../../src/control/journal.js");
  assert.equal(JOURNAL_BYTES, 32 * 1024 * 1024);
  const journal = new Journal(1_000_000, 100_000);
  for (let k = 0; k < 1_000; k++) {
    journal.add({
      seq: 0, receivedAt: k, method: "GET", target: `/pagination/offset?k=${k}`, path: "/pagination/offset", endpoint: "/pagination/offset",
      headers: { "x-pad": "p".repeat(1_000) }, requestBytes: 0, durationMs: 1, answer: undefined, fault: undefined, extraHeaders: {},
      rateLimitRemaining: undefined, written: { bytes: 0, preview: undefined },
    });
  }
  assert.ok(journal.bytes <= 100_000, `${journal.bytes}`);
  const kept = journal.list();
  assert.equal(kept.length, 67);
  assert.equal(kept.at(-1)?.seq, 1_000);
  assert.equal(kept[0]?.seq, 1_000 - 66);
});

test("an event-stream subscriber that stops reading is cut off once 1 MiB behind; the others are unaffected", async () => {
  const server = await start();
  try {
    const { connect } = await import("node:net");
    const socket = connect(Number(server.url.port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("GET /__playground/requests/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    // Read the headers, then stop reading while about 9 MB of events are produced (the kernel takes a few MB).
    await new Promise((resolve) => socket.once("data", resolve));
    socket.pause();
    const pad = "p".repeat(1_000);
    const headers = Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`x-pad-${k}`, pad]));
    for (let k = 0; k < 1_000; k++) await send(server.url, "/pagination/offset?limit=1", { headers });
    // Reading again, it finds the stream ended after about 1 MiB (before: 8 MiB, all of this), and the server serves on.
    let bytes = 0;
    socket.on("data", (chunk: Buffer) => { bytes += chunk.length; });
    socket.resume();
    const ended = await Promise.race([new Promise((resolve) => socket.once("close", () => resolve(true))), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
    socket.destroy();
    assert.equal(ended, true, `the stream was not cut (${bytes} bytes read)`);
    assert.ok(bytes < 5_000_000, `${bytes} bytes before the cut`);
    assert.equal((await send(server.url, "/__playground/requests?limit=1")).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("the CSV export is built whole only up to 2,000 records (a few ms); beyond, it streams and other clients are answered meanwhile", async () => {
  for (const [records, chunked] of [[2_000, false], [2_001, true], [20_000, true]] as const) {
    const server = await start({ records });
    try {
      const reply = await send(server.url, "/export/csv");
      assert.equal(reply.headers["transfer-encoding"] === "chunked", chunked, String(records));
      assert.equal(reply.text.split("\r\n").length, records + 2, "header, rows, and the last line's end");
    } finally {
      await server.playground.close();
    }
  }
});

test("admin tokens are at least 12 characters, and the check compares digests (no length leaks; errors never repeat the token)", async () => {
  assert.throws(() => createServer({ adminToken: "t" }), new RangeError("adminToken must be 12-200 printable characters without spaces, got 1 characters"));
  assert.throws(() => createServer({ adminToken: "elevenchars" }), /got 11 characters$/);
  const server = await start({ adminToken: "twelve-chars" });
  try {
    for (const given of ["", "t", "twelve-char", "twelve-charz", "twelve-chars-and-more"]) {
      assert.equal((await send(server.url, "/__playground/config", { headers: { "X-Playground-Admin-Token": given } })).status, 403, given);
    }
    assert.equal((await send(server.url, "/__playground/config", { headers: { "X-Playground-Admin-Token": "twelve-chars" } })).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("a verify upload that trickles (a byte at a time, never pausing long) is cut once it has had the body timeout to get going", async () => {
  const server = await start({ records: 5, bodyTimeoutMs: 300 });
  try {
    const { connect } = await import("node:net");
    const socket = connect(Number(server.url.port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("POST /__playground/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const closed = new Promise<boolean>((resolve) => socket.once("close", () => resolve(true)));
    socket.on("error", () => undefined);
    socket.resume();
    // One byte every 100 ms: never idle for the 300 ms timeout, but far below 256 bytes a second.
    let sent = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(sent++ === 0 ? "1\r\n[\r\n" : "1\r\n \r\n");
    }, 100);
    const ended = await Promise.race([closed, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
    clearInterval(timer);
    socket.destroy();
    assert.equal(ended, true, `still open after ${sent} bytes`);
    assert.ok(sent < 20, `cut after ${sent} bytes`);
    assert.equal((await send(server.url, "/__playground/health")).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("the journal keeps no answer's body or records: 40 different 4 MB pages leave a few MB behind, and each entry still names its records", async () => {
  // The largest page a resource file allows: 940 records of 49 sentences each, about 4 MB.
  const sentences = { kind: "array", min: 7, max: 7, items: { kind: "array", min: 7, max: 7, items: { kind: "text", text: "sentence" } } };
  const server = await start({
    resources: { resources: [{ name: "notes", path: "/v1/notes", records: 5000, fields: { id: { kind: "id" }, at: { kind: "timestamp" }, texts: sentences }, api: { pagination: { style: "offset", maxLimit: 940 } } }] },
  });
  try {
    const before = await heldBuffers();
    const ends: [string, string][] = [];
    let bytes = 0;
    for (let offset = 0; offset < 40; offset++) {
      // A different page each time: none is stored in the answer cache (stored the second time it is asked for).
      const reply = await send(server.url, `/v1/notes?limit=940&offset=${offset}`);
      assert.equal(reply.status, 200);
      const data = (JSON.parse(reply.text) as { data: { id: string }[] }).data;
      ends.push([data[0]!.id, data[939]!.id]);
      bytes += reply.text.length;
    }
    assert.ok(bytes > 40 * 3_900_000, `${bytes}`);
    const held = (await heldBuffers()) - before;
    // Before, each entry held its whole answer (160 MB here; 4 GB for the default journal's 1,000 entries).
    assert.ok(held < 16 * 1024 * 1024, `${held} bytes of buffers held after the pages were served`);
    const entries = server.playground.requests();
    assert.deepEqual(entries.map((entry) => entry.records), ends.map(([firstId, lastId]) => ({ count: 940, firstId, lastId })));
  } finally {
    await server.playground.close();
  }
});
