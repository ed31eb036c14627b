/** OAuth2 (RFC 6749, 6750, 7636) end to end: every grant, every error, expiry on the injected clock, rotation, revocation, replicas. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeToken, encodeToken, pkceChallenge, signingKey } from "../../src/codecs/oauth-token.js";
import { CODE_TTL_SECONDS, OAUTH_MESSAGES } from "../../src/api/oauth.js";
import { send, start, type Reply, type Started } from "../helpers.js";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT = "http://127.0.0.1:8765/callback";

function basic(server: Started, secret = server.playground.credentials.oauth2.clientSecret): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${server.playground.credentials.oauth2.clientId}:${secret}`).toString("base64")}` };
}

function token(server: Started, parameters: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
  return send(server.url, "/oauth/token", { method: "POST", headers: { ...FORM, ...headers }, body: new URLSearchParams(parameters).toString() });
}

function clientBody(server: Started): Record<string, string> {
  const { clientId, clientSecret } = server.playground.credentials.oauth2;
  return { client_id: clientId, client_secret: clientSecret };
}

/** Asserts an RFC 6749 §5.2 error answer exactly. */
function assertOAuthError(reply: Reply, status: number, error: string, description: string, challenge = false): void {
  assert.deepEqual([reply.status, JSON.parse(reply.text)], [status, { error, error_description: description }]);
  assert.equal(reply.headers["cache-control"], "no-store");
  assert.equal(reply.headers.pragma, "no-cache");
  assert.equal(reply.headers["content-type"], "application/json");
  assert.equal(reply.headers["www-authenticate"], challenge ? 'Basic realm="connector-playground"' : undefined);
}

function data(server: Started, accessToken: string): Promise<Reply> {
  return send(server.url, "/auth/oauth2/data", { headers: { Authorization: `Bearer ${accessToken}` } });
}

test("token codec: PKCE S256 per RFC 7636 appendix B; tags bind kind, claims and client", () => {
  assert.equal(pkceChallenge(VERIFIER), CHALLENGE);
  const key = signingKey("id", "secret");
  const access = encodeToken(key, "access", { exp: 10, jti: "j", scope: "read" });
  assert.match(access, /^pgat_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(decodeToken(key, "access", access), { exp: 10, jti: "j", scope: "read" });
  assert.equal(decodeToken(signingKey("id", "other"), "access", access), undefined, "another client's key");
  assert.equal(decodeToken(key, "refresh", access), undefined, "another kind");
  const [head, tag] = access.split(".") as [string, string];
  const forged = `pgat_${Buffer.from(JSON.stringify({ exp: 99_999_999_999, jti: "j", scope: "read" })).toString("base64url")}.${tag}`;
  assert.equal(decodeToken(key, "access", forged), undefined, "claims changed");
  assert.equal(decodeToken(key, "access", `${head}.${tag.slice(0, -1)}A`), undefined, "tag changed");
  assert.equal(decodeToken(key, "access", "pgat_nodot"), undefined);
  // A valid tag over a payload that is not JSON is still refused.
  const junk = encodeToken(key, "access", { exp: 1, jti: "x", scope: "s" }).replace(/^pgat_[^.]+/, "pgat_bm90IGpzb24");
  assert.equal(decodeToken(key, "access", junk), undefined);
});

test("client credentials, by HTTP Basic or in the body, form or JSON: the RFC 6749 §5.1 answer; the token opens /auth/oauth2/data until it expires", async () => {
  const server = await start({ seed: 11 });
  try {
    const reply = await token(server, { grant_type: "client_credentials" }, basic(server));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["cache-control"], "no-store");
    assert.equal(reply.headers.pragma, "no-cache");
    assert.equal(reply.headers["content-type"], "application/json");
    const body = JSON.parse(reply.text);
    assert.deepEqual(Object.keys(body), ["access_token", "token_type", "expires_in", "refresh_token", "scope"]);
    assert.deepEqual([body.token_type, body.expires_in, body.scope], ["Bearer", 3600, "read"]);
    assert.match(body.access_token, /^pgat_/);
    assert.match(body.refresh_token, /^pgrt_/);
    // The same 20 records as the other auth endpoints.
    const bearer = await send(server.url, "/auth/http_bearer", { headers: { Authorization: `Bearer ${server.playground.credentials.bearer}` } });
    const opened = await data(server, body.access_token);
    assert.deepEqual([opened.status, opened.text], [200, bearer.text]);
    assert.equal(JSON.parse(opened.text).data.length, 20);
    // Body credentials and a scope; JSON bodies too (many clients send them).
    const inBody = JSON.parse((await token(server, { grant_type: "client_credentials", scope: "read write", ...clientBody(server) })).text);
    assert.equal(inBody.scope, "read write");
    const json = await send(server.url, "/oauth/token", {
      method: "POST", headers: { "Content-Type": "application/json; charset=utf-8" }, body: JSON.stringify({ grant_type: "client_credentials", ...clientBody(server) }),
    });
    assert.equal(json.status, 200);
    // Scheme case does not matter (RFC 9110); expiry at exactly expires_in seconds on the injected clock.
    server.advance(3599_000);
    assert.equal((await send(server.url, "/auth/oauth2/data", { headers: { Authorization: `bearer ${body.access_token}` } })).status, 200);
    server.advance(1_000);
    const expired = await data(server, body.access_token);
    assert.deepEqual([expired.status, JSON.parse(expired.text)], [401, { error: "The access token expired" }]);
    assert.equal(expired.headers["www-authenticate"], 'Bearer error="invalid_token", error_description="The access token expired"');
    assert.equal(server.playground.requests().at(-1)?.note, "token-expired");
  } finally {
    await server.playground.close();
  }
});

