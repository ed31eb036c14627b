/** Content codings: Accept-Encoding with q-values, br/gzip/deflate with exact bytes, Vary, ETags per coding, streamed CSV, the off switch. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { Agent, request as httpRequest } from "node:http";
import { compressible, MIN_COMPRESS_BYTES, negotiate } from "../../src/codecs/encoding.js";
import { heldBuffers, start, type Started } from "../helpers.js";
import { useRowWorkers } from "../../src/run/row-pool.js";

interface BinaryReply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** One request, the body kept as raw bytes (no client-side decompression). */
function fetchRaw(server: Started, path: string, headers: Record<string, string> = {}, method = "GET", agent: Agent | false = false): Promise<BinaryReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: server.url.hostname, port: server.url.port, path, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const DECODE = { br: brotliDecompressSync, gzip: gunzipSync, deflate: inflateSync } as const;

test("negotiation follows RFC 9110 §12.5.3: q-values, q=0 refuses, * stands for the rest, ties go to br, gzip, deflate", () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined], ["", undefined], ["identity", undefined], ["gzip", "gzip"], ["gzip, deflate", "gzip"], ["gzip, deflate, br", "br"],
    ["deflate", "deflate"], ["GZIP", "gzip"], ["x-gzip", "gzip"], ["gzip;q=0.5, br;q=0.8", "br"], ["br;q=0.1, gzip;q=0.9", "gzip"],
    ["gzip;q=0, deflate", "deflate"], ["*", "br"], ["br;q=0, *;q=0.5", "gzip"], ["*;q=0", undefined], ["gzip;q=0", undefined],
    ["gzip ; q = 0.7 , deflate;q=0.6", "gzip"], ["zstd", undefined], ["gzip;q=2", "gzip"], ["br;level=5", "br"],
  ];
  for (const [header, expected] of cases) assert.equal(negotiate(header), expected, String(header));
  assert.equal(compressible({ status: 200, headers: { "Content-Type": "application/json" }, body: "x".repeat(MIN_COMPRESS_BYTES) }), true);
  assert.equal(compressible({ status: 200, headers: { "Content-Type": "application/json" }, body: "x".repeat(MIN_COMPRESS_BYTES - 1) }), false);
  assert.equal(compressible({ status: 200, headers: { "Content-Type": "text/html" }, body: "x".repeat(5000) }), false);
  assert.equal(compressible({ status: 400, headers: { "Content-Type": "application/json" }, body: "x".repeat(5000) }), false);
  assert.equal(compressible({ status: 200, headers: { "Content-Type": "text/csv; charset=utf-8" }, body: () => [] }), true);
});

test("JSON pages in br, gzip and deflate decode to exactly the identity bytes, with Content-Encoding, Vary and the compressed length", async () => {
  const server = await start({ records: 120 });
  try {
    for (const target of ["/pagination/offset?limit=50", "/pagination/link_header", "/incremental/timestamp", "/auth/http_bearer", "/openapi.json"]) {
      const headers: Record<string, string> = target === "/auth/http_bearer" ? { Authorization: `Bearer ${server.playground.credentials.bearer}` } : {};
      const identity = await fetchRaw(server, target, headers);
      assert.equal(identity.headers["content-encoding"], undefined);
      assert.equal(identity.headers.vary, "Accept-Encoding", `${target}: identity says it varies too`);
      for (const coding of ["br", "gzip", "deflate"] as const) {
        const reply = await fetchRaw(server, target, { ...headers, "Accept-Encoding": coding });
        assert.equal(reply.status, 200);
        assert.equal(reply.headers["content-encoding"], coding, target);
        assert.equal(reply.headers.vary, "Accept-Encoding");
        assert.equal(reply.headers["content-length"], String(reply.body.length));
        assert.ok(reply.body.length < identity.body.length / 2, `${target} ${coding}: ${reply.body.length} of ${identity.body.length}`);
        assert.deepEqual(DECODE[coding](reply.body), identity.body, `${target} ${coding}`);
        // A stored answer keeps its compressed form: the same bytes again.
        assert.deepEqual((await fetchRaw(server, target, { ...headers, "Accept-Encoding": coding })).body, reply.body);
      }
      const head = await fetchRaw(server, target, { ...headers, "Accept-Encoding": "gzip" }, "HEAD");
      assert.deepEqual([head.headers["content-encoding"], head.body.length], ["gzip", 0]);
    }
    // Small answers and errors go as they are (no coding, no Vary).
    for (const target of ["/pagination/offset?limit=1", "/pagination/offset?limit=0", "/nope"]) {
      const reply = await fetchRaw(server, target, { "Accept-Encoding": "gzip" });
      assert.deepEqual([reply.headers["content-encoding"], reply.headers.vary], [undefined, undefined], target);
    }
  } finally {
    await server.playground.close();
  }
});

