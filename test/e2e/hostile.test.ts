import assert from "node:assert/strict";
import { Agent, request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { after, before, test } from "node:test";
import { createServer } from "../../src/server.js";
import { getJson, parseRawResponse, rawExchange, send, start, type Started } from "../helpers.js";

let server: Started;

before(async () => {
  server = await start();
});
after(() => server.playground.close());

test("malformed HTTP gets a JSON 4xx and the connection is closed; the server keeps serving", async () => {
  const cases: [string, number, string][] = [
    ["FOO / HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "Bad request"],
    ["\u0000\u0001 garbage\r\n\r\n", 400, "Bad request"],
    ["GET /pagination/offset HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400, "Bad request"],
    ["POST /auth/session_token/login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", 400, "Bad request"],
    ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "Bad request"],
    ["CONNECT localhost:80 HTTP/1.1\r\nHost: localhost\r\n\r\n", 405, "Method not allowed"],
    [`GET /pagination/offset HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "Request header fields too large"],
  ];
  for (const [raw, status, message] of cases) {
    const reply = parseRawResponse(await rawExchange(server.url, Buffer.from(raw, "latin1")));
    assert.equal(reply.status, status, JSON.stringify(raw.slice(0, 40)));
    assert.match(reply.headers, /\r\nContent-Type: application\/json\r\n/);
    assert.match(reply.headers, /\r\nConnection: close/);
    assert.deepEqual(JSON.parse(reply.body), { error: message });
  }
  assert.equal((await send(server.url, "/pagination/offset")).status, 200);
});

test("garbage after a request does not corrupt the response being written: it completes, then the socket closes", async () => {
  const streaming = await start({ records: 5_000 });
  try {
    const raw = await rawExchange(streaming.url, "GET /incremental/timestamp HTTP/1.1\r\nHost: localhost\r\n\r\nnull garbage\r\n\r\n", 3_000);
    const reply = parseRawResponse(raw);
    assert.equal(reply.status, 200);
    assert.match(reply.headers, /Transfer-Encoding: chunked/);
    assert.ok(reply.body.endsWith("\r\n0\r\n\r\n"), "the chunked body ends properly");
    assert.equal(reply.body.includes("Bad request"), false);
    assert.equal((await send(streaming.url, "/pagination/offset")).status, 200);
  } finally {
    await streaming.playground.close();
  }
});

test("unusual but valid requests are answered: no Host, HTTP/1.0, absolute-form target, OPTIONS *, Upgrade header", async () => {
  const noHost = parseRawResponse(await rawExchange(server.url, "GET /pagination/next_page_url?per_page=1 HTTP/1.1\r\n\r\n"));
  assert.equal(noHost.status, 200);
  assert.equal(JSON.parse(noHost.body).next_page_url, `${server.url.origin}/pagination/next_page_url?page=2&per_page=1&order_by=updatedAt&order_type=asc`);
  const http10 = parseRawResponse(await rawExchange(server.url, "GET /pagination/offset?limit=1 HTTP/1.0\r\n\r\n"));
  assert.equal(http10.status, 200);
  assert.equal(JSON.parse(http10.body).limit, 1);
  const absolute = parseRawResponse(await rawExchange(server.url, "GET http://example.test/pagination/offset?limit=3 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  assert.equal(JSON.parse(absolute.body).data.length, 3);
  const star = parseRawResponse(await rawExchange(server.url, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  assert.equal(star.status, 204);
  assert.match(star.headers, /\r\nAllow: GET, HEAD, POST, OPTIONS\r\n/);
  const upgrade = parseRawResponse(await rawExchange(server.url, "GET /pagination/offset?limit=1 HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"));
  assert.equal(upgrade.status, 200);
});

test("a request target over 8 KiB is a 414; a 64 KiB + 1 body is drained and answered 413 on a live connection", async () => {
  const long = await send(server.url, `/pagination/offset?limit=1&pad=${"x".repeat(9000)}`);
  assert.deepEqual([long.status, JSON.parse(long.text)], [414, { error: "Request target too long (limit 8 KiB)" }]);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const body = Buffer.alloc(64 * 1024 + 1, 0x61);
    const big = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: server.url.hostname, port: server.url.port, path: "/auth/session_token/login", method: "POST", agent }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; }).on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.end(body);
    });
    assert.deepEqual([big.status, JSON.parse(big.text)], [413, { error: "Request body too large (limit 64 KiB)" }]);
    // The same keep-alive connection still works: nothing of the body was mistaken for a request.
    const next = await new Promise<number>((resolve, reject) => {
      httpRequest({ host: server.url.hostname, port: server.url.port, path: "/pagination/offset", agent }, (res) => {
        res.resume().on("end", () => resolve(res.statusCode ?? 0));
      }).on("error", reject).end();
    });
    assert.equal(next, 200);
    const chunked = await send(server.url, "/auth/session_token/login", { method: "POST", headers: { "Transfer-Encoding": "chunked" }, body: Buffer.alloc(200_000, 0x7b) });
    assert.equal(chunked.status, 413);
    const tenMegabytes = await send(server.url, "/auth/session_token/login", { method: "POST", body: Buffer.alloc(10 * 1024 * 1024, 0x20) });
    assert.deepEqual([tenMegabytes.status, JSON.parse(tenMegabytes.text)], [413, { error: "Request body too large (limit 64 KiB)" }]);
    // A declared body beyond what is worth draining (64 MiB) is refused at once, and the connection closed.
    const declared = await rawExchange(server.url, "POST /auth/session_token/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n{");
    const parsed = parseRawResponse(declared);
    assert.deepEqual([parsed.status, JSON.parse(parsed.body)], [413, { error: "Request body too large (limit 64 KiB)" }]);
    assert.match(declared, /\r\nConnection: close\r\n/i);
  } finally {
    agent.destroy();
  }
});

test("hostile query names and values are plain 400s or 200s, never crashes", async () => {
  const cases: [string, number][] = [
    ["/pagination/offset?__proto__=1", 400],
    ["/pagination/offset?constructor=1&hasOwnProperty=2", 400],
    ["/pagination/offset?limit=%", 400],
    ["/pagination/offset?limit=%ZZ", 400],
    ["/pagination/offset?limit=%C0%80", 400],
    ["/pagination/offset?limit=%00", 400],
    ["/pagination/offset?updated_since=%E2%82%AC", 400],
    ["/pagination/keyset?scroll_param=%FF%FE", 400],
    ["/pagination/offset?offset=1" + "0".repeat(400), 400],
    ["/pagination/offset?limit=1&limit=%", 200],
    ["/cursors/%ZZ/departments", 400],
    ["/cursors/%00/departments", 400],
  ];
  for (const [path, status] of cases) {
    const reply = await send(server.url, path);
    assert.equal(reply.status, status, path);
    if (status === 400) assert.equal(typeof JSON.parse(reply.text).error, "string");
  }
  assert.deepEqual((await getJson(server.url, "/pagination/offset?__proto__=1&b=2")).body, { error: "Unexpected query parameters: __proto__, b" });
});

test("a slowloris client sending one header byte a second is dropped while others are served", async () => {
  const socket = connect(Number(server.url.port), server.url.hostname);
  const startedAt = Date.now();
  let received = "";
  socket.on("data", (chunk: Buffer) => { received += chunk.toString(); });
  socket.on("error", () => undefined);
  const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now() - startedAt)));
  socket.write("GET /pagination/offset HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
  const drip = setInterval(() => { if (!socket.destroyed) socket.write("a"); }, 1_000);
  try {
    // Meanwhile other clients get answers.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal((await send(server.url, "/pagination/offset?limit=1")).status, 200);
    }
    const elapsed = await closed;
    // headersTimeout is 5 s, checked every second.
    assert.ok(elapsed < 9_000, `dropped after ${elapsed} ms`);
    assert.ok(elapsed >= 4_000, `dropped too early, after ${elapsed} ms`);
    if (received !== "") assert.deepEqual(JSON.parse(parseRawResponse(received).body), { error: "Request timeout" });
  } finally {
    clearInterval(drip);
  }
});

test("clients aborting a 200,000-row CSV export mid-way leave no stuck stream, no log storm and no memory growth", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const lines: string[] = [];
  const big = await start({ records: 200_000, log: (line) => lines.push(line) });
  const errors: unknown[] = [];
  const onError = (error: unknown): void => { errors.push(error); };
  process.on("uncaughtException", onError);
  try {
    const abortOnce = (): Promise<void> => new Promise((resolve) => {
      const req = httpRequest({ host: big.url.hostname, port: big.url.port, path: "/export/csv", agent: false }, (res) => {
        let received = 0;
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > 4 * 1024 * 1024) req.destroy();
        });
      });
      req.on("error", () => undefined);
      req.on("close", () => resolve());
      req.end();
    });
    await abortOnce();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 15; i++) await abortOnce();
    await new Promise((resolve) => setTimeout(resolve, 200));
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(growth < 16 * 1024 * 1024, `heap grew by ${growth} bytes over 15 aborted exports`);
    const connections = await new Promise<number>((resolve) => big.playground.server.getConnections((_, count) => resolve(count)));
    assert.equal(connections, 0);
    assert.equal(lines.length, 16);
    assert.ok(lines.every((line) => line.endsWith('"GET /export/csv HTTP/1.1" 200 -')));
    assert.deepEqual(errors, []);
    assert.equal((await send(big.url, "/incremental/step?start_id=1&end_id=1")).status, 200);
  } finally {
    process.off("uncaughtException", onError);
    await big.playground.close();
  }
});

test("1,000 concurrent keep-alive connections are all served, twice each", async () => {
  const sockets = await Promise.all(Array.from({ length: 1_000 }, () => new Promise<Socket>((resolve, reject) => {
    const socket = connect(Number(server.url.port), server.url.hostname, () => resolve(socket));
    socket.on("error", reject);
  })));
  /** One keep-alive request on an open socket; resolves with the status once the whole body arrived. */
  const ask = (socket: Socket): Promise<number> => new Promise((resolve) => {
    let buffered = "";
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString("latin1");
      const split = buffered.indexOf("\r\n\r\n");
      if (split === -1) return;
      const length = Number(/\r\nContent-Length: (\d+)/i.exec(buffered.slice(0, split))?.[1]);
      if (buffered.length - split - 4 < length) return;
      socket.off("data", onData);
      resolve(Number(buffered.split(" ")[1]));
    };
    socket.on("data", onData);
    socket.write("GET /pagination/page_number?per_page=5 HTTP/1.1\r\nHost: localhost\r\n\r\n");
  });
  try {
    // Connected sockets may still wait in the listen backlog; give the server a moment to accept them all.
    let open = 0;
    for (let attempt = 0; attempt < 50 && open < 1_000; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = await new Promise<number>((resolve) => server.playground.server.getConnections((_, count) => resolve(count)));
    }
    assert.ok(open >= 1_000, `${open} connections open`);
    assert.deepEqual(new Set(await Promise.all(sockets.map(ask))), new Set([200]));
    assert.deepEqual(new Set(await Promise.all(sockets.map(ask))), new Set([200]));
  } finally {
    for (const socket of sockets) socket.destroy();
  }
});

test("close() ends idle keep-alive connections promptly", async () => {
  const playground = createServer({ seed: 1 });
  const url = await playground.listen(0);
  const agent = new Agent({ keepAlive: true });
  await new Promise<void>((resolve) => httpRequest({ host: url.hostname, port: url.port, path: "/cursors/companies", agent }, (res) => {
    res.resume().on("end", () => resolve());
  }).end());
  const began = Date.now();
  await playground.close();
  assert.ok(Date.now() - began < 1_500, "close waited for an idle socket");
  agent.destroy();
});

test("originForm turns absolute-form targets into origin form and leaves others alone", async () => {
  const { originForm } = await import("../../src/server.js");
  assert.equal(originForm("/pagination/offset?limit=1"), "/pagination/offset?limit=1");
  assert.equal(originForm("http://example.test/pagination/offset?limit=1"), "/pagination/offset?limit=1");
  assert.equal(originForm("HTTPS://example.test:8443"), "/");
  assert.equal(originForm("http://example.test?x=1"), "/?x=1");
  assert.equal(originForm("*"), "*");
  assert.equal(originForm("ftp://x/y"), "ftp://x/y");
});

test("clients that never read pin nothing: stalled connections are closed after the stall timeout, memory stays bounded", async () => {
  const server = await start({ seed: 61, records: 20_000, stallTimeoutMs: 1_000 });
  const sockets: Socket[] = [];
  try {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    for (let i = 0; i < 50; i++) {
      const socket = connect(Number(server.url.port), "127.0.0.1");
      socket.on("error", () => undefined);
      socket.pause();
      // Each with its own loopback Host (once, each was its own cache key and its own 4 MB copy; app.test.ts checks it is one).
      socket.write(`GET /export/csv HTTP/1.1\r\nHost: h${i}.localhost:${server.url.port}\r\n\r\n`);
      sockets.push(socket);
    }
    const connections = (): Promise<number> => new Promise((resolve) => server.playground.server.getConnections((_, count) => resolve(count)));
    // Sample while every answer is being written (and stuck).
    for (let i = 0; i < 16; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
    assert.ok((await connections()) > 0);
    // 50 whole copies would be over 200 MB; one shared body (plus socket buffers) is far less.
    assert.ok(peak - before < 60 * 1024 * 1024, `array buffers grew by ${((peak - before) / 1024 / 1024).toFixed(0)} MiB`);
    // Liveness, not speed: each stuck answer first streams megabytes of CSV into its socket's buffers, which
    // takes seconds of CPU on a busy machine; without the stall timeout they would never close at all.
    const deadline = Date.now() + 30_000;
    while ((await connections()) > 0) {
      assert.ok(Date.now() < deadline, "stalled connections are closed after the stall timeout");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The server goes on serving.
    assert.equal((await send(server.url, "/pagination/offset?limit=1")).status, 200);
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.playground.close();
  }
});

test("connections beyond maxConnections are closed at once; the server keeps serving the others", async () => {
  const server = await start({ seed: 62, maxConnections: 5 });
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const socket = connect(Number(server.url.port), "127.0.0.1");
      socket.on("error", () => undefined);
      await new Promise((resolve) => socket.once("connect", resolve));
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = connect(Number(server.url.port), "127.0.0.1");
    extra.on("error", () => undefined);
    extra.write("GET /pagination/offset HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const received = await new Promise<string>((resolve) => {
      let text = "";
      extra.on("data", (chunk: Buffer) => { text += chunk.toString(); });
      extra.once("close", () => resolve(text));
    });
    assert.equal(received, "", "the sixth connection was closed without an answer");
    sockets[0]!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await send(server.url, "/pagination/offset?limit=1")).status, 200);
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.playground.close();
  }
});