test("the protected endpoint's 401s follow RFC 6750: no error code without a bearer token, invalid_token for a bad one", async () => {
  const server = await start({ seed: 11 });
  const other = await start({ seed: 12 });
  try {
    const missing = await send(server.url, "/auth/oauth2/data");
    assert.deepEqual([missing.status, JSON.parse(missing.text), missing.headers["www-authenticate"]],
      [401, { error: OAUTH_MESSAGES.tokenMissing }, 'Bearer realm="connector-playground"']);
    const basicScheme = await send(server.url, "/auth/oauth2/data", { headers: { Authorization: "Basic eDp5" } });
    assert.equal(basicScheme.status, 401);
    assert.equal(basicScheme.headers["www-authenticate"], 'Bearer realm="connector-playground"');
    // The run's static bearer token is not an OAuth2 token; nor is one from another seed's client.
    const foreign = JSON.parse((await token(other, { grant_type: "client_credentials", ...clientBody(other) })).text).access_token;
    for (const bad of [server.playground.credentials.bearer, foreign, "pgat_x.y"]) {
      const reply = await data(server, bad);
      assert.deepEqual([reply.status, JSON.parse(reply.text), reply.headers["www-authenticate"]],
        [401, { error: "The access token is invalid" }, 'Bearer error="invalid_token", error_description="The access token is invalid"'], bad);
    }
  } finally {
    await server.playground.close();
    await other.playground.close();
  }
});

test("--access-token-ttl sets expires_in and expiry; tokens are stateless, so a replica with the same seed accepts them", async () => {
  const a = await start({ seed: 21, accessTokenTtlSeconds: 60 });
  const b = await start({ seed: 21, accessTokenTtlSeconds: 60 });
  try {
    assert.deepEqual(a.playground.credentials.oauth2, b.playground.credentials.oauth2);
    const issued = JSON.parse((await token(a, { grant_type: "client_credentials" }, basic(a))).text);
    assert.equal(issued.expires_in, 60);
    assert.equal((await data(b, issued.access_token)).status, 200);
    // A refresh token from one replica works on the other.
    const refreshed = await token(b, { grant_type: "refresh_token", refresh_token: issued.refresh_token }, basic(b));
    assert.equal(refreshed.status, 200);
    a.advance(60_000);
    assert.equal((await data(a, issued.access_token)).status, 401);
  } finally {
    await a.playground.close();
    await b.playground.close();
  }
});

