import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { createServer } from "../../src/server.js";
import { ROUTES } from "../../src/http/router.js";
import { operationId } from "../../src/describe/openapi.js";
import { send, start } from "../helpers.js";

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
      const groups = [...html.matchAll(/<h2[^>]*>([^<]+)<\/h2>/g)].map((m) => m[1]);
      assert.deepEqual(groups, ["Contents", "This run", "This run's credentials", "Pagination", "Export", "Incremental sync", "Authentication", "Cursors", "Documentation", "Control plane"]);
      // The table of contents links every section and every endpoint.
      for (const route of ROUTES) assert.ok(html.includes(`<a href="#${operationId(route)}">`), `${route.path} is in the contents`);
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
  const playground = createServer({ seed: 34 });
  const url = await playground.listen(0, "0.0.0.0");
  try {
    const html = (await send(url, "/docs", { headers: { Host: "x\"><script>alert(1)</script>" } })).text;
    assert.ok(html.startsWith("<!doctype html>"));
    assert.equal(html.includes("<script>alert(1)</script>"), false);
  } finally {
    await playground.close();
  }
});

test("DNS rebinding: on loopback, a foreign Host gets a JSON 421 and no credentials; --allowed-hosts lets a proxy's name in", async () => {
  const server = await start({ seed: 39 });
  try {
    for (const path of ["/docs", "/openapi.json", "/pagination/next_page_url", "/auth/http_bearer", "/nope"]) {
      const reply = await send(server.url, path, { headers: { Host: "rebind.attacker.example:5001" } });
      assert.equal(reply.status, 421, path);
      assert.equal(reply.headers["content-type"], "application/json");
      assert.deepEqual(JSON.parse(reply.text), { error: "Host 'rebind.attacker.example' is not served: the playground listens on loopback and answers only loopback host names (DNS rebinding protection); to reach it through this name, start it with --allowed-hosts rebind.attacker.example" });
      assert.equal(reply.text.includes(server.playground.credentials.bearer), false);
    }
    for (const host of ["localhost:5001", "127.0.0.1", "127.8.9.10:80", "[::1]:5001", "app.localhost", `127.0.0.1:${server.url.port}`]) {
      assert.equal((await send(server.url, "/docs", { headers: { Host: host } })).status, 200, host);
    }
  } finally {
    await server.playground.close();
  }
  const proxied = await start({ seed: 39, allowedHosts: ["playground.corp.test"] });
  try {
    const reply = await send(proxied.url, "/pagination/next_page_url?per_page=1", { headers: { Host: "playground.corp.test" } });
    assert.equal(JSON.parse(reply.text).next_page_url, "http://playground.corp.test/pagination/next_page_url?page=2&per_page=1&order_by=updatedAt&order_type=asc");
    assert.equal((await send(proxied.url, "/docs", { headers: { Host: "other.corp.test" } })).status, 421);
  } finally {
    await proxied.playground.close();
  }
});

