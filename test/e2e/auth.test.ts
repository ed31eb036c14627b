import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createServer } from "../../src/server.js";
import { FIXED_NOW, getJson, send, start, type Started } from "../helpers.js";

let server: Started;
let first20: any[];

before(async () => {
  server = await start({ seed: 42, tokenTtlSeconds: 60 });
  first20 = (await getJson(server.url, "/incremental/step?start_id=1&end_id=20")).body.data;
});
after(() => server.playground.close());

const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

async function expectData(path: string, authorization: string): Promise<void> {
  const { status, body } = await getJson(server.url, path, { Authorization: authorization });
  assert.equal(status, 200, `${path} with ${authorization}`);
  assert.deepEqual(Object.keys(body), ["data"]);
  assert.equal(body.data.length, 20);
  assert.deepEqual(body.data.map((r: any) => Object.keys(r)), Array(20).fill(["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]));
  // The first 20 records in creation order (step ids replaced by the real UUIDs).
  assert.deepEqual(body.data.map((r: any) => ({ ...r, id: "" })), first20.map((r) => ({ ...r, id: "" })));
}

async function expect401(path: string, headers: Record<string, string>, message: string, scheme: string): Promise<void> {
  const reply = await send(server.url, path, { headers });
  assert.equal(reply.status, 401, `${path} ${JSON.stringify(headers)}`);
  assert.equal(reply.headers["content-type"], "application/json");
  assert.equal(reply.headers["www-authenticate"], `${scheme} realm="connector-playground"`);
  assert.deepEqual(JSON.parse(reply.text), { error: message });
}

test("HTTP Basic: right credentials, any-case scheme; missing header, wrong scheme and wrong secret are 401s", async () => {
  const { username, password } = server.playground.credentials.basic;
  await expectData("/auth/http_basic", basic(username, password));
  await expectData("/auth/http_basic/", `basic ${Buffer.from(`${username}:${password}`).toString("base64")}`);
  await expectData("/auth/http_basic", `BASIC  ${Buffer.from(`${username}:${password}`).toString("base64")}`);
  await expect401("/auth/http_basic", {}, "Authorization header is missing", "Basic");
  await expect401("/auth/http_basic", { Authorization: "" }, "Authorization header is missing", "Basic");
  await expect401("/auth/http_basic", { Authorization: basic(username, password + "x") }, "Invalid API key or format", "Basic");
  await expect401("/auth/http_basic", { Authorization: basic(username.toUpperCase(), password) }, "Invalid API key or format", "Basic");
  await expect401("/auth/http_basic", { Authorization: `Bearer ${Buffer.from(`${username}:${password}`).toString("base64")}` }, "Invalid API key or format", "Basic");
  await expect401("/auth/http_basic", { Authorization: "Basic !!!notbase64" }, "Invalid API key or format", "Basic");
  await expect401("/auth/http_basic", { Authorization: "Basic" }, "Invalid API key or format", "Basic");
});

test("Bearer and apiKey: right token, any-case scheme; wrong token or scheme are 401s", async () => {
  const { bearer, apiKey } = server.playground.credentials;
  await expectData("/auth/http_bearer", `Bearer ${bearer}`);
  await expectData("/auth/http_bearer", `bearer ${bearer}`);
  await expect401("/auth/http_bearer", {}, "Authorization header is missing", "Bearer");
  await expect401("/auth/http_bearer", { Authorization: `Bearer ${bearer.toUpperCase()}` }, "Invalid API key or format", "Bearer");
  await expect401("/auth/http_bearer", { Authorization: `apiKey ${bearer}` }, "Invalid API key or format", "Bearer");
  await expect401("/auth/http_bearer", { Authorization: bearer }, "Invalid API key or format", "Bearer");
  await expectData("/auth/api_key", `apiKey ${apiKey}`);
  await expectData("/auth/api_key", `APIKEY ${apiKey}`);
  await expect401("/auth/api_key", {}, "Authorization header is missing", "apiKey");
  await expect401("/auth/api_key", { Authorization: `apiKey ${apiKey}x` }, "Invalid API key or format", "apiKey");
  await expect401("/auth/api_key", { Authorization: `Bearer ${apiKey}` }, "Invalid API key or format", "apiKey");
});

async function login(body: string | Buffer, contentType = "application/json"): Promise<{ status: number; body: any; headers: any }> {
  const reply = await send(server.url, "/auth/session_token/login", { method: "POST", body, headers: { "Content-Type": contentType } });
  return { status: reply.status, body: JSON.parse(reply.text), headers: reply.headers };
}

test("session login: a token of base64(user:password:expiry) with expires_in, then data with it", async () => {
  const { username, password } = server.playground.credentials.session;
  const { status, body } = await login(JSON.stringify({ username, password }));
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(body), ["token", "expires_in"]);
  assert.equal(body.expires_in, 60);
  assert.equal(Buffer.from(body.token, "base64").toString(), `${username}:${password}:${FIXED_NOW / 1000 + 60}`);
  await expectData("/auth/session_token/data", `Token ${body.token}`);
  await expectData("/auth/session_token/data", `token ${body.token}`);
  // Content-Type need not be exact.
  assert.equal((await login(JSON.stringify({ username, password }), "text/plain")).status, 200);
  // Stateless: another instance with the same credentials (same seed) accepts the token.
  const twin = createServer({ seed: 42, now: () => FIXED_NOW });
  const twinUrl = await twin.listen(0);
  try {
    const reply = await getJson(twinUrl, "/auth/session_token/data", { Authorization: `Token ${body.token}` });
    assert.equal(reply.status, 200);
  } finally {
    await twin.close();
  }
});

test("session login errors: missing fields, non-objects, malformed JSON, wrong types, wrong credentials", async () => {
  const { username, password } = server.playground.credentials.session;
  const required = { error: "Username and password are required" };
  const notObject = { error: "Request body must be a JSON object with 'username' and 'password'" };
  const cases: [string | Buffer, number, unknown][] = [
    [JSON.stringify({ username }), 400, required],
    [JSON.stringify({ password }), 400, required],
    [JSON.stringify({ username: "", password }), 400, required],
    [JSON.stringify({ username, password: null }), 400, required],
    ["{}", 400, required],
    ["[]", 400, notObject],
    ['"text"', 400, notObject],
    ["42", 400, notObject],
    ["null", 400, notObject],
    ["", 400, notObject],
    ["{\"username\":", 400, notObject],
    ["[".repeat(30_000) + "]".repeat(30_000), 400, notObject],
    [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400, notObject],
    [JSON.stringify({ username: 1, password: 2 }), 400, { error: "Username and password must be strings" }],
    [JSON.stringify({ username: [username], password }), 400, { error: "Username and password must be strings" }],
    [JSON.stringify({ username, password: "wrong" }), 401, { error: "Invalid username or password" }],
    [JSON.stringify({ username: "x@example.com", password }), 401, { error: "Invalid username or password" }],
    ['{"__proto__": {"username": "a", "password": "b"}}', 400, required],
  ];
  for (const [body, status, expected] of cases) {
    const reply = await login(body);
    assert.deepEqual([reply.status, reply.body], [status, expected], String(body).slice(0, 60));
  }
  const noBody = await send(server.url, "/auth/session_token/login", { method: "POST" });
  assert.deepEqual([noBody.status, JSON.parse(noBody.text)], [400, notObject]);
});

test("session data errors: missing, undecodable, tampered and expired tokens", async () => {
  const { username, password } = server.playground.credentials.session;
  const { body } = await login(JSON.stringify({ username, password }));
  const encode = (text: string): string => Buffer.from(text).toString("base64");
  const cases: [Record<string, string>, number, string][] = [
    [{}, 400, "Token is missing"],
    [{ Authorization: "" }, 400, "Token is missing"],
    [{ Authorization: "Token" }, 400, "Token is missing"],
    [{ Authorization: `Bearer ${body.token}` }, 400, "Token is missing"],
    [{ Authorization: "Token !!!" }, 400, "Invalid token format"],
    [{ Authorization: `Token ${encode("no-expiry")}` }, 400, "Invalid token format"],
    [{ Authorization: `Token ${encode(`${username}:${password}:soon`)}` }, 400, "Invalid token format"],
    [{ Authorization: `Token ${encode(`${username}:wrong:${FIXED_NOW / 1000 + 60}`)}` }, 401, "Invalid Token"],
    [{ Authorization: `Token ${encode(`${username}:${password}:${FIXED_NOW / 1000 - 1}`)}` }, 401, "Token has expired"],
  ];
  for (const [headers, status, message] of cases) {
    const reply = await send(server.url, "/auth/session_token/data", { headers });
    assert.deepEqual([reply.status, JSON.parse(reply.text)], [status, { error: message }], JSON.stringify(headers));
    if (status === 401) assert.equal(reply.headers["www-authenticate"], 'Token realm="connector-playground"');
  }
});

test("tokens expire by the injected clock: valid through expiry, rejected after", async () => {
  const clocked = await start({ seed: 8, tokenTtlSeconds: 30 });
  try {
    const { username, password } = clocked.playground.credentials.session;
    const reply = await send(clocked.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) });
    const token = JSON.parse(reply.text).token;
    clocked.advance(30_000);
    assert.equal((await getJson(clocked.url, "/auth/session_token/data", { Authorization: `Token ${token}` })).status, 200);
    clocked.advance(1);
    assert.deepEqual((await getJson(clocked.url, "/auth/session_token/data", { Authorization: `Token ${token}` })).body, { error: "Token has expired" });
  } finally {
    await clocked.playground.close();
  }
});

