/** "Did you mean": a mistyped path or parameter gets the original's error body and a hint header naming the near known one. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getJson, start, type Started } from "../helpers.js";

let server: Started;
before(async () => { server = await start(); });
after(async () => { await server.playground.close(); });

test("a path one or two edits from a known one: 404 Not found, and X-Playground-Hint names it", async () => {
  const cases: [string, string | undefined][] = [
    ["/pagination/offsett", "did you mean /pagination/offset?"],
    ["/pagination/ofset/", "did you mean /pagination/offset?"],
    ["/incremental/timestamps", "did you mean /incremental/timestamp?"],
    ["/__playground/confg", "did you mean /__playground/config?"],
    ["/nothing-like-it", undefined],
    [`/${"x".repeat(300)}`, undefined],
  ];
  for (const [path, hint] of cases) {
    const { status, body, headers } = await getJson(server.url, path);
    assert.equal(status, 404, path);
    assert.deepEqual(body, { error: "Not found" }, path);
    assert.equal(headers["x-playground-hint"], hint, path);
  }
});

test("unexpected parameters: the original's 400, and a hint with the allowed names they are near (never the client's text)", async () => {
  const cases: [string, string, string | undefined][] = [
    ["/pagination/offset?lmit=5", "Unexpected query parameters: lmit", "did you mean 'limit'?"],
    ["/pagination/offset?lmit=5&ofset=1&zzz=1", "Unexpected query parameters: lmit, ofset, zzz", "did you mean 'limit', 'offset'?"],
    ["/pagination/page_number?per_pag=5&pgae=2", "Unexpected query parameters: per_pag, pgae", "did you mean 'per_page', 'page'?"],
    ["/pagination/offset?color=red", "Unexpected query parameters: color", undefined],
    ["/pagination/offset?l%0D%0Amit=1", "Unexpected query parameters: l\r\nmit", "did you mean 'limit'?"],
  ];
  for (const [path, error, hint] of cases) {
    const { status, body, headers } = await getJson(server.url, path);
    assert.equal(status, 400, path);
    assert.deepEqual(body, { error }, path);
    assert.equal(headers["x-playground-hint"], hint, path);
  }
});