test("each coding has its own strong ETag; If-None-Match answers 304 (with Vary) only for the representation it names", async () => {
  const server = await start({ records: 60 });
  try {
    const target = "/pagination/page_number?per_page=50";
    const identity = await fetchRaw(server, target);
    const etag = identity.headers.etag as string;
    const gzip = await fetchRaw(server, target, { "Accept-Encoding": "gzip" });
    assert.equal(gzip.headers.etag, `${etag.slice(0, -1)}-gzip"`);
    const unchanged = await fetchRaw(server, target, { "Accept-Encoding": "gzip", "If-None-Match": gzip.headers.etag as string });
    assert.deepEqual([unchanged.status, unchanged.body.length, unchanged.headers.etag, unchanged.headers.vary, unchanged.headers["content-encoding"]],
      [304, 0, gzip.headers.etag, "Accept-Encoding", undefined]);
    // The identity tag does not stand for the gzip bytes, nor the gzip tag for the identity ones.
    assert.equal((await fetchRaw(server, target, { "Accept-Encoding": "gzip", "If-None-Match": etag })).status, 200);
    assert.equal((await fetchRaw(server, target, { "If-None-Match": gzip.headers.etag as string })).status, 200);
    assert.equal((await fetchRaw(server, target, { "If-None-Match": etag })).status, 304);
  } finally {
    await server.playground.close();
  }
});

test("a streamed CSV export is compressed as it streams (chunked, no Content-Length) and decodes to the identity export; the journal counts wire bytes and previews text", async () => {
  // The row workers are used whatever this machine's cores.
  useRowWorkers(1);
  const server = await start({ records: 25_000 });
  try {
    const identity = await fetchRaw(server, "/export/csv");
    assert.equal(identity.headers["transfer-encoding"], "chunked");
    // Written by the row workers (25,000 rows), the identity stream's journal entry previews its text too.
    const plain = server.playground.requests().at(-1)!;
    assert.equal(plain.responseBytes, identity.body.length);
    const plainDetail = await (await fetch(new URL(`/__playground/requests/${plain.seq}`, server.url))).json() as { responsePreview: string };
    assert.equal(plainDetail.responsePreview, identity.body.subarray(0, 4096).toString("utf8"));
    for (const coding of ["gzip", "br"] as const) {
      const reply = await fetchRaw(server, "/export/csv", { "Accept-Encoding": coding });
      assert.deepEqual([reply.status, reply.headers["content-encoding"], reply.headers["content-length"], reply.headers["transfer-encoding"], reply.headers.vary],
        [200, coding, undefined, "chunked", "Accept-Encoding"]);
      assert.deepEqual(DECODE[coding](reply.body), identity.body);
      const entry = server.playground.requests().at(-1)!;
      assert.equal(entry.responseBytes, reply.body.length);
      const detail = await (await fetch(new URL(`/__playground/requests/${entry.seq}`, server.url))).json() as { responsePreview: string };
      assert.equal(detail.responsePreview, identity.body.subarray(0, 4096).toString("utf8"));
    }
    // A buffered answer's preview is its text too.
    const page = await fetchRaw(server, "/pagination/offset?limit=50", { "Accept-Encoding": "gzip" });
    const entry = server.playground.requests().at(-1)!;
    assert.equal(entry.responseBytes, page.body.length);
    const detail = await (await fetch(new URL(`/__playground/requests/${entry.seq}`, server.url))).json() as { responsePreview: string };
    assert.equal(detail.responsePreview, gunzipSync(page.body).subarray(0, 4096).toString("utf8"));
  } finally {
    await server.playground.close();
  }
});

