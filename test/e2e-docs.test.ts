import assert from "node:assert/strict";
import { test } from "node:test";
import { createServer } from "../src/server.js";
import { ROUTES } from "../src/router.js";
import { operationId } from "../src/openapi.js";
import { send, start } from "./helpers.js";

test("/ and /docs serve one self-contained page listing every endpoint, with this run's credentials on loopback", async () => {
  const server = await start({ seed: 32 });
  try {
    for (const path of ["/", "/docs", "/docs/"]) {
      const reply = await send(server.url, path);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers["content-type"], "text/html; charset=utf-8");
      const html = reply.text;
      for (const route of ROUTES) assert.ok(html.includes(`id="${operationId(route)}"`), `${route.path} is listed`);
      const { basic, bearer, apiKey, session } = server.playground.credentials;
      for (const secret of [basic.username, basic.password, bearer, apiKey, session.username, session.password]) assert.ok(html.includes(secret));
      // Nothing from anywhere else: no external scripts, styles, fonts or images.
      assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i);
      assert.doesNotMatch(html, /@import|url\(\s*["']?(https?:)?\/\//i);
      assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
      const groups = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
      assert.deepEqual(groups, ["This run's credentials", "Pagination", "Export", "Incremental sync", "Authentication", "Cursors", "Documentation"]);
    }
  } finally {
    await server.playground.close();
  }
});

test("the page shows no credentials when the server is bound to a non-loopback address", async () => {
  const playground = createServer({ seed: 33 });
  const url = await playground.listen(0, "0.0.0.0");
  try {
    const html = (await send(url, "/docs")).text;
    assert.equal(html.includes(playground.credentials.bearer), false);
    assert.equal(html.includes(playground.credentials.basic.password), false);
    assert.ok(html.includes("Credentials are shown only when the playground listens on a loopback address."));
  } finally {
    await playground.close();
  }
});

test("text embedded in the page is escaped", async () => {
  const server = await start({ seed: 34 });
  try {
    const html = (await send(server.url, "/docs", { headers: { Host: "x\"><script>alert(1)</script>" } })).text;
    assert.equal(html.includes("<script>alert(1)</script>"), false);
  } finally {
    await server.playground.close();
  }
});
