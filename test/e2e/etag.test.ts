/** Conditional requests on the record endpoints: a strong ETag of the bytes, If-None-Match → 304 with no body. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { matchesAny, Validators } from "../../src/http/represent.js";
import { WireHeaders } from "../../src/http/write.js";
import { Encoder } from "../../src/codecs/encoding.js";
import { ResponseCache } from "../../src/run/answer-cache.js";
import { rawExchange, send, start } from "../helpers.js";

test("If-None-Match: * or a list, compared weakly", () => {
  assert.equal(matchesAny("*", '"a"'), true);
  assert.equal(matchesAny('"x", W/"a"', '"a"'), true);
  assert.equal(matchesAny('"x","y"', '"a"'), false);
  assert.equal(matchesAny("a", '"a"'), false);
});

test("record endpoints send a strong ETag of their bytes; If-None-Match with it is a 304 without a body; it changes exactly with the answer", async () => {
  const server = await start({ records: 40 });
  try {
    const targets = ["/pagination/next_page_url?per_page=5", "/pagination/page_number", "/pagination/offset", "/pagination/keyset", "/pagination/link_header",
      "/pagination/cursor", "/export/csv", "/incremental/timestamp", "/incremental/step?start_id=1&end_id=3"];
    for (const target of targets) {
      const first = await send(server.url, target);
      const etag = first.headers.etag as string;
      assert.equal(etag, `"${createHash("sha1").update(first.text).digest("base64url")}"`, target);
      const again = await send(server.url, target);
      assert.equal(again.headers.etag, etag, `${target}: same answer, same tag`);
      const notModified = await send(server.url, target, { headers: { "If-None-Match": `"other", W/${etag}` } });
      assert.deepEqual([notModified.status, notModified.text, notModified.headers.etag, notModified.headers["content-length"]], [304, "", etag, undefined], target);
      const stale = await send(server.url, target, { headers: { "If-None-Match": '"stale"' } });
      assert.deepEqual([stale.status, stale.text], [200, first.text], target);
    }
    // On the wire: status line, ETag, no body, the connection still usable.
    const etag = (await send(server.url, "/pagination/offset")).headers.etag as string;
    const raw = await rawExchange(server.url, `GET /pagination/offset HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: ${etag}\r\nConnection: close\r\n\r\n`);
    assert.match(raw, /^HTTP\/1\.1 304 Not Modified\r\n/);
    assert.ok(raw.includes(`ETag: ${etag}\r\n`));
    assert.ok(raw.endsWith("\r\n\r\n"), "no body");
    const head = await send(server.url, "/pagination/offset", { method: "HEAD" });
    assert.equal(head.headers.etag, etag);
    // A change to a record on the page changes the tag; a page the change did not touch keeps its tag.
    const lastPage = "/pagination/offset?order_type=desc&limit=5";
    const before = [(await send(server.url, lastPage)).headers.etag, (await send(server.url, "/pagination/offset?limit=5")).headers.etag];
    server.advance(60_000);
    server.playground.churn(1);
    const after = [(await send(server.url, lastPage)).headers.etag, (await send(server.url, "/pagination/offset?limit=5")).headers.etag];
    assert.notEqual(after[0], before[0], "the newest page now shows the churned record");
    // Oldest-first page 1 changes only if a churned record was on it: compare bytes to know.
    const oldest = await send(server.url, "/pagination/offset?limit=5");
    assert.equal(after[1], `"${createHash("sha1").update(oldest.text).digest("base64url")}"`);
    // The journal sees 304s like any answer; errors and non-record endpoints carry no ETag.
    assert.ok(server.playground.requests().some((entry) => entry.status === 304));
    assert.equal((await send(server.url, "/pagination/offset?limit=0")).headers.etag, undefined);
    assert.equal((await send(server.url, "/cursors/companies")).headers.etag, undefined);
  } finally {
    await server.playground.close();
  }
});

test("answers streamed in chunks carry no ETag (their bytes are never held whole)", async () => {
  const server = await start({ records: 1500 });
  try {
    const reply = await send(server.url, "/incremental/timestamp");
    assert.deepEqual([reply.status, reply.headers.etag, JSON.parse(reply.text).data.length], [200, undefined, 1500]);
  } finally {
    await server.playground.close();
  }
});

test("an answer made for one request is written exactly as a stored one: the same header lines in the same order, the same bytes and 304s, in every coding", async () => {
  const [server, twin] = await Promise.all([start({ records: 500 }), start({ records: 500 })]);
  try {
    const exchange = (target: string, extra: string): Promise<string> =>
      rawExchange(server.url, `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`).then((raw) => raw.replace(/\r\nDate: [^\r]*/, ""));
    const pages = [1, 2, 3, 4, 5, 6].map((page) => `/pagination/page_number?per_page=40&page=${page}`);
    // The tag of each page, from a twin server (same seed): asking this one would count as a sight.
    const tags = await Promise.all(pages.map(async (target) => (await send(twin.url, target)).headers.etag as string));
    const variants = ["", "Accept-Encoding: gzip\r\n", "Accept-Encoding: br\r\n", `If-None-Match: ${tags[3]}\r\n`, `If-None-Match: ${tags[4]?.slice(0, -1)}-gzip"\r\nAccept-Encoding: gzip\r\n`,
      `If-None-Match: "stale"\r\n`];
    for (const [index, extra] of variants.entries()) {
      const target = pages[index] as string;
      // The first sight is made and dropped, the second made and stored, the third served stored.
      const sights = [await exchange(target, extra), await exchange(target, extra), await exchange(target, extra)];
      assert.equal(sights[1], sights[0], `${extra}: second sight`);
      assert.equal(sights[2], sights[0], `${extra}: stored`);
      const head = (sights[0] as string).split("\r\n\r\n")[0] as string;
      const names = head.split("\r\n").slice(1).map((line) => line.slice(0, line.indexOf(":")));
      const expected = [
        ["Content-Type", "ETag", "X-Content-Type-Options", "Vary", "Content-Length", "Connection"],
        ["Content-Type", "ETag", "Vary", "Content-Encoding", "X-Content-Type-Options", "Content-Length", "Connection"],
        ["Content-Type", "ETag", "Vary", "Content-Encoding", "X-Content-Type-Options", "Content-Length", "Connection"],
        ["ETag", "Vary", "X-Content-Type-Options", "Connection"],
        ["ETag", "Vary", "X-Content-Type-Options", "Connection"],
        ["Content-Type", "ETag", "X-Content-Type-Options", "Vary", "Content-Length", "Connection"],
      ][index];
      assert.deepEqual(names, expected, extra);
      assert.equal(head.split("\r\n")[0], index === 3 || index === 4 ? "HTTP/1.1 304 Not Modified" : "HTTP/1.1 200 OK", extra);
    }
  } finally {
    await Promise.all([server.playground.close(), twin.playground.close()]);
  }
});