test("secretsEqual: equal only for identical text, whatever the lengths", async () => {
  const { secretsEqual } = await import("../../src/api/auth.js");
  assert.equal(secretsEqual("abc", "abc"), true);
  assert.equal(secretsEqual("", ""), true);
  for (const [a, b] of [["abc", "abd"], ["abc", "ab"], ["ab", "abc"], ["", "a"], ["a", ""], ["é", "e"], ["abc\u0000", "abc"]]) {
    assert.equal(secretsEqual(a!, b!), false, `${a} vs ${b}`);
  }
});

test("without --seed the credentials come from node:crypto: knowing the seed (which the public data pins) opens nothing", async () => {
  const victim = createServer({ now: () => FIXED_NOW });
  const url = await victim.listen(0);
  try {
    // What a brute force of the public first record would find: the data seed, hence the same records.
    const replica = createServer({ seed: victim.seed, now: () => FIXED_NOW });
    const first = (await getJson(url, "/pagination/offset?limit=1")).body.data[0];
    const replicaUrl = await replica.listen(0);
    assert.deepEqual((await getJson(replicaUrl, "/pagination/offset?limit=1")).body.data[0], first);
    await replica.close();
    const derived = replica.credentials;
    assert.notDeepEqual(derived, victim.credentials);
    const basic = `Basic ${Buffer.from(`${derived.basic.username}:${derived.basic.password}`).toString("base64")}`;
    for (const [path, header] of [["/auth/http_basic", basic], ["/auth/http_bearer", `Bearer ${derived.bearer}`], ["/auth/api_key", `apiKey ${derived.apiKey}`]]) {
      assert.equal((await getJson(url, path!, { Authorization: header! })).status, 401, path);
    }
    const login = await send(url, "/auth/session_token/login", { method: "POST", body: JSON.stringify(derived.session) });
    assert.equal(login.status, 401);
    // The real ones still work, and keep the original's shapes.
    assert.equal((await getJson(url, "/auth/http_bearer", { Authorization: `Bearer ${victim.credentials.bearer}` })).status, 200);
    assert.match(victim.credentials.basic.username, /^[0-9a-f]{5}@example\.com$/);
    assert.match(victim.credentials.session.password, /^[0-9a-f]{10}$/);
    assert.match(victim.credentials.apiKey, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  } finally {
    await victim.close();
  }
});

test("credentials set explicitly are used as given, and checked", async () => {
  const credentials = { basic: { username: "ada", password: "pw1" }, bearer: "tok", apiKey: "key", session: { username: "bob", password: "pw2" } };
  const server = await start({ credentials });
  try {
    // The OAuth2 client, left out, comes from the seed (42 here): the same on every start, another for another seed.
    const { oauth2: generated, ...given } = server.playground.credentials;
    assert.deepEqual(given, credentials);
    assert.match(generated.clientId, /^playground-[0-9a-f]{12}$/);
    assert.match(generated.clientSecret, /^[0-9a-f]{32}$/);
    assert.deepEqual(createServer({ seed: 42, credentials }).credentials.oauth2, generated);
    assert.notDeepEqual(createServer({ seed: 43, credentials }).credentials.oauth2, generated);
    assert.equal((await getJson(server.url, "/auth/api_key", { Authorization: "apiKey key" })).status, 200);
  } finally {
    await server.playground.close();
  }
  const oauth2 = { clientId: "my-client", clientSecret: "my-secret" };
  assert.deepEqual(createServer({ credentials: { ...credentials, oauth2 } }).credentials.oauth2, oauth2);
  assert.throws(() => createServer({ credentials: { ...credentials, oauth2: { clientId: "a", clientSecret: "" } } }),
    (error: unknown) => error instanceof RangeError && error.message === "credentials.oauth2.clientSecret must be 1-200 printable characters without spaces, got \"\"");
  assert.throws(() => createServer({ credentials: { ...credentials, basic: { username: "a:b", password: "x" } } }),
    (error: unknown) => error instanceof RangeError && error.message === "credentials.basic.username must be 1-200 printable characters without spaces or ':', got \"a:b\"");
  assert.throws(() => createServer({ credentials: { ...credentials, bearer: "with space" } }),
    (error: unknown) => error instanceof RangeError && error.message === "credentials.bearer must be 1-200 printable characters without spaces, got \"with space\"");
});