test("refresh tokens rotate by default: a used one is invalid_grant, the new one works; narrower scope allowed, wider refused", async () => {
  const server = await start({ seed: 11 });
  try {
    const first = JSON.parse((await token(server, { grant_type: "client_credentials", scope: "read write" }, basic(server))).text);
    const second = await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token, ...clientBody(server) });
    assert.equal(second.status, 200);
    const renewed = JSON.parse(second.text);
    assert.notEqual(renewed.refresh_token, first.refresh_token);
    assert.notEqual(renewed.access_token, first.access_token);
    assert.deepEqual([renewed.token_type, renewed.expires_in, renewed.scope], ["Bearer", 3600, "read write"]);
    assert.equal((await data(server, renewed.access_token)).status, 200);
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.refreshUsed);
    const narrower = JSON.parse((await token(server, { grant_type: "refresh_token", refresh_token: renewed.refresh_token, scope: "read" }, basic(server))).text);
    assert.equal(narrower.scope, "read");
    // The refresh token keeps the scope first granted: it can be widened back to it, not beyond.
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: narrower.refresh_token, scope: "read admin" }, basic(server)),
      400, "invalid_scope", OAUTH_MESSAGES.scopeWider);
    assertOAuthError(await token(server, { grant_type: "refresh_token" }, basic(server)), 400, "invalid_request", OAUTH_MESSAGES.refreshMissing);
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: "pgrt_forged.x" }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.refreshInvalid);
    // A confidential client's refresh token needs the secret.
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: narrower.refresh_token, client_id: server.playground.credentials.oauth2.clientId }),
      401, "invalid_client", OAUTH_MESSAGES.secretNeeded);
    // A control-plane reset starts a new generation: tokens from before it are refused, never replayed.
    server.playground.reset();
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.refreshStale);
  } finally {
    await server.playground.close();
  }
});

test("--oauth-refresh-rotation false: the same refresh token comes back and keeps working", async () => {
  const server = await start({ seed: 11, refreshRotation: false });
  try {
    const first = JSON.parse((await token(server, { grant_type: "client_credentials" }, basic(server))).text);
    for (let i = 0; i < 3; i++) {
      const again = JSON.parse((await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token }, basic(server))).text);
      assert.equal(again.refresh_token, first.refresh_token);
      assert.equal((await data(server, again.access_token)).status, 200);
    }
    assert.deepEqual(((await (await fetch(new URL("/__playground/config", server.url))).json()) as { oauth2: unknown }).oauth2,
      { accessTokenTtlSeconds: 3600, refreshRotation: false, tokenUrl: `${server.url.origin}/oauth/token`, authorizeUrl: `${server.url.origin}/oauth/authorize` });
  } finally {
    await server.playground.close();
  }
});

