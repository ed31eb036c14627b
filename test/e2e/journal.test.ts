/** The journal live (Server-Sent Events), the sync summary, structured logs, and no secret anywhere it must not be. */
import assert from "node:assert/strict";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { test } from "node:test";
import type { LogEntry } from "../../src/http/log.js";
import { createServer } from "../../src/server.js";
import { send, start } from "../helpers.js";

interface StreamEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/** An event-stream reader: events as they arrive, and `next(n)`: the n events after those already taken, once they are there. */
function openStream(url: URL, path: string, headers: Record<string, string> = {}): Promise<{
  response: IncomingMessage; events: StreamEvent[]; raw: () => string; next(count: number): Promise<StreamEvent[]>; close(): void;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers, agent: false }, (response) => {
      const events: StreamEvent[] = [];
      let text = "";
      let buffer = "";
      const waiting: (() => void)[] = [];
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split("\n")) {
            const colon = line.indexOf(": ");
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
          }
          if (fields.has("data")) events.push({ id: fields.get("id"), event: fields.get("event") ?? "message", data: fields.get("data") as string });
        }
        for (const wake of waiting.splice(0)) wake();
      });
      response.on("error", () => undefined);
      let consumed = 0;
      const next = async (count: number): Promise<StreamEvent[]> => {
        const target = consumed + count;
        const deadline = Date.now() + 5000;
        while (events.length < target) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} events; got ${JSON.stringify(events)}`);
          await new Promise<void>((wake) => { waiting.push(wake); setTimeout(wake, 100); });
        }
        consumed = target;
        return events.slice(target - count, target);
      };
      resolve({ response, events, raw: () => text, next, close: () => req.destroy() });
    });
    req.on("error", reject);
    req.end();
  });
}

test("the event stream: headers, replay from since, live entries with id = seq, Last-Event-ID resumes, cleared and reset events", async () => {
  const server = await start();
  try {
    await send(server.url, "/pagination/offset?limit=1");
    await send(server.url, "/pagination/offset?limit=2");
    const stream = await openStream(server.url, "/__playground/requests/stream?since=1");
    assert.equal(stream.response.statusCode, 200);
    assert.equal(stream.response.headers["content-type"], "text/event-stream; charset=utf-8");
    assert.equal(stream.response.headers["cache-control"], "no-store");
    assert.equal(stream.response.headers["content-length"], undefined);
    const [replayed] = await stream.next(1);
    assert.deepEqual([replayed?.id, replayed?.event, JSON.parse(replayed?.data ?? "{}").query], ["2", "request", { limit: "2" }]);
    assert.match(stream.raw(), /^retry: 1000\n: connected\n\n/);
    await send(server.url, "/export/csv");
    const [live] = await stream.next(1);
    const entry = JSON.parse(live?.data ?? "{}");
    assert.deepEqual([live?.id, entry.seq, entry.path, entry.status], ["3", 3, "/export/csv", 200]);
    assert.deepEqual(entry, (await send(server.url, "/__playground/requests?since=2").then((r) => JSON.parse(r.text)))[0]);
    await send(server.url, "/__playground/requests", { method: "DELETE" });
    await send(server.url, "/__playground/reset", { method: "POST" });
    assert.deepEqual((await stream.next(2)).map((e) => [e.event, e.data]), [["cleared", "{}"], ["reset", "{}"]]);
    stream.close();
    await send(server.url, "/pagination/keyset");
    // A browser reconnecting sends Last-Event-ID: it gets what it missed (still in the journal), nothing twice.
    const resumed = await openStream(server.url, "/__playground/requests/stream", { "Last-Event-ID": "3" });
    const [missed] = await resumed.next(1);
    assert.deepEqual([missed?.id, JSON.parse(missed?.data ?? "{}").path], ["4", "/pagination/keyset"]);
    resumed.close();
    const bad = await send(server.url, "/__playground/requests/stream?since=-1");
    assert.deepEqual([bad.status, JSON.parse(bad.text)], [400, { error: "Invalid value for 'since'. It must be an integer >= 0 (a seq from an earlier answer)." }]);
  } finally {
    await server.playground.close();
  }
});

test("closing the server ends open event streams at once", async () => {
  const server = await start();
  const stream = await openStream(server.url, "/__playground/requests/stream");
  const ended = new Promise<void>((resolve) => stream.response.on("close", resolve));
  const started = performance.now();
  await server.playground.close();
  await ended;
  assert.ok(performance.now() - started < 1500, "not held until the forced close");
});

test("the sync summary counts pages, repeats, retries, early retries, bad tokens and a walk stopped early", async () => {
  const server = await start({ records: 30, tokenTtlSeconds: 10 });
  try {
    server.playground.scriptFaults([{ path: "/pagination/page_number", status: 503, retryAfter: 2 }]);
    const get = (target: string, headers: Record<string, string> = {}): Promise<unknown> => send(server.url, target, { headers });
    await get("/pagination/page_number?per_page=10&page=1"); // 503, Retry-After 2
    await get("/pagination/page_number?per_page=10&page=1"); // a retry, too early
    server.advance(2000);
    await get("/pagination/page_number?per_page=10&page=2"); // the retry is fine now
    await get("/pagination/page_number?per_page=10&page=2"); // the same page twice in a row
    await get("/pagination/page_number?per_page=20&page=1"); // a first page again: a new sync run
    await get("/pagination/offset?limit=30"); // all 30, complete
    await get("/pagination/offset?limit=5&offset=5"); // more follows, and nothing comes
    const { username, password } = server.playground.credentials.session;
    const { token } = JSON.parse((await send(server.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) })).text);
    server.advance(11_000);
    await get("/auth/session_token/data", { Authorization: `Token ${token}` });
    await get("/pagination/offset?limit=0");
    const summary = (await send(server.url, "/__playground/summary").then((r) => JSON.parse(r.text))).endpoints;
    const base = { recordsUntracked: 0, clientErrors: 0, rateLimited: 0, serverErrors: 0, dropped: 0, retries: 0, earlyRetries: 0, repeatedPages: 0, badTokens: 0 };
    assert.deepEqual(summary, [
      {
        // per_page=20&page=1 starts a second sync run: its 20 records are not "served again".
        ...base, endpoint: "/pagination/page_number", requests: 5, pages: 4, recordsServed: 50, runs: 2, distinctRecords: 20, recordsServedMoreThanOnce: 0,
        serverErrors: 1, retries: 1, earlyRetries: 1, repeatedPages: 1, stoppedBeforeLastPage: true,
      },
      { ...base, endpoint: "/pagination/offset", requests: 3, pages: 2, recordsServed: 35, runs: 1, distinctRecords: 30, recordsServedMoreThanOnce: 5, clientErrors: 1, stoppedBeforeLastPage: true },
      { ...base, endpoint: "/auth/session_token/login", requests: 1, pages: 0, recordsServed: 0, runs: 0, distinctRecords: 0, recordsServedMoreThanOnce: 0, stoppedBeforeLastPage: false },
      { ...base, endpoint: "/auth/session_token/data", requests: 1, pages: 0, recordsServed: 0, runs: 0, distinctRecords: 0, recordsServedMoreThanOnce: 0, clientErrors: 1, badTokens: 1, stoppedBeforeLastPage: false },
    ]);
    await get("/pagination/offset?limit=20&offset=10");
    const offset = (await send(server.url, "/__playground/summary").then((r) => JSON.parse(r.text))).endpoints[1];
    assert.equal(offset.stoppedBeforeLastPage, false, "the last page said nothing follows");
  } finally {
    await server.playground.close();
  }
});

test("a log function with a second parameter gets structured entries; a one-parameter log keeps plain lines", async () => {
  const structured: [string, LogEntry][] = [];
  const plain: string[] = [];
  const a = await start({ log: (line, entry) => structured.push([line, entry]) });
  const b = await start({ log: (line) => plain.push(line) });
  try {
    await send(a.url, "/pagination/offset?limit=1");
    await send(a.url, "/__playground/health");
    const journaled = a.playground.requests()[0];
    await send(a.url, "/__playground/requests", { method: "DELETE" });
    await send(b.url, "/pagination/offset?limit=1");
    a.advance(10_000);
    a.playground.churn(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(structured.map(([, entry]) => entry.event), ["request", "control", "churn"]);
    const [line, entry] = structured[0] as [string, LogEntry];
    assert.match(line, /"GET \/pagination\/offset\?limit=1 HTTP\/1\.1" 200 -$/);
    assert.deepEqual(entry, { event: "request", ...journaled });
    // Reads of the control plane are not logged (the inspector polls them); its changes are.
    assert.deepEqual(structured[1]?.[1], { event: "control", time: "2026-11-28T12:00:00.000Z", method: "DELETE", path: "/__playground/requests", status: 200 });
    assert.equal(plain.length, 1);
    assert.match(plain[0] as string, /"GET \/pagination\/offset\?limit=1 HTTP\/1\.1" 200 -$/);
  } finally {
    await a.playground.close();
    await b.playground.close();
  }
});

test("no secret reaches the journal, the stream, the log, the inspector's detail or the config while not on loopback", async () => {
  const lines: string[] = [];
  const entries: string[] = [];
  const playground = createServer({ seed: 3, adminToken: "admin-s3cret", log: (line, entry) => { lines.push(line); entries.push(JSON.stringify(entry)); } });
  const url = await playground.listen(0, "0.0.0.0");
  const admin = { "X-Playground-Admin-Token": "admin-s3cret" };
  try {
    const { basic, bearer, apiKey, session } = playground.credentials;
    const stream = await openStream(url, "/__playground/requests/stream", admin);
    const basicHeader = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString("base64")}`;
    const login = await send(url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username: session.username, password: session.password }) });
    const { token } = JSON.parse(login.text);
    const requests: [string, Record<string, string>][] = [
      ["/auth/http_basic", { Authorization: basicHeader }],
      ["/auth/http_bearer", { Authorization: `Bearer ${bearer}` }],
      ["/auth/api_key", { Authorization: `apiKey ${apiKey}` }],
      ["/auth/session_token/data", { Authorization: `Token ${token}`, Cookie: `session=${token}` }],
      // Secrets where they do not belong: in the query, in other headers, in the path.
      [`/pagination/offset?api_key=${apiKey}&token=${encodeURIComponent(token)}&password=${basic.password}`, { "X-Api-Key": apiKey, "X-Admin": "admin-s3cret" }],
      [`/auth/${bearer}`, { "Proxy-Authorization": basicHeader, "X-Playground-Admin-Token": "admin-s3cret" }],
    ];
    for (const [target, headers] of requests) await send(url, target, { headers });
    await stream.next(requests.length + 1);
    stream.close();
    const journal = (await send(url, "/__playground/requests", { headers: admin })).text;
    const details = await Promise.all(JSON.parse(journal).map((e: { seq: number }) => send(url, `/__playground/requests/${e.seq}`, { headers: admin }).then((r) => r.text)));
    const config = (await send(url, "/__playground/config", { headers: admin })).text;
    assert.equal(JSON.parse(config).credentials, null);
    const secrets = [basic.password, bearer, apiKey, session.password, token, Buffer.from(`${basic.username}:${basic.password}`).toString("base64"), "admin-s3cret"];
    const places: [string, string][] = [["journal", journal], ["details", details.join("\n")], ["stream", stream.raw()], ["log lines", lines.join("\n")],
      ["log entries", entries.join("\n")], ["config", config]];
    for (const [place, text] of places) {
      for (const secret of secrets) assert.equal(text.includes(secret), false, `${place} holds ${secret}`);
    }
    // What was redacted is still recognisable.
    const shown = JSON.parse(journal);
    assert.deepEqual(shown.slice(1, 5).map((e: any) => e.headers.authorization), ["Basic [redacted]", "Bearer [redacted]", "apiKey [redacted]", "Token [redacted]"]);
    assert.equal(shown[4].headers.cookie, "[redacted]");
    assert.deepEqual(shown[5].query, { api_key: "[redacted]", token: "[redacted]", password: "[redacted]" });
    assert.equal(shown[5].headers["x-api-key"], "[redacted]");
    assert.equal(shown[6].path, "/auth/[redacted]");
    assert.match(details[0] as string, /\\"token\\":\\"\[redacted\]\\"/);
    assert.equal(details.length, 7);
  } finally {
    await playground.close();
  }
});
