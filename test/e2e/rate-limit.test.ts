import assert from "node:assert/strict";
import { test } from "node:test";
import { send, start } from "../helpers.js";

test("a burst of capacity + 10 concurrent requests gets exactly capacity successes and 429s with the right headers", async () => {
  const server = await start({ rateLimit: { capacity: 20 } });
  try {
    const replies = await Promise.all(Array.from({ length: 30 }, () => send(server.url, "/pagination/offset?limit=1")));
    const ok = replies.filter((r) => r.status === 200);
    const limited = replies.filter((r) => r.status === 429);
    assert.equal(ok.length, 20);
    assert.equal(limited.length, 10);
    assert.deepEqual(ok.map((r) => Number(r.headers["x-ratelimit-remaining"])).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
    for (const reply of ok) {
      assert.equal(reply.headers["x-ratelimit-limit"], "20");
      assert.equal(reply.headers["retry-after"], undefined);
    }
    for (const reply of limited) {
      assert.deepEqual(JSON.parse(reply.text), { error: "Too many requests" });
      assert.equal(reply.headers["content-type"], "application/json");
      assert.equal(reply.headers["x-ratelimit-limit"], "20");
      assert.equal(reply.headers["x-ratelimit-remaining"], "0");
      assert.equal(reply.headers["x-ratelimit-reset"], "2");
      assert.equal(reply.headers["retry-after"], "1");
    }
    // 99 ms of refill is not a token; after Retry-After (1 s) there are 10.
    server.advance(99);
    assert.equal((await send(server.url, "/pagination/offset")).status, 429);
    server.advance(901);
    const again = await send(server.url, "/pagination/offset");
    assert.equal(again.status, 200);
    assert.equal(again.headers["x-ratelimit-remaining"], "9");
    assert.equal(again.headers["x-ratelimit-reset"], "2");
  } finally {
    await server.playground.close();
  }
});

test("404s, 405s and bad requests take tokens too; capacity 1 with a custom refill rate", async () => {
  const server = await start({ rateLimit: { capacity: 1, refillPerSecond: 0.5 } });
  try {
    const notFound = await send(server.url, "/nope");
    assert.deepEqual([notFound.status, notFound.headers["x-ratelimit-limit"], notFound.headers["x-ratelimit-remaining"], notFound.headers["x-ratelimit-reset"]],
      [404, "1", "0", "2"]);
    const limited = await send(server.url, "/pagination/offset");
    assert.deepEqual([limited.status, limited.headers["retry-after"], limited.headers["x-ratelimit-reset"]], [429, "2", "2"]);
    server.advance(1_000);
    assert.equal((await send(server.url, "/pagination/offset")).headers["retry-after"], "1");
    server.advance(1_000);
    const bad = await send(server.url, "/pagination/offset?limit=0");
    assert.equal(bad.status, 400);
    assert.equal(bad.headers["x-ratelimit-remaining"], "0");
  } finally {
    await server.playground.close();
  }
});

test("with the rate limit off no rate-limit headers are sent", async () => {
  const server = await start();
  try {
    const reply = await send(server.url, "/pagination/offset");
    assert.equal(reply.headers["x-ratelimit-limit"], undefined);
    assert.equal(reply.headers["retry-after"], undefined);
  } finally {
    await server.playground.close();
  }
});

test("the docs page, the OpenAPI document and the icon take no token and carry no rate-limit headers; unknown paths still count", async () => {
  const server = await start({ rateLimit: { capacity: 3 } });
  try {
    for (let i = 0; i < 10; i++) {
      for (const path of ["/docs", "/", "/openapi.json", "/favicon.ico", "/docs?tab=1"]) {
        const reply = await send(server.url, path);
        assert.equal(reply.status, 200, path);
        assert.equal(reply.headers["x-ratelimit-limit"], undefined, path);
      }
    }
    const first = await send(server.url, "/pagination/offset?limit=1");
    assert.deepEqual([first.status, first.headers["x-ratelimit-remaining"]], [200, "2"]);
    const missing = await send(server.url, "/nope");
    assert.deepEqual([missing.status, missing.headers["x-ratelimit-remaining"]], [404, "1"]);
    assert.equal((await send(server.url, "/pagination/offset")).headers["x-ratelimit-remaining"], "0");
    assert.equal((await send(server.url, "/pagination/offset")).status, 429);
    assert.equal((await send(server.url, "/docs")).status, 200);
  } finally {
    await server.playground.close();
  }
});
