/** The sync verifier: POST /__playground/verify in every format, every finding exact, and `playground verify` on the command line. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { rowParser, uploadFormat, UploadError } from "../../src/control/verify.js";
import { formatReport } from "../../src/control/verify-report.js";
import { getJson, parseRawResponse, rawExchange, send, start, type Started } from "../helpers.js";

interface Row { id: string; updatedAt: string }

/** POSTs the body in the given pieces (to split rows, strings and escapes across chunks). */
function upload(server: Started, pieces: readonly string[], headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((done, fail) => {
    const req = request(new URL("/__playground/verify", server.url), { method: "POST", headers: { "Content-Type": "application/octet-stream", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => { text += chunk; });
      res.on("end", () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", fail);
    const next = (k: number): void => {
      if (k === pieces.length) {
        req.end();
        return;
      }
      req.write(pieces[k], () => setImmediate(() => next(k + 1)));
    };
    next(0);
  });
}

async function rows(server: Started): Promise<Row[]> {
  return (await getJson(server.url, "/incremental/timestamp")).body.data as Row[];
}

const EMPTY = { count: 0, ids: [] };

test("an exact copy verifies as ok in JSON, NDJSON and CSV, whatever the chunking", async () => {
  const server = await start({ seed: 4, records: 50 });
  try {
    const all = await rows(server);
    const ok = { ok: true, expected: 50, received: 50, missing: EMPTY, duplicated: EMPTY, stale: EMPTY, deleted: EMPTY, unknown: EMPTY };
    const json = JSON.stringify(all);
    const ndjson = all.map((row) => JSON.stringify({ ...row, extra: "ignored" })).join("\n") + "\n";
    const csv = (await send(server.url, "/export/csv")).text;
    for (const [text, type] of [[json, "application/json"], [ndjson, "application/x-ndjson"], [csv, "text/csv"], [json, undefined], [ndjson, undefined], [csv, undefined]] as const) {
      const headers: Record<string, string> = type === undefined ? {} : { "Content-Type": type };
      assert.deepEqual(await upload(server, [text], headers), { status: 200, body: ok }, `${type} whole`);
      // Pieces of 7 characters split every kind of token somewhere.
      const pieces = text.match(/[\s\S]{1,7}/g) as string[];
      assert.deepEqual(await upload(server, pieces, headers), { status: 200, body: ok }, `${type} in pieces`);
    }
  } finally {
    await server.playground.close();
  }
});

test("every finding is counted exactly and names the ids: missing, duplicated, stale, deleted, unknown", async () => {
  const server = await start({ seed: 4, records: 50, churnMix: "delete:1" });
  try {
    const before = await rows(server);
    server.advance(10_000);
    const deleted = server.playground.churn(1).map((change) => change.id);
    const now = await rows(server);
    const kept = before.filter((row) => !deleted.includes(row.id));
    const missing = kept.slice(0, 3);
    const duplicated = kept.slice(3, 5);
    const stale = kept.slice(5, 7);
    const sent = [
      ...kept.slice(3).map((row) => (stale.includes(row) ? { ...row, updatedAt: "2000-01-01T00:00:00Z" } : row)),
      ...duplicated,
      ...before.filter((row) => deleted.includes(row.id)),
      { id: "not-a-record", updatedAt: "2026-01-01T00:00:00Z" },
    ];
    const { status, body } = await upload(server, [JSON.stringify(sent)]);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      ok: false, expected: now.length, received: sent.length,
      missing: { count: 3, ids: missing.map((row) => row.id) },
      duplicated: { count: 2, ids: duplicated.map((row) => row.id) },
      stale: { count: 2, ids: stale.map((row) => row.id) },
      deleted: { count: deleted.length, ids: sent.filter((row) => deleted.includes(row.id)).map((row) => row.id) },
      unknown: { count: 1, ids: ["not-a-record"] },
    });
    // A client that ignores deletes is told exactly which ids it still holds.
    assert.deepEqual(body.deleted.ids.sort(), [...deleted].sort());
    // Lists stop at 100 ids; counts do not.
    const many = Array.from({ length: 150 }, (_, k) => ({ id: `x${k}`, updatedAt: "2026-01-01T00:00:00Z" }));
    const big = (await upload(server, [JSON.stringify([...now, ...many])])).body;
    assert.deepEqual([big.unknown.count, big.unknown.ids.length, big.unknown.ids[99]], [150, 100, "x99"]);
  } finally {
    await server.playground.close();
  }
});

test("malformed uploads are 400s naming the row; the control plane's admission applies", async () => {
  const server = await start({ seed: 4, records: 5 });
  try {
    const cases: [string, string | undefined, string][] = [
      ["", undefined, "Send what your connector ended with: a JSON array, NDJSON or CSV of {id, updatedAt} (or updated_at)"],
      ["[{\"id\": 1, \"updatedAt\": null}, 5]", "application/json", "Invalid upload: row 2: expected an object with id and updatedAt or updated_at"],
      ["[{\"id\": \"a\"", "application/json", "Invalid upload: the array is not closed: the upload ended early"],
      ["[{\"id\": \"a\", \"updatedAt\": null}] x", "application/json", "Invalid upload: unexpected text after the end of the array"],
      ["{\"updatedAt\": \"x\"}\n", "application/x-ndjson", "Invalid upload: row 1: needs an id (a string); its fields are \"updatedAt\""],
      ["{\"id\": \"a\", \"updated_at\": \"2026-01-01T00:00:00Z\"}\n{nope}\n", undefined, "Invalid upload: row 2: not valid JSON"],
      ["{\"id\": \"a\", \"updatedAt\": 5}", undefined, "Invalid upload: row 1: updatedAt must be a string"],
      // A row without the change cursor is named as such (before: accepted, then reported as unknown or stale).
      ["{\"id\": \"x\"}", undefined, "Invalid upload: row 1: needs updatedAt or updated_at (the record's change cursor); its fields are \"id\" (name another field with ?updated_field=NAME)"],
      ["name,updatedAt\nx,y\n", "text/csv", "Invalid upload: the CSV header must name an id column and updatedAt or updated_at (the change cursor; name another with ?updated_field=NAME); it names \"name\", \"updatedAt\""],
      ["id,updated_on\nx,y\n", "text/csv", "Invalid upload: the CSV header must name an id column and updatedAt or updated_at (the change cursor; name another with ?updated_field=NAME); it names \"id\", \"updated_on\""],
      ["id,updatedAt\n\"abc,2026\n", "text/csv", "Invalid upload: row 1: a quoted field is not closed"],
      ["id,updatedAt\n,2026-01-01T00:00:00Z\n", "text/csv", "Invalid upload: row 1: no id"],
    ];
    for (const [text, type, error] of cases) {
      const reply = await upload(server, [text], type === undefined ? {} : { "Content-Type": type });
      assert.deepEqual(reply, { status: 400, body: { error } }, text);
    }
    const wrongMethod = await send(server.url, "/__playground/verify");
    assert.equal(wrongMethod.status, 405);
  } finally {
    await server.playground.close();
  }
  const guarded = await start({ seed: 4, records: 5, adminToken: "let-me-in-please" });
  try {
    assert.equal((await upload(guarded, ["[]"])).status, 403);
    const reply = await upload(guarded, ["[]"], { "X-Playground-Admin-Token": "let-me-in-please" });
    assert.deepEqual([reply.status, reply.body.missing.count], [200, 5]);
  } finally {
    await guarded.playground.close();
  }
});

test("the parsers read quoted CSV fields, doubled quotes, CRLF, a BOM and escapes split across chunks", () => {
  const seen: [string, string | undefined][] = [];
  const csv = rowParser("csv", (id, updatedAt) => seen.push([id, updatedAt]));
  const text = '\uFEFFname,id,updatedAt\r\n"A, ""B""",id-1,2026-01-01T00:00:00Z\r\n"x\ny",id-2,\r\n\r\n';
  for (const c of text) csv.write(c);
  csv.end();
  assert.deepEqual(seen, [["id-1", "2026-01-01T00:00:00Z"], ["id-2", ""]]);
  const json: [string, string | undefined][] = [];
  const parser = rowParser("json", (id, updatedAt) => json.push([id, updatedAt]));
  for (const c of ' [ {"id":"a\\"}","x":[1,{"y":"]"}],"updated_at":"t"}, {"id":"b","updatedAt":null} ] ') parser.write(c);
  parser.end();
  assert.deepEqual(json, [['a"}', "t"], ["b", undefined]]);
  assert.equal(uploadFormat("text/csv; charset=utf-8", 0x5b), "csv");
  assert.equal(uploadFormat(undefined, 0x5b), "json");
  assert.equal(uploadFormat("application/jsonl", undefined), "ndjson");
  assert.throws(() => rowParser("json", () => undefined).write("{"), UploadError);
  assert.throws(() => rowParser("ndjson", () => undefined).write("x".repeat(70_000)), /longer than 65536 characters/);
});

test("playground verify FILE --url URL prints a readable report and exits 0 when right, 1 when not, 2 when it cannot ask", async () => {
  const server = await start({ seed: 4, records: 30 });
  const root = resolve(import.meta.dirname, "../..");
  const dir = mkdtempSync(join(tmpdir(), "playground-verify-"));
  // Asynchronously: the server under test runs in this process and must keep answering.
  const cli = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> => new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), "verify", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => done({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }));
  });
  try {
    const all = await rows(server);
    writeFileSync(join(dir, "right.ndjson"), all.map((row) => JSON.stringify(row)).join("\n"));
    const right = await cli([join(dir, "right.ndjson"), "--url", server.url.origin]);
    assert.deepEqual([right.status, right.stderr], [0, ""]);
    assert.equal(right.stdout, formatReport({ ok: true, expected: 30, received: 30, missing: EMPTY, duplicated: EMPTY, stale: EMPTY, deleted: EMPTY, unknown: EMPTY }));
    assert.match(right.stdout, /^OK: 30 record\(s\) expected, 30 received\n +0  missing: /);
    writeFileSync(join(dir, "short.csv"), `id,updatedAt\n${all.slice(1).map((row) => `${row.id},${row.updatedAt}`).join("\n")}\n`);
    const short = await cli([join(dir, "short.csv"), `--url=${server.url.origin}`]);
    assert.equal(short.status, 1);
    assert.equal(short.stdout, formatReport({
      ok: false, expected: 30, received: 29, missing: { count: 1, ids: [all[0]!.id] }, duplicated: EMPTY, stale: EMPTY, deleted: EMPTY, unknown: EMPTY,
    }));
    assert.match(short.stdout, new RegExp(`^NOT OK: 30 record\\(s\\) expected, 29 received\n +1  missing: listed records your sync does not hold\n +${all[0]!.id}\n`));
    const cases: [string[], string][] = [
      [[], "playground: error: verify needs a file: playground verify FILE --url URL\n"],
      [[join(dir, "right.ndjson")], "playground: error: verify needs --url, the playground's address, like http://127.0.0.1:5001\n"],
      [[join(dir, "right.ndjson"), "--url", "ftp://x"], "playground: error: --url must be the playground's http URL, like http://127.0.0.1:5001, got 'ftp://x'\n"],
      [[join(dir, "nope.json"), "--url", server.url.origin], `playground: error: cannot read ${join(dir, "nope.json")}: ENOENT\n`],
      [[join(dir, "right.ndjson"), "--url", "http://127.0.0.1:1"], "playground: error: cannot reach the playground at http://127.0.0.1:1: ECONNREFUSED\n"],
    ];
    for (const [args, stderr] of cases) {
      const run = await cli(args);
      assert.deepEqual([run.status, run.stdout, run.stderr], [2, "", stderr], args.join(" "));
    }
    writeFileSync(join(dir, "bad.json"), "[1]");
    const bad = await cli([join(dir, "bad.json"), "--url", server.url.origin]);
    assert.deepEqual([bad.status, bad.stderr], [2, "playground: error: the playground refused the upload (400): Invalid upload: row 1: expected an object with id and updatedAt or updated_at\n"]);
  } finally {
    await server.playground.close();
  }
});