test("compression: false sends identity always, without Vary", async () => {
  const server = await start({ records: 60, compression: false });
  try {
    const reply = await fetchRaw(server, "/pagination/offset?limit=50", { "Accept-Encoding": "gzip, br" });
    assert.deepEqual([reply.status, reply.headers["content-encoding"], reply.headers.vary], [200, undefined, undefined]);
    assert.equal(JSON.parse(reply.body.toString()).data.length, 50);
    assert.equal(server.playground.config().compression, false);
  } finally {
    await server.playground.close();
  }
});

test("a compressed form is kept in a buffer of its own size (zlib's one-shot output is a slice of 16 KiB), made once, and its size reported once", async () => {
  const { Encoder } = await import("../../src/codecs/encoding.js");
  const encoder = new Encoder();
  const body = Buffer.from(JSON.stringify({ data: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `name ${i}`, text: "lorem ipsum ".repeat(i % 7) })) }));
  const answer = { status: 200, headers: { "Content-Type": "application/json" }, body };
  const decode = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync } as const;
  for (const coding of ["gzip", "br", "deflate"] as const) {
    const made: number[] = [];
    const ledger = { charge: (owner: unknown, bytes: number) => made.push(owner === answer ? bytes : -1) };
    const form = encoder.encode(answer, coding, undefined, ledger);
    const compressed = form.body as Buffer;
    assert.ok(compressed.length < 4096, `${coding}: ${compressed.length}`);
    assert.equal(compressed.buffer.byteLength, compressed.length, coding);
    assert.deepEqual(decode[coding](compressed), body, coding);
    assert.equal(encoder.encode(answer, coding, undefined, ledger), form);
    assert.deepEqual(made, [compressed.length], coding);
  }
  // A tagged copy's form is charged to the answer it was made from (the one the cache stores).
  const charged: [unknown, number][] = [];
  const tagged = { ...answer, headers: { ...answer.headers, ETag: '"t"' } };
  const form = encoder.encode(tagged, "gzip", '"t-gzip"', { charge: (owner, bytes) => charged.push([owner, bytes]) }, answer);
  assert.deepEqual(charged, [[answer, (form.body as Buffer).length]]);
  assert.equal(form.headers?.ETag, '"t-gzip"');
});

test("the answer cache holds about its 32 MiB with every stored page asked for in three codings: the forms are counted", async () => {
  const server = await start({ records: 200_000, journal: 0 });
  try {
    // Every text fragment made first (they are the records' own, not the cache's).
    assert.equal((await fetchRaw(server, "/incremental/timestamp")).status, 200);
    const before = await heldBuffers();
    let identity = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    // Four lanes of 100-record pages, each page asked for twice (stored the second time), then in each coding.
    await Promise.all([0, 1, 2, 3].map(async (lane) => {
      for (let page = 1 + lane; page <= 1200; page += 4) {
        const path = `/pagination/link_header?per_page=100&page=${page}`;
        await fetchRaw(server, path, {}, "GET", agent);
        const stored = await fetchRaw(server, path, {}, "GET", agent);
        identity += stored.body.length;
        for (const coding of ["gzip", "br", "deflate"]) assert.equal((await fetchRaw(server, path, { "Accept-Encoding": coding }, "GET", agent)).headers["content-encoding"], coding);
      }
    }));
    agent.destroy();
    assert.ok(identity > 34_000_000, `${identity}`);
    const held = (await heldBuffers()) - before;
    // Before, the forms were not counted and each kept zlib's 16 KiB output buffer: 95 MB here (75 MB
    // with the forms cut to size but not counted). Now the cache's bodies and forms within its 32 MiB,
    // and the page writer's 5 MiB of buffers.
    assert.ok(held < 40 * 1024 * 1024, `${held} bytes of buffers held`);
  } finally {
    await server.playground.close();
  }
});