test("authorization code with PKCE S256: authorize redirects at once with code and state; the exchange checks verifier, redirect_uri, reuse and expiry", async () => {
  const server = await start({ seed: 11 });
  const { clientId } = server.playground.credentials.oauth2;
  const authorize = async (extra: Record<string, string> = {}): Promise<Reply> => send(server.url, `/oauth/authorize?${new URLSearchParams({
    response_type: "code", client_id: clientId, redirect_uri: REDIRECT, state: "st 1/é", code_challenge: CHALLENGE, code_challenge_method: "S256", ...extra,
  })}`);
  const codeOf = (reply: Reply): string => new URL(reply.headers.location as string).searchParams.get("code") as string;
  try {
    const reply = await authorize({ prompt: "consent" });
    assert.equal(reply.status, 302);
    assert.equal(reply.headers["cache-control"], "no-store");
    const location = new URL(reply.headers.location as string);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.deepEqual([...location.searchParams.keys()], ["code", "state"]);
    assert.equal(location.searchParams.get("state"), "st 1/é");
    assert.match(codeOf(reply), /^pgac_/);
    assert.deepEqual(JSON.parse(reply.text), { redirect: location.href });
    // A public client: client_id and the verifier, no secret.
    const exchange = (code: string, extra: Record<string, string> = {}): Promise<Reply> =>
      token(server, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: VERIFIER, ...extra });
    const code = codeOf(reply);
    const ok = await exchange(code);
    assert.equal(ok.status, 200);
    const issued = JSON.parse(ok.text);
    assert.deepEqual([issued.token_type, issued.expires_in, issued.scope], ["Bearer", 3600, "read"]);
    assert.equal((await data(server, issued.access_token)).status, 200);
    // Its refresh token works with client_id alone (it was issued to a public client).
    assert.equal((await token(server, { grant_type: "refresh_token", refresh_token: issued.refresh_token, client_id: clientId })).status, 200);
    assertOAuthError(await exchange(code), 400, "invalid_grant", OAUTH_MESSAGES.codeUsed);
    assertOAuthError(await exchange(codeOf(await authorize()), { code_verifier: "x".repeat(43) }), 400, "invalid_grant", OAUTH_MESSAGES.verifierWrong);
    assertOAuthError(await exchange(codeOf(await authorize()), { code_verifier: "short" }), 400, "invalid_request", OAUTH_MESSAGES.verifierSyntax);
    assertOAuthError(await token(server, { grant_type: "authorization_code", code: codeOf(await authorize()), redirect_uri: REDIRECT, client_id: clientId }),
      400, "invalid_grant", OAUTH_MESSAGES.verifierMissing);
    assertOAuthError(await exchange(codeOf(await authorize()), { redirect_uri: "http://127.0.0.1:8765/other" }), 400, "invalid_grant", OAUTH_MESSAGES.redirectMismatch);
    assertOAuthError(await exchange("pgac_nope.x"), 400, "invalid_grant", OAUTH_MESSAGES.codeInvalid);
    assertOAuthError(await token(server, { grant_type: "authorization_code", client_id: clientId }), 400, "invalid_request", OAUTH_MESSAGES.codeMissing);
    const late = codeOf(await authorize());
    server.advance(CODE_TTL_SECONDS * 1000);
    assertOAuthError(await exchange(late), 400, "invalid_grant", OAUTH_MESSAGES.codeExpired);
    // Without PKCE: a confidential client may exchange with its secret; a public one may not.
    const plain = codeOf(await authorize({ code_challenge: "", code_challenge_method: "" }));
    assertOAuthError(await token(server, { grant_type: "authorization_code", code: plain, redirect_uri: REDIRECT, client_id: clientId }),
      401, "invalid_client", OAUTH_MESSAGES.secretNeeded);
    assert.equal((await token(server, { grant_type: "authorization_code", code: plain, redirect_uri: REDIRECT }, basic(server))).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("authorize errors: a bad client_id or redirect_uri is answered in place (never redirected); others are redirected with error and state", async () => {
  const server = await start({ seed: 11 });
  const { clientId } = server.playground.credentials.oauth2;
  const authorize = (parameters: Record<string, string>): Promise<Reply> => send(server.url, `/oauth/authorize?${new URLSearchParams(parameters)}`);
  try {
    assertOAuthError(await authorize({ response_type: "code", client_id: "someone", redirect_uri: REDIRECT }), 400, "invalid_request", OAUTH_MESSAGES.authorizeClient);
    assertOAuthError(await authorize({ response_type: "code", redirect_uri: REDIRECT }), 400, "invalid_request", OAUTH_MESSAGES.authorizeClient);
    for (const redirect of ["", "/relative", "javascript:alert(1)", "http://x/cb#frag"]) {
      assertOAuthError(await authorize({ response_type: "code", client_id: clientId, redirect_uri: redirect }), 400, "invalid_request", OAUTH_MESSAGES.authorizeRedirect);
    }
    const redirected = async (parameters: Record<string, string>): Promise<Record<string, string>> => {
      const reply = await authorize({ client_id: clientId, redirect_uri: `${REDIRECT}?keep=1`, state: "s", ...parameters });
      assert.equal(reply.status, 302);
      return Object.fromEntries(new URL(reply.headers.location as string).searchParams);
    };
    assert.deepEqual(await redirected({ response_type: "token" }), { keep: "1", error: "unsupported_response_type", error_description: OAUTH_MESSAGES.responseType, state: "s" });
    assert.deepEqual(await redirected({ response_type: "code", code_challenge: CHALLENGE, code_challenge_method: "plain" }),
      { keep: "1", error: "invalid_request", error_description: OAUTH_MESSAGES.challengeMethod, state: "s" });
    assert.deepEqual(await redirected({ response_type: "code", code_challenge: "short", code_challenge_method: "S256" }),
      { keep: "1", error: "invalid_request", error_description: OAUTH_MESSAGES.challengeSyntax, state: "s" });
    assert.deepEqual(await redirected({ response_type: "code", scope: 'a"b' }), { keep: "1", error: "invalid_scope", error_description: OAUTH_MESSAGES.scopeSyntax, state: "s" });
  } finally {
    await server.playground.close();
  }
});

test("token endpoint errors per RFC 6749 §5.2: request, grant type and client authentication", async () => {
  const server = await start({ seed: 11 });
  try {
    assertOAuthError(await token(server, {}, basic(server)), 400, "invalid_request", OAUTH_MESSAGES.grantMissing);
    assertOAuthError(await token(server, { grant_type: "password", username: "u", password: "p" }, basic(server)), 400, "unsupported_grant_type",
      OAUTH_MESSAGES.grantUnsupported("password"));
    assertOAuthError(await token(server, { grant_type: "client_credentials" }), 401, "invalid_client", OAUTH_MESSAGES.clientMissing);
    assertOAuthError(await token(server, { grant_type: "client_credentials" }, basic(server, "wrong")), 401, "invalid_client", OAUTH_MESSAGES.clientWrong, true);
    assertOAuthError(await token(server, { grant_type: "client_credentials" }, { Authorization: "Basic !!!" }), 401, "invalid_client", OAUTH_MESSAGES.clientBasic, true);
    assertOAuthError(await token(server, { grant_type: "client_credentials", client_id: "x", client_secret: "y" }), 401, "invalid_client", OAUTH_MESSAGES.clientWrong);
    assertOAuthError(await token(server, { grant_type: "client_credentials", client_secret: "y" }, basic(server)), 400, "invalid_request", OAUTH_MESSAGES.twoMethods);
    assertOAuthError(await token(server, { grant_type: "client_credentials", client_id: server.playground.credentials.oauth2.clientId }),
      401, "invalid_client", OAUTH_MESSAGES.secretNeeded);
    assertOAuthError(await send(server.url, "/oauth/token", { method: "POST", headers: FORM, body: "grant_type=client_credentials&grant_type=refresh_token" }),
      400, "invalid_request", OAUTH_MESSAGES.repeated("grant_type"));
    assertOAuthError(await send(server.url, "/oauth/token", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "grant_type=client_credentials" }),
      400, "invalid_request", OAUTH_MESSAGES.bodyType);
    assertOAuthError(await send(server.url, "/oauth/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" }),
      400, "invalid_request", OAUTH_MESSAGES.bodyType);
    assertOAuthError(await send(server.url, "/oauth/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"grant_type": 1}' }),
      400, "invalid_request", OAUTH_MESSAGES.bodyType);
    assertOAuthError(await token(server, { grant_type: "client_credentials", scope: "a\\b" }, basic(server)), 400, "invalid_scope", OAUTH_MESSAGES.scopeSyntax);
    // Basic credentials are form-encoded before base64 (RFC 6749 §2.3.1): an encoded id still matches.
    const { clientId, clientSecret } = server.playground.credentials.oauth2;
    const encoded = { Authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId).replace("-", "%2D")}:${clientSecret}`).toString("base64")}` };
    assert.equal((await token(server, { grant_type: "client_credentials", client_id: clientId }, encoded)).status, 200);
    const wrongMethod = await send(server.url, "/oauth/token");
    assert.deepEqual([wrongMethod.status, wrongMethod.headers.allow], [405, "POST, OPTIONS"]);
  } finally {
    await server.playground.close();
  }
});

