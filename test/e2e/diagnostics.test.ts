/** Issue 23: what the playground says about a sync must be true. Each test is built from a reported case. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { retryAfterText } from "../../src/http/pipeline.js";
import { send, start } from "../helpers.js";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

test("an HTTP-date Retry-After is rounded up: never earlier than arrival + the wait", () => {
  const at = Date.UTC(2026, 10, 28, 12, 0, 0, 400);
  // Before: floor(now) + N, a date up to a second before the retry could succeed.
  assert.equal(retryAfterText(1, at, "http-date"), "Sat, 28 Nov 2026 12:00:02 GMT");
  assert.equal(retryAfterText(1, Date.UTC(2026, 10, 28, 12, 0, 0), "http-date"), "Sat, 28 Nov 2026 12:00:01 GMT");
  assert.equal(retryAfterText(3, at, "seconds"), "3");
});

test("a client that waits exactly until the HTTP-date is not flagged as retrying early; one a millisecond sooner is", async () => {
  for (const [waitMs, early] of [[1_600, 0], [1_599, 1]] as const) {
    const server = await start({ rateLimit: { capacity: 1, refillPerSecond: 10 }, retryAfterFormat: "http-date" });
    try {
      server.advance(400);
      assert.equal((await send(server.url, "/pagination/offset?limit=1")).status, 200);
      const refused = await send(server.url, "/pagination/offset?limit=1");
      assert.deepEqual([refused.status, refused.headers["retry-after"]], [429, "Sat, 28 Nov 2026 12:00:02 GMT"]);
      // Waited until exactly the date (12:00:02.000), or a millisecond less.
      server.advance(waitMs);
      await send(server.url, "/pagination/offset?limit=1");
      assert.equal(server.playground.summary()[0]?.earlyRetries, early, `waited ${waitMs} ms`);
    } finally {
      await server.playground.close();
    }
  }
});

test("'same page twice in a row' only for a non-empty page asked again right after it was served, with no data change between", async () => {
  const server = await start({ records: 40 });
  try {
    const { clientId, clientSecret } = server.playground.credentials.oauth2;
    const token = (): Promise<unknown> => send(server.url, "/oauth/token", {
      method: "POST", headers: FORM, body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString(),
    });
    await token();
    await send(server.url, "/pagination/cursor");
    await token();
    // Polling an unchanged cursor that answered nothing, twice: right.
    const since = "2030-01-01T00:00:00Z";
    await send(server.url, `/incremental/timestamp?since=${since}`);
    await send(server.url, `/incremental/timestamp?since=${since}`);
    // The same page after a data change: a fair re-read.
    await send(server.url, "/pagination/offset?limit=5");
    server.advance(120_000);
    server.playground.churn(1);
    await send(server.url, "/pagination/offset?limit=5");
    const flagged = (): Record<string, number> => Object.fromEntries(server.playground.summary().map((s) => [s.endpoint, s.repeatedPages]));
    assert.deepEqual(flagged(), { "/oauth/token": 0, "/pagination/cursor": 0, "/incremental/timestamp": 0, "/pagination/offset": 0 });
    // The same non-empty page again right after it was served, nothing changed: flagged.
    await send(server.url, "/pagination/offset?limit=5");
    assert.equal(flagged()["/pagination/offset"], 1);
  } finally {
    await server.playground.close();
  }
});

test("OAuth2 parameters in the query string are refused saying they belong in the form-encoded body, echoing nothing", async () => {
  const server = await start();
  try {
    const { clientId, clientSecret } = server.playground.credentials.oauth2;
    const query = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString();
    const reply = await send(server.url, `/oauth/token?${query}`, { method: "POST", headers: FORM, body: "" });
    assert.deepEqual([reply.status, JSON.parse(reply.text)], [400, {
      error: "invalid_request",
      error_description: "The token request's parameters belong in a form-encoded body (Content-Type: application/x-www-form-urlencoded), " +
        "not in the query string (RFC 6749 §3.2): move grant_type and the rest into the body",
    }]);
    assert.equal(reply.text.includes(clientSecret), false);
    assert.equal(JSON.stringify(server.playground.requests()).includes(clientSecret), false);
    // Without anything in the query, the message is the usual one.
    assert.equal(JSON.parse((await send(server.url, "/oauth/token", { method: "POST", headers: FORM, body: "" })).text).error_description,
      "Missing grant_type: use client_credentials, refresh_token or authorization_code");
  } finally {
    await server.playground.close();
  }
});

test("the journal records the Retry-After as sent and the instant it named (delay-seconds count from arrival)", async () => {
  const server = await start({ rateLimit: { capacity: 1, refillPerSecond: 10 } });
  try {
    server.advance(400);
    await send(server.url, "/pagination/offset?limit=1");
    await send(server.url, "/pagination/offset?limit=1");
    const refused = server.playground.requests()[1];
    assert.deepEqual([refused?.status, refused?.retryAfter, refused?.retryAfterHeader, refused?.retryAt], [429, 1, "1", "2026-11-28T12:00:01.400Z"]);
  } finally {
    await server.playground.close();
  }
});

test("the verifier reads the spellings a connector writes (updatedAt, updated_at, a field named by ?updated_field=), and detects the format from the content", async () => {
  const server = await start({ records: 5 });
  try {
    const rows = JSON.parse((await send(server.url, "/incremental/timestamp")).text).data as { id: string; updatedAt: string }[];
    const verify = async (body: string, type: string, query = ""): Promise<{ status: number; body: any }> => {
      const reply = await send(server.url, `/__playground/verify${query}`, { method: "POST", headers: { "Content-Type": type }, body });
      return { status: reply.status, body: JSON.parse(reply.text) };
    };
    const uploads: [string, string, string][] = [
      // Before: a CSV headed id,updated_at with every right id got "NOT OK ... 5 stale".
      [`id,updated_at\n${rows.map((r) => `${r.id},${r.updatedAt}`).join("\n")}\n`, "text/csv", ""],
      [rows.map((r) => JSON.stringify({ id: r.id, updated_at: r.updatedAt })).join("\n"), "application/x-ndjson", ""],
      [rows.map((r) => JSON.stringify({ id: r.id, modified: r.updatedAt })).join("\n"), "application/octet-stream", "?updated_field=modified"],
      [`name,id,modified\n${rows.map((r) => `n,${r.id},${r.updatedAt}`).join("\n")}\n`, "application/octet-stream", "?updated_field=modified"],
      [JSON.stringify(rows), "application/octet-stream", ""],
    ];
    for (const [body, type, query] of uploads) {
      const reply = await verify(body, type, query);
      assert.deepEqual([reply.status, reply.body.ok, reply.body.received, reply.body.stale.count], [200, true, 5, 0], `${type}${query}: ${body.slice(0, 40)}`);
    }
    assert.deepEqual(await verify("[]", "application/json", "?updated_field=has%20space"), {
      status: 400, body: { error: "Invalid value for 'updated_field': the name of the field or column holding each record's updatedAt (1-100 printable characters)" },
    });
  } finally {
    await server.playground.close();
  }
});

test("'served 2×+' counts within one sync run: a second full walk is a new run, a re-read page inside a run still counts", async () => {
  const server = await start({ records: 150 });
  try {
    const walk = async (): Promise<void> => {
      let target: string | null = "/pagination/cursor?limit=100";
      while (target !== null) {
        const body = JSON.parse((await send(server.url, target)).text) as { next_cursor: string | null };
        target = body.next_cursor === null ? null : `/pagination/cursor?limit=100&cursor=${body.next_cursor}`;
      }
    };
    await walk();
    await walk();
    // Before: 300 served, 150 "served 2×+" (the second walk counted as repeats).
    let [cursor] = server.playground.summary();
    assert.deepEqual([cursor?.runs, cursor?.recordsServed, cursor?.distinctRecords, cursor?.recordsServedMoreThanOnce], [2, 300, 150, 0]);
    // Inside a run, asking for page 2 twice does serve its records twice.
    const first = JSON.parse((await send(server.url, "/pagination/cursor?limit=100")).text) as { next_cursor: string };
    await send(server.url, `/pagination/cursor?limit=100&cursor=${first.next_cursor}`);
    await send(server.url, `/pagination/cursor?limit=100&cursor=${first.next_cursor}`);
    [cursor] = server.playground.summary();
    assert.deepEqual([cursor?.runs, cursor?.distinctRecords, cursor?.recordsServedMoreThanOnce], [3, 150, 50]);
  } finally {
    await server.playground.close();
  }
  const { startsRun } = await import("../../src/control/summary.js");
  assert.deepEqual(["/pagination/offset", "/pagination/offset?offset=0&limit=5", "/pagination/page_number?page=1", "/incremental/step?start_id=1&end_id=9",
    "/pagination/offset?offset=5", "/pagination/page_number?page=2", "/pagination/keyset?scroll_param=x", "/pagination/cursor?cursor=y", "/incremental/step?start_id=10&end_id=19"].map(startsRun),
  [true, true, true, true, false, false, false, false, false]);
});

test("a truncated answer reads as cut everywhere: the journal (bytes sent of promised, no records), the summary, and a preview decoded as text", async () => {
  const server = await start();
  try {
    server.playground.scriptFaults([{ path: "/pagination/link_header", action: "truncate" }]);
    const { request } = await import("node:http");
    // A gzip client reads half the compressed bytes, then the connection closes.
    const received = await new Promise<number>((resolve) => {
      const req = request(new URL("/pagination/link_header?per_page=100", server.url), { headers: { "Accept-Encoding": "gzip" } }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => { bytes += chunk.length; });
        res.on("error", () => resolve(bytes));
        res.on("aborted", () => resolve(bytes));
        res.on("close", () => resolve(bytes));
      });
      req.on("error", () => resolve(-1));
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [entry] = server.playground.requests();
    // Before: status 200, "100 records", complete-looking, and raw gzip bytes in the preview.
    assert.equal(entry?.status, 200);
    assert.equal(entry?.complete, false);
    assert.equal(entry?.responseBytes, received);
    assert.equal(entry?.responseBytesPromised, received * 2 + ((entry?.responseBytesPromised ?? 0) % 2));
    assert.equal(entry?.records, null);
    const detail = JSON.parse((await send(server.url, `/__playground/requests/${entry?.seq}`)).text) as { responsePreview: string };
    assert.match(detail.responsePreview, /^\[\{"id":"/);
    const [summary] = server.playground.summary();
    assert.deepEqual([summary?.pages, summary?.recordsServed], [0, 0]);
    // A whole answer reads as complete, with its size promised and sent.
    await send(server.url, "/pagination/offset?limit=2");
    const whole = server.playground.requests()[1];
    assert.deepEqual([whole?.complete, whole?.responseBytes === whole?.responseBytesPromised, whole?.records?.count], [true, true, 2]);
  } finally {
    await server.playground.close();
  }
});