test("what is derived from an answer is kept only for a stored one: its tag and 304s, its compressed forms, its header set", () => {
  const body = Buffer.from(JSON.stringify({ data: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `name ${i}` })) }));
  const answer = { status: 200, headers: { "Content-Type": "application/json" }, body };
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const validators = new Validators();
  // Not kept: a new tagged copy each time, equal in value; its 304 too.
  const made = [validators.validate(answer, undefined, undefined, true, false), validators.validate(answer, undefined, undefined, true, false)];
  assert.notEqual(made[0], made[1]);
  assert.deepEqual(made[0], { ...answer, headers: { "Content-Type": "application/json", ETag: etag } });
  assert.deepEqual(made[1], made[0]);
  const notModified = [validators.validate(answer, etag, undefined, true, false), validators.validate(answer, etag, undefined, true, false)];
  assert.notEqual(notModified[0], notModified[1]);
  assert.deepEqual(notModified[0], { status: 304, headers: { ETag: etag, Vary: "Accept-Encoding" }, body: "" });
  // Kept: the same objects every time, equal to those made.
  const kept = validators.validate(answer, undefined, undefined, true);
  assert.equal(validators.validate(answer, undefined, undefined, true), kept);
  assert.deepEqual(kept, made[0]);
  assert.equal(validators.validate(answer, etag, undefined, true), validators.validate(answer, etag, undefined, true));
  assert.deepEqual(validators.validate(answer, etag, undefined, true), notModified[0]);

  const wire = new WireHeaders();
  const fresh = [wire.of(kept, true, false), wire.of(kept, true, false)];
  assert.notEqual(fresh[0], fresh[1]);
  assert.deepEqual(Object.entries(fresh[0] as object), [["Content-Type", "application/json"], ["ETag", etag], ["X-Content-Type-Options", "nosniff"], ["Vary", "Accept-Encoding"], ["Content-Length", body.length]]);
  assert.deepEqual(Object.entries(wire.of(kept, false, false)), [["Content-Type", "application/json"], ["ETag", etag], ["X-Content-Type-Options", "nosniff"], ["Content-Length", body.length]]);
  const set = wire.of(kept, true, true);
  assert.equal(wire.of(kept, true, true), set);
  assert.deepEqual(set, fresh[0]);

  const encoder = new Encoder();
  const charged: number[] = [];
  const ledger = { charge: (_owner: unknown, bytes: number) => charged.push(bytes) };
  const forms = [encoder.encode(kept, "gzip", "\"t-gzip\"", ledger, answer, false), encoder.encode(kept, "gzip", "\"t-gzip\"", ledger, answer, false)];
  assert.notEqual(forms[0], forms[1]);
  assert.deepEqual(forms[0]?.headers, forms[1]?.headers);
  assert.deepEqual(charged, [], "a form not kept is not charged to the cache");
  const form = encoder.encode(kept, "gzip", "\"t-gzip\"", ledger, answer);
  assert.equal(encoder.encode(kept, "gzip", "\"t-gzip\"", ledger, answer), form);
  assert.deepEqual(charged, [(form.body as Buffer).length]);
});

test("the answer cache says which answers it holds: stored ones (from the second sight), until dropped or cleared", () => {
  // 100 KiB: four answers of 20 KiB (each counted with its key and 3 KiB of bookkeeping) fit, a fifth drops the first.
  const cache = new ResponseCache(100 * 1024, 10);
  const make = (n: number) => () => ({ status: 200, headers: {}, body: Buffer.alloc(20 * 1024, n) });
  const first = cache.remember("a", make(1));
  assert.equal(cache.holds(first), false, "first sight: made, not stored");
  const second = cache.remember("a", make(1));
  assert.equal(cache.holds(second), true, "second sight: an answer with its own buffer is stored as it is");
  assert.equal(cache.remember("a", make(9)), second);
  for (const key of ["b", "c", "d"]) {
    cache.remember(key, make(2));
    cache.remember(key, make(2));
  }
  assert.equal(cache.holds(second), true);
  cache.remember("e", make(3));
  cache.remember("e", make(3));
  assert.equal(cache.holds(second), false, "dropped, the oldest, past 100 KiB");
  const b = cache.peek("b");
  assert.ok(b !== undefined && cache.holds(b));
  cache.clear();
  assert.equal(cache.holds(b), false);
});