test("a body that does not arrive in time is a 408 and the connection closes; an upload may take long but not pause long", async () => {
  const server = await start({ seed: 4, records: 5, bodyTimeoutMs: 300 });
  try {
    const raw = await rawExchange(server.url, "POST /auth/session_token/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"user", 1_000);
    const answer = parseRawResponse(raw);
    assert.equal(answer.status, 408);
    assert.deepEqual(JSON.parse(answer.body), { error: "Request timeout" });
    assert.match(answer.headers, /Connection: close/i);
    // An upload sent slowly but steadily (a piece every 100 ms, 1 s in all) is read to the end.
    const all = await rows(server);
    const text = JSON.stringify(all);
    const steady = await new Promise<{ status: number; body: any }>((done, fail) => {
      const req = request(new URL("/__playground/verify", server.url), { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => { body += chunk; }).on("end", () => done({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
      });
      req.on("error", fail);
      const size = Math.ceil(text.length / 10);
      let k = 0;
      const timer = setInterval(() => {
        req.write(text.slice(k * size, (k + 1) * size));
        if (++k === 10) {
          clearInterval(timer);
          req.end();
        }
      }, 100);
    });
    assert.deepEqual([steady.status, steady.body.ok], [200, true]);
    // One that stops sending is cut after the pause (no answer: the client is gone as far as the server knows).
    const stalled = await rawExchange(server.url, "POST /__playground/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[{\"id\r\n", 1_500);
    assert.equal(stalled, "");
    assert.equal((await send(server.url, "/__playground/health")).status, 200, "and the server keeps serving");
  } finally {
    await server.playground.close();
  }
});

test("an updatedAt written another way for the same second is not stale (Python's isoformat, fractions, offsets)", async () => {
  const { sameInstant } = await import("../../src/control/verify.js");
  const second = Date.UTC(2026, 10, 28, 12, 0, 5) / 1000;
  for (const text of ["2026-11-28T12:00:05Z", "2026-11-28T12:00:05+00:00", "2026-11-28T12:00:05.000Z", "2026-11-28 12:00:05+00:00", "2026-11-28T13:00:05+01:00", "2026-11-28T12:00:05.000000+0000"]) {
    assert.equal(sameInstant(text, second), true, text);
  }
  for (const text of [undefined, "2026-11-28T12:00:06Z", "2026-11-28T12:00:05.5Z", "2026-11-28T12:00:05", "yesterday", "1795867205"]) assert.equal(sameInstant(text, second), false, String(text));
});
