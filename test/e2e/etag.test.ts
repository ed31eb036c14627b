/** Conditional requests on the record endpoints: a strong ETag of the bytes, If-None-Match → 304 with no body. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { matchesAny } from "../../src/http/represent.js";
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
