/** --require-auth: one scheme guards every data endpoint, answering exactly as that scheme's auth endpoint does. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Credentials, RequireAuth } from "../../src/types.js";
import { createServer } from "../../src/server.js";
import { send, start, type Reply, type Started } from "../helpers.js";

const GUARDED = ["/pagination/next_page_url", "/pagination/page_number", "/pagination/offset", "/pagination/keyset", "/pagination/link_header",
  "/pagination/cursor", "/export/csv", "/incremental/timestamp", "/incremental/step?start_id=1&end_id=2", "/cursors/companies", "/cursors/1/departments"];
const OPEN = ["/", "/openapi.json", "/__playground/health"];

/** The scheme's own endpoint, a valid Authorization header, and wrong ones. */
async function scheme(server: Started, name: RequireAuth): Promise<{ endpoint: string; valid: string; wrong: string[] }> {
  const c: Credentials = server.playground.credentials;
  switch (name) {
    case "basic": return { endpoint: "/auth/http_basic", valid: `Basic ${Buffer.from(`${c.basic.username}:${c.basic.password}`).toString("base64")}`, wrong: ["Basic eDp5", `Bearer ${c.bearer}`] };
    case "bearer": return { endpoint: "/auth/http_bearer", valid: `Bearer ${c.bearer}`, wrong: ["Bearer nope", `apiKey ${c.apiKey}`] };
    case "api_key": return { endpoint: "/auth/api_key", valid: `apiKey ${c.apiKey}`, wrong: ["apiKey nope", `Bearer ${c.apiKey}`] };
    case "session": {
      const login = await send(server.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify(c.session) });
      return { endpoint: "/auth/session_token/data", valid: `Token ${JSON.parse(login.text).token}`, wrong: ["Token !!!", "Token eDp5OjE3MDAwMDAwMDA="] };
    }
    case "oauth2": {
      const issued = await send(server.url, "/oauth/token", {
        method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: c.oauth2.clientId, client_secret: c.oauth2.clientSecret }).toString(),
      });
      return { endpoint: "/auth/oauth2/data", valid: `Bearer ${JSON.parse(issued.text).access_token}`, wrong: ["Bearer nope", `Bearer ${c.bearer}`] };
    }
  }
}

function answerOf(reply: Reply): [number, string, unknown] {
  return [reply.status, reply.text, reply.headers["www-authenticate"]];
}

for (const name of ["basic", "bearer", "api_key", "session", "oauth2"] as const) {
  test(`--require-auth ${name}: every data endpoint refuses as ${name}'s endpoint does and serves the same bytes with valid credentials`, async () => {
    const open = await start({ seed: 3, records: 30 });
    const server = await start({ seed: 3, records: 30, requireAuth: name });
    try {
      const { endpoint, valid, wrong } = await scheme(server, name);
      for (const authorization of [undefined, ...wrong]) {
        const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
        const expected = answerOf(await send(server.url, endpoint, { headers }));
        assert.ok(expected[0] === 400 || expected[0] === 401, `${endpoint} refuses ${authorization}`);
        for (const path of GUARDED) {
          // Twice: a stored answer never skips the check.
          for (let i = 0; i < 2; i++) assert.deepEqual(answerOf(await send(server.url, path, { headers })), expected, `${path} with ${authorization}`);
        }
      }
      for (const path of GUARDED.filter((p) => !p.startsWith("/cursors"))) {
        const guarded = await send(server.url, path, { headers: { Authorization: valid } });
        const plain = await send(open.url, path);
        // The same bytes, but for absolute URLs naming each server's own port.
        assert.deepEqual([guarded.status, guarded.text], [plain.status, plain.text.replaceAll(open.url.host, server.url.host)], path);
      }
      assert.equal((await send(server.url, "/cursors/companies", { headers: { Authorization: valid } })).status, 200);
      for (const path of OPEN) assert.equal((await send(server.url, path)).status, 200, `${path} stays open`);
      // Other schemes' endpoints keep their own checks.
      assert.equal((await send(server.url, "/auth/http_bearer", { headers: { Authorization: `Bearer ${server.playground.credentials.bearer}` } })).status, 200);
      assert.equal(server.playground.config().requireAuth, name);
    } finally {
      await server.playground.close();
      await open.playground.close();
    }
  });
}

test("--require-auth oauth2: an expired token is refused on data endpoints with the RFC 6750 challenge, and journaled as such", async () => {
  const server = await start({ seed: 3, records: 30, requireAuth: "oauth2", accessTokenTtlSeconds: 10 });
  try {
    const { valid } = await scheme(server, "oauth2");
    assert.equal((await send(server.url, "/pagination/offset", { headers: { Authorization: valid } })).status, 200);
    server.advance(10_000);
    const expired = await send(server.url, "/pagination/offset", { headers: { Authorization: valid } });
    assert.deepEqual([expired.status, JSON.parse(expired.text), expired.headers["www-authenticate"]],
      [401, { error: "The access token expired" }, 'Bearer error="invalid_token", error_description="The access token expired"']);
    assert.equal(server.playground.requests().at(-1)?.note, "token-expired");
    assert.throws(() => createServer({ requireAuth: "digest" as RequireAuth }), /requireAuth must be one of basic, bearer, api_key, session, oauth2, got "digest"/);
    assert.throws(() => createServer({ refreshRotation: "no" as unknown as boolean }), /refreshRotation must be true or false, got "no"/);
    assert.throws(() => createServer({ accessTokenTtlSeconds: 0 }), /accessTokenTtlSeconds must be an integer from 1 to 315360000, got 0/);
  } finally {
    await server.playground.close();
  }
});

test("with --require-auth the document puts the scheme on every data endpoint, with its refusals as worked examples that hold", async () => {
  for (const name of ["api_key", "oauth2"] as const) {
    const server = await start({ seed: 3, records: 30, requireAuth: name });
    try {
      const doc = JSON.parse((await send(server.url, "/openapi.json")).text);
      const scheme = name === "oauth2" ? { oauth2: ["read"] } : { apiKeyAuth: [] };
      let examples = 0;
      for (const path of ["/pagination/offset", "/export/csv", "/incremental/timestamp", "/cursors/{company_id}/departments"]) {
        const op = doc.paths[path].get;
        assert.deepEqual(op.security, [scheme], path);
        assert.match(op.description, new RegExp(`This run requires ${name} credentials here \\(--require-auth\\)\\.`));
        for (const [status, response] of Object.entries<any>(op.responses)) {
          for (const [key, example] of Object.entries<any>(response.content?.["application/json"]?.examples ?? {})) {
            if (!key.startsWith("auth_")) continue;
            const reply = await send(server.url, example["x-request"], { headers: example["x-headers"] });
            assert.deepEqual([reply.status, JSON.parse(reply.text)], [Number(status), example.value], `${path} ${key}`);
            examples++;
          }
        }
      }
      assert.equal(examples, 8, name);
      assert.deepEqual(doc.paths["/auth/http_basic"].get.security, [{ basicAuth: [] }], "the auth endpoints keep their own");
    } finally {
      await server.playground.close();
    }
  }
});