test("revoking tokens rejects every access token issued so far; refresh tokens still work and issue tokens that do", async () => {
  const server = await start({ seed: 11 });
  try {
    const issued = JSON.parse((await token(server, { grant_type: "client_credentials" }, basic(server))).text);
    server.playground.revokeTokens();
    const revoked = await data(server, issued.access_token);
    assert.deepEqual([revoked.status, revoked.headers["www-authenticate"]], [401, 'Bearer error="invalid_token", error_description="The access token was revoked"']);
    assert.equal(server.playground.requests().at(-1)?.note, "token-revoked");
    const renewed = JSON.parse((await token(server, { grant_type: "refresh_token", refresh_token: issued.refresh_token }, basic(server))).text);
    // Issued past every revoked expiry: at most a second more than the lifetime.
    assert.equal(renewed.expires_in, 3601);
    assert.equal((await data(server, renewed.access_token)).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("secrets and tokens never reach the journal, its details or the log; the rate limit and scripted faults apply to the OAuth2 endpoints", async () => {
  const lines: string[] = [];
  const server = await start({ seed: 11, rateLimit: { capacity: 100, refillPerSecond: 1 }, log: (line) => lines.push(line) });
  try {
    const { clientId, clientSecret } = server.playground.credentials.oauth2;
    const issued = JSON.parse((await token(server, { grant_type: "client_credentials" }, basic(server))).text);
    await token(server, { grant_type: "refresh_token", refresh_token: issued.refresh_token, client_id: clientId, client_secret: clientSecret });
    await data(server, issued.access_token);
    const code = await send(server.url, `/oauth/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}`);
    await send(server.url, `/auth/oauth2/data?access_token=${issued.access_token}`);
    const details = server.playground.requests().map((entry) => fetch(new URL(`/__playground/requests/${entry.seq}`, server.url)).then((r) => r.text()));
    const shown = [JSON.stringify(server.playground.requests()), ...(await Promise.all(details)), lines.join("\n")].join("\n");
    const location = code.headers.location as string;
    for (const secret of [clientSecret, issued.access_token, issued.refresh_token, new URL(location).searchParams.get("code") as string,
      Buffer.from(`${clientId}:${clientSecret}`).toString("base64")]) {
      assert.equal(shown.includes(secret), false, `leaked ${secret.slice(0, 12)}`);
    }
    assert.ok(shown.includes("[redacted]"));
    assert.equal(server.playground.requests()[0]?.rateLimitRemaining, 99);
    server.playground.scriptFaults([{ path: "/oauth/token", status: 503, retryAfter: 2 }]);
    const faulted = await token(server, { grant_type: "client_credentials" }, basic(server));
    assert.deepEqual([faulted.status, faulted.headers["retry-after"]], [503, "2"]);
  } finally {
    await server.playground.close();
  }
});

test("no replay across a reset: a rotated refresh token, a used code and anything issued before it are refused after POST /__playground/reset", async () => {
  const server = await start();
  try {
    const first = JSON.parse((await token(server, { grant_type: "client_credentials" }, basic(server))).text);
    const rotated = JSON.parse((await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token }, basic(server))).text);
    const location = (await send(server.url, `/oauth/authorize?response_type=code&client_id=${server.playground.credentials.oauth2.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}`)).headers.location as string;
    const code = new URL(location).searchParams.get("code") as string;
    assert.equal((await token(server, { grant_type: "authorization_code", code, redirect_uri: REDIRECT }, basic(server))).status, 200);
    assert.equal((await send(server.url, "/__playground/reset", { method: "POST" })).status, 200);
    // Before the fix, reset forgot what was used: the rotated token and the used code worked again.
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.refreshStale);
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: rotated.refresh_token }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.refreshStale);
    assertOAuthError(await token(server, { grant_type: "authorization_code", code, redirect_uri: REDIRECT }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.codeStale);
    // Access tokens still work until they expire; a new client-credentials grant starts a new chain.
    assert.equal((await data(server, rotated.access_token)).status, 200);
    const fresh = JSON.parse((await token(server, { grant_type: "client_credentials" }, basic(server))).text);
    assert.equal((await token(server, { grant_type: "refresh_token", refresh_token: fresh.refresh_token }, basic(server))).status, 200);
  } finally {
    await server.playground.close();
  }
});