test("the page states this run's settings: seed, records, rate limit with Retry-After, simulations, token lifetime", async () => {
  const server = await start({ seed: 36, records: 40, tokenTtlSeconds: 2, accessTokenTtlSeconds: 5, rateLimit: { capacity: 7, refillPerSecond: 3 }, faults: { errorRate: 0.25 }, churnSeconds: 9 });
  try {
    const html = (await send(server.url, "/docs")).text;
    const run = html.slice(html.indexOf('<h2 id="run">'), html.indexOf('<h2 id="credentials">'));
    assert.match(run, /<dt>Seed<\/dt><dd><code>36<\/code>: start with <code>--seed 36<\/code>/);
    assert.match(run, /<dt>Records<\/dt><dd>40<\/dd>/);
    assert.match(run, /<dt>Rate limit<\/dt><dd>on: a bucket of 7 requests, refilled at 3 per second\./);
    assert.match(run, /<code>429<\/code> with <code>Retry-After<\/code>/);
    assert.match(run, /<dt>Simulations<\/dt><dd>error rate 0\.25 \(500\/502\/503\) on \/\*\*; churn every 9 s\. Injected errors answer <code>500<\/code>/);
    assert.match(run, /<dt>Session tokens<\/dt><dd>valid for 2 seconds/);
    assert.match(run, /<dt>OAuth2<\/dt><dd>access tokens valid for 5 seconds \(<code>--access-token-ttl<\/code>\); refresh tokens rotate: each works once/);
    assert.match(run, /<dt>Auth on data endpoints<\/dt><dd>none \(/);
    assert.match(html, /Access tokens live 5 seconds \(--access-token-ttl\)/);
    // The login's description states this run's lifetime, not the default.
    assert.match(html, /valid for expires_in seconds \(2 in this run, set by --token-ttl\)/);
    assert.equal(html.includes("3600"), false);
    // Descriptions render `code` spans as code, not literal backticks.
    assert.match(html, /sent as <code>Authorization: apiKey &#60;key&#62;<\/code>/);
    assert.equal(/<p><strong>[^<]*<\/strong>:[^\n]*`/.test(html), false, "no literal backticks in descriptions");
  } finally {
    await server.playground.close();
  }
  const quiet = await start({ seed: 37 });
  try {
    const run = (await send(quiet.url, "/docs")).text;
    assert.match(run, /<dt>Rate limit<\/dt><dd>off \(start with <code>--rate-limit<\/code>/);
    assert.match(run, /<dt>Simulations<\/dt><dd>none \(/);
  } finally {
    await quiet.playground.close();
  }
});

test("the documentation routes ignore query strings; the icon is served", async () => {
  const server = await start({ seed: 38 });
  try {
    for (const path of ["/docs?x=1", "/?utm_source=newsletter&utm_medium=email", "/docs/?=", "/openapi.json?v=2", "/favicon.ico?v=3"]) {
      const reply = await send(server.url, path);
      assert.equal(reply.status, 200, path);
    }
    const reply = await fetch(new URL("/favicon.ico", server.url));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get("content-type"), "image/x-icon");
    assert.equal(reply.headers.get("cache-control"), "public, max-age=86400");
    const icon = Buffer.from(await reply.arrayBuffer());
    // An ICO header (reserved 0, type 1, one image of 16×16, 32 bits) and its bitmap: 6 + 16 + 40 + 1024 + 64 bytes.
    assert.equal(icon.length, 1150);
    assert.deepEqual([icon.readUInt16LE(0), icon.readUInt16LE(2), icon.readUInt16LE(4), icon[6], icon[7], icon.readUInt16LE(12)], [0, 1, 1, 16, 16, 32]);
  } finally {
    await server.playground.close();
  }
});

test("without --seed the page says the credentials are random, not replayed by the seed", async () => {
  const playground = createServer();
  const url = await playground.listen(0);
  try {
    const html = (await send(url, "/docs")).text;
    assert.ok(html.includes(`<dt>Seed</dt><dd><code>${playground.seed}</code>: start with <code>--seed ${playground.seed}</code> to get the same records and simulated failures again (this run's credentials are random: they come from the seed only when <code>--seed</code> is given)</dd>`));
  } finally {
    await playground.close();
  }
});

test("the page sends a Content-Security-Policy whose hashes admit exactly its inline style and script, and may not be framed", async () => {
  const server = await start({ seed: 40 });
  try {
    const reply = await send(server.url, "/docs");
    const hash = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(reply.text)![1]!;
    const scripts = [...reply.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 1, "one executable inline script (the data block is type=application/json)");
    assert.equal(reply.headers["content-security-policy"], `default-src 'none'; style-src ${hash(style)}; script-src ${hash(scripts[0]!)}; ` +
      "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    assert.equal(reply.headers["x-frame-options"], "DENY");
    assert.equal(reply.headers["referrer-policy"], "no-referrer");
    assert.doesNotMatch(reply.text, / style="| on[a-z]+="/, "no inline style attributes or event handlers, which the policy would block");
  } finally {
    await server.playground.close();
  }
});