test("a full record of used refresh tokens starts a new generation instead of forgetting: a used token never works again", async () => {
  const { OAuthStore, USED_LIMIT } = await import("../../src/run/oauth-store.js");
  const oauth = new OAuthStore("client", "secret", 3600, true);
  oauth.use("first");
  for (let k = 1; k < USED_LIMIT; k++) oauth.use(`jti-${k}`);
  assert.deepEqual([oauth.generation, oauth.wasUsed("first")], [0, true]);
  oauth.use("one-more");
  // Everything issued in generation 0 (the used "first" among them) is refused from now on, by its generation.
  assert.deepEqual([oauth.generation, oauth.wasUsed("first")], [1, false]);
  const server = await start();
  try {
    const { clientId, clientSecret } = server.playground.credentials.oauth2;
    const stale = encodeToken(signingKey(clientId, clientSecret), "refresh", { jti: "x", scope: "read", pub: false, gen: 7 });
    assertOAuthError(await token(server, { grant_type: "refresh_token", refresh_token: stale }, basic(server)), 400, "invalid_grant", OAUTH_MESSAGES.refreshStale);
  } finally {
    await server.playground.close();
  }
});

test("codes go only to registered redirect URIs: loopback (any port), this server's /oauth/callback, and --oauth-redirect-uris", async () => {
  const authorize = (server: Started, redirect: string): Promise<Reply> =>
    send(server.url, `/oauth/authorize?response_type=code&client_id=${server.playground.credentials.oauth2.clientId}&redirect_uri=${encodeURIComponent(redirect)}`);
  const plain = await start();
  try {
    // Before: a code was sent to any http(s) URL a link named.
    assertOAuthError(await authorize(plain, "https://evil.example/steal"), 400, "invalid_request", OAUTH_MESSAGES.redirectUnregistered);
    assertOAuthError(await authorize(plain, `http://127.0.0.1.evil.example:${plain.url.port}/oauth/callback`), 400, "invalid_request", OAUTH_MESSAGES.redirectUnregistered);
    for (const allowed of ["http://127.0.0.1:9/cb", "http://localhost:65000/x?y=1", "http://[::1]:8080/", `${plain.url.origin}/oauth/callback`]) {
      assert.equal((await authorize(plain, allowed)).status, 302, allowed);
    }
  } finally {
    await plain.playground.close();
  }
  const registered = await start({ oauthRedirectUris: ["https://app.example/oauth/cb?ignored=1"] });
  try {
    assert.equal((await authorize(registered, "https://app.example/oauth/cb?state=1")).status, 302);
    assertOAuthError(await authorize(registered, "https://app.example/oauth/cb2"), 400, "invalid_request", OAUTH_MESSAGES.redirectUnregistered);
    assertOAuthError(await authorize(registered, "http://app.example/oauth/cb"), 400, "invalid_request", OAUTH_MESSAGES.redirectUnregistered);
  } finally {
    await registered.playground.close();
  }
  const { parseCommandLine } = await import("../../src/cli/args.js");
  assert.deepEqual((parseCommandLine(["start", "--oauth-redirect-uris", "https://a.example/cb, https://b.example/x"]) as unknown as { oauthRedirectUris: string[] }).oauthRedirectUris,
    ["https://a.example/cb", "https://b.example/x"]);
  assert.throws(() => parseCommandLine(["start", "--oauth-redirect-uris", "ftp://a.example/cb"]),
    { message: "--oauth-redirect-uris takes comma-separated absolute http or https URLs without a fragment, got 'ftp://a.example/cb'" });
});
