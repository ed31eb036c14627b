/**
 * OAuth 2.0 (RFC 6749) for one confidential client per run: the token endpoint (client credentials,
 * refresh token with optional rotation, authorization code with PKCE S256 per RFC 7636), an authorize
 * endpoint that approves at once, and bearer-protected data (RFC 6750). Tokens are stateless (see
 * codecs/oauth-token.ts); only "this refresh token or code was used" is remembered, per server.
 */
import { decodeToken, encodeToken, pkceChallenge, signingKey, type AccessClaims } from "../codecs/oauth-token.js";
import { decodeBase64Text } from "../codecs/base64.js";
import { mediaType, readForm, readObject, type Refuse } from "../codecs/body.js";
import { decodeComponent } from "../codecs/query.js";
import { randomBytes } from "node:crypto";
import { CODE_TTL_SECONDS, PlaygroundError, OAUTH_MESSAGES } from "../errors.js";

export { CODE_TTL_SECONDS, OAUTH_MESSAGES };
import type { JournalNote, PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";
import { refusalOf } from "../run/respond.js";
import type { OAuthStore } from "../run/oauth-store.js";
import type { ParameterSpec } from "../codecs/parameters.js";
import { parseAuthorization, secretsEqual } from "../codecs/authorization.js";
import { isLoopbackHost } from "../codecs/host.js";
import { redirectTarget } from "../codecs/redirect.js";

/** Scope granted when none is asked for. */
export const DEFAULT_SCOPE = "read";
/** The authorize endpoint's parameters (RFC 6749 §4.1.1, RFC 7636 §4.3), for the documentation; others are ignored. */
export const AUTHORIZE_PARAMETERS: readonly ParameterSpec[] = [
  { name: "response_type", kind: "string", required: true },
  { name: "client_id", kind: "string", required: true },
  { name: "redirect_uri", kind: "string", required: true },
  { name: "scope", kind: "string" },
  { name: "state", kind: "string" },
  { name: "code_challenge", kind: "string" },
  { name: "code_challenge_method", kind: "string" },
];

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

const NO_STORE = { "Content-Type": "application/json", "Cache-Control": "no-store", Pragma: "no-cache" } as const;
const BASIC_CHALLENGE = { ...NO_STORE, "WWW-Authenticate": 'Basic realm="connector-playground"' } as const;

/** An RFC 6749 §5.2 error: 400 with its code. */
const fail = (code: string, description: string): PlaygroundError => new PlaygroundError(400, description, NO_STORE, undefined, code);
/** A failed client authentication: 401 invalid_client, with a Basic challenge when the client tried Basic. */
const clientFailure = (description: string, basic = false): PlaygroundError => new PlaygroundError(401, description, basic ? BASIC_CHALLENGE : NO_STORE, undefined, "invalid_client");

/** `{"error", "error_description"}` with `Cache-Control: no-store` (and a Basic challenge for a failed Basic client authentication). */
export function oauthError(status: number, code: string, description: string, challenge = false): PlainResponse {
  return refusalOf(new PlaygroundError(status, description, challenge ? BASIC_CHALLENGE : NO_STORE, undefined, code));
}

/** A token request body that cannot be read: invalid_request, naming a repeated parameter. */
const unreadable: Refuse = (problem, detail) => fail("invalid_request", problem === "repeated" ? OAUTH_MESSAGES.repeated(detail) : OAUTH_MESSAGES.bodyType);

/** The parameters of a token request: form-encoded (RFC 6749 §4) or, as many clients send, a JSON object of strings. */
export function readTokenParameters(contentType: string | undefined, body: Buffer | undefined): Map<string, string> {
  const type = mediaType(contentType) ?? "application/x-www-form-urlencoded";
  if (type === "application/json") {
    const fields = readObject(body, contentType, false, unreadable);
    if (Object.values(fields).some((value) => typeof value !== "string")) throw fail("invalid_request", OAUTH_MESSAGES.bodyType);
    return new Map(Object.entries(fields) as [string, string][]);
  }
  if (type !== "application/x-www-form-urlencoded") throw fail("invalid_request", OAUTH_MESSAGES.bodyType);
  // RFC 6749 §3.2: parameters without a value are treated as omitted; none may appear twice.
  return readForm(body, unreadable);
}

/** A parameter's value, or undefined when absent or empty. */
function given(parameters: ReadonlyMap<string, string>, name: string): string | undefined {
  const value = parameters.get(name);
  return value === undefined || value === "" ? undefined : value;
}

type ClientAuthentication = "confidential" | "public";

/** Client authentication (RFC 6749 §2.3.1): HTTP Basic of form-encoded id:secret, or both in the body; client_id alone is a public client. */
function authenticateClient(request: PlainRequest, parameters: ReadonlyMap<string, string>, oauth: OAuthStore): ClientAuthentication {
  const header = request.headers.authorization;
  const bodyId = given(parameters, "client_id");
  const bodySecret = given(parameters, "client_secret");
  const { scheme, credentials } = parseAuthorization(header ?? "");
  if (header !== undefined && scheme === "basic") {
    if (bodySecret !== undefined) throw fail("invalid_request", OAUTH_MESSAGES.twoMethods);
    const decoded = decodeBase64Text(credentials);
    const colon = decoded === undefined ? -1 : decoded.indexOf(":");
    if (decoded === undefined || colon === -1) throw clientFailure(OAUTH_MESSAGES.clientBasic, true);
    const id = decodeComponent(decoded.slice(0, colon));
    const secret = decodeComponent(decoded.slice(colon + 1));
    const idOk = secretsEqual(id, oauth.clientId);
    const secretOk = secretsEqual(secret, oauth.clientSecret);
    if (!idOk || !secretOk || (bodyId !== undefined && bodyId !== id)) throw clientFailure(OAUTH_MESSAGES.clientWrong, true);
    return "confidential";
  }
  if (bodyId === undefined) throw clientFailure(OAUTH_MESSAGES.clientMissing);
  const idOk = secretsEqual(bodyId, oauth.clientId);
  if (bodySecret === undefined) {
    if (!idOk) throw clientFailure(OAUTH_MESSAGES.clientWrong);
    return "public";
  }
  const secretOk = secretsEqual(bodySecret, oauth.clientSecret);
  if (!idOk || !secretOk) throw clientFailure(OAUTH_MESSAGES.clientWrong);
  return "confidential";
}

function requestedScope(parameters: ReadonlyMap<string, string>): string | undefined {
  const scope = given(parameters, "scope");
  if (scope !== undefined && !SCOPE.test(scope)) throw fail("invalid_scope", OAUTH_MESSAGES.scopeSyntax);
  return scope;
}

/** The token answer of RFC 6749 §5.1. Access tokens issued after a revocation expire after every revoked one. */
function issue(state: Run, nowMs: number, scope: string, refreshToken: string): PlainResponse {
  const oauth = state.oauth;
  const nowSeconds = Math.floor(nowMs / 1000);
  const exp = Math.max(nowSeconds + oauth.accessTtlSeconds, (oauth.revokedThrough ?? 0) + 1);
  const accessToken = encodeToken(oauth.key, "access", { exp, jti: newId(), scope });
  return {
    status: 200,
    headers: NO_STORE,
    body: JSON.stringify({ access_token: accessToken, token_type: "Bearer", expires_in: exp - nowSeconds, refresh_token: refreshToken, scope }),
  };
}

function newId(): string {
  return randomBytes(12).toString("base64url");
}

function clientCredentials(parameters: ReadonlyMap<string, string>, client: ClientAuthentication, request: PlainRequest, state: Run): PlainResponse {
  if (client !== "confidential") throw clientFailure(OAUTH_MESSAGES.secretNeeded);
  const scope = requestedScope(parameters) ?? DEFAULT_SCOPE;
  // RFC 6749 §4.4.3 advises against a refresh token here; the playground issues one so the refresh grant can be practised without a browser.
  return issue(state, request.now, scope, encodeToken(state.oauth.key, "refresh", { jti: newId(), scope, pub: false, gen: state.oauth.generation }));
}

function refresh(parameters: ReadonlyMap<string, string>, client: ClientAuthentication, request: PlainRequest, state: Run): PlainResponse {
  const oauth = state.oauth;
  const token = given(parameters, "refresh_token");
  if (token === undefined) throw fail("invalid_request", OAUTH_MESSAGES.refreshMissing);
  const claims = decodeToken(oauth.key, "refresh", token);
  if (claims === undefined || typeof claims.jti !== "string" || typeof claims.scope !== "string") throw fail("invalid_grant", OAUTH_MESSAGES.refreshInvalid);
  if (client === "public" && claims.pub !== true) throw clientFailure(OAUTH_MESSAGES.secretNeeded);
  if (claims.gen !== oauth.generation) throw fail("invalid_grant", OAUTH_MESSAGES.refreshStale);
  if (oauth.rotation && oauth.wasUsed(claims.jti)) throw fail("invalid_grant", OAUTH_MESSAGES.refreshUsed);
  const asked = requestedScope(parameters);
  const granted = claims.scope.split(" ");
  if (asked !== undefined && !asked.split(" ").every((word) => granted.includes(word))) throw fail("invalid_scope", OAUTH_MESSAGES.scopeWider);
  const scope = asked ?? claims.scope;
  if (!oauth.rotation) return issue(state, request.now, scope, token);
  oauth.use(claims.jti);
  return issue(state, request.now, scope, encodeToken(oauth.key, "refresh", { jti: newId(), scope: claims.scope, pub: claims.pub, gen: oauth.generation }));
}

function authorizationCode(parameters: ReadonlyMap<string, string>, client: ClientAuthentication, request: PlainRequest, state: Run): PlainResponse {
  const oauth = state.oauth;
  const code = given(parameters, "code");
  if (code === undefined) throw fail("invalid_request", OAUTH_MESSAGES.codeMissing);
  const verifier = given(parameters, "code_verifier");
  if (verifier !== undefined && !VERIFIER.test(verifier)) throw fail("invalid_request", OAUTH_MESSAGES.verifierSyntax);
  const claims = decodeToken(oauth.key, "code", code);
  if (claims === undefined || typeof claims.exp !== "number" || typeof claims.jti !== "string") throw fail("invalid_grant", OAUTH_MESSAGES.codeInvalid);
  if (request.now / 1000 >= claims.exp) throw fail("invalid_grant", OAUTH_MESSAGES.codeExpired);
  if (claims.gen !== oauth.generation) throw fail("invalid_grant", OAUTH_MESSAGES.codeStale);
  if (oauth.wasUsed(claims.jti)) throw fail("invalid_grant", OAUTH_MESSAGES.codeUsed);
  if (given(parameters, "redirect_uri") !== claims.redirect_uri) throw fail("invalid_grant", OAUTH_MESSAGES.redirectMismatch);
  if (claims.challenge === "" && client === "public") throw clientFailure(OAUTH_MESSAGES.secretNeeded);
  if (claims.challenge !== "") {
    if (verifier === undefined) throw fail("invalid_grant", OAUTH_MESSAGES.verifierMissing);
    if (!secretsEqual(pkceChallenge(verifier), claims.challenge)) throw fail("invalid_grant", OAUTH_MESSAGES.verifierWrong);
  }
  oauth.use(claims.jti);
  const pub = client === "public";
  return issue(state, request.now, claims.scope, encodeToken(oauth.key, "refresh", { jti: newId(), scope: claims.scope, pub, gen: oauth.generation }));
}

const GRANTS: Readonly<Record<string, typeof clientCredentials>> = {
  client_credentials: clientCredentials,
  refresh_token: refresh,
  authorization_code: authorizationCode,
};

/** `POST /oauth/token`. */
export function tokenEndpoint(request: PlainRequest, state: Run): PlainResponse {
  const parameters = readTokenParameters(request.headers["content-type"], request.body);
  const grantType = given(parameters, "grant_type");
  // Parameters sent in the URL (as some SDK examples do) are refused, saying where they go; nothing of them is echoed.
  if (grantType === undefined && request.query.values.has("grant_type")) throw fail("invalid_request", OAUTH_MESSAGES.parametersInQuery);
  if (grantType === undefined) throw fail("invalid_request", OAUTH_MESSAGES.grantMissing);
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (grant === undefined) throw fail("unsupported_grant_type", OAUTH_MESSAGES.grantUnsupported(grantType));
  const client = authenticateClient(request, parameters, state.oauth);
  return grant(parameters, client, request, state);
}

/**
 * `GET /oauth/authorize` (RFC 6749 §4.1.1 with RFC 7636): approves at once (a playground needs no login
 * page) and redirects to redirect_uri with `code` and the `state` given. A missing or unknown client_id or a
 * bad redirect_uri is answered here (400, never redirected, §4.1.2.1); every other error is redirected.
 */
export function authorizeEndpoint(request: PlainRequest, state: Run): PlainResponse {
  const query = request.query.values;
  const oauth = state.oauth;
  const clientId = query.get("client_id");
  if (clientId === undefined || !secretsEqual(clientId, oauth.clientId)) return oauthError(400, "invalid_request", OAUTH_MESSAGES.authorizeClient);
  const rawRedirect = query.get("redirect_uri");
  const target = redirectTarget(rawRedirect);
  if (target === undefined) return oauthError(400, "invalid_request", OAUTH_MESSAGES.authorizeRedirect);
  // A code goes only where this client registered (never to whatever URL a link names): answered here, never redirected.
  if (!oauth.redirectAllowed(target, request.origin)) return oauthError(400, "invalid_request", OAUTH_MESSAGES.redirectUnregistered);
  const answer: [string, string][] = [];
  const stateParameter = query.get("state");
  // Empty parameters count as omitted (RFC 6749 §3.1).
  const method = query.get("code_challenge_method") || undefined;
  const challenge = query.get("code_challenge") ?? "";
  const scope = query.get("scope") || DEFAULT_SCOPE;
  if (query.get("response_type") !== "code") answer.push(["error", "unsupported_response_type"], ["error_description", OAUTH_MESSAGES.responseType]);
  // Without a method RFC 7636 means "plain", which is not offered: S256 only.
  else if ((method !== undefined || challenge !== "") && method !== "S256") answer.push(["error", "invalid_request"], ["error_description", OAUTH_MESSAGES.challengeMethod]);
  else if (method !== undefined && !VERIFIER.test(challenge)) answer.push(["error", "invalid_request"], ["error_description", OAUTH_MESSAGES.challengeSyntax]);
  else if (!SCOPE.test(scope)) answer.push(["error", "invalid_scope"], ["error_description", OAUTH_MESSAGES.scopeSyntax]);
  else {
    const exp = Math.floor(request.now / 1000) + CODE_TTL_SECONDS;
    answer.push(["code", encodeToken(oauth.key, "code", { exp, jti: newId(), scope, redirect_uri: rawRedirect as string, challenge, gen: oauth.generation })]);
  }
  if (stateParameter !== undefined) answer.push(["state", stateParameter]);
  for (const [name, value] of answer) target.searchParams.append(name, value);
  return { status: 302, headers: { ...NO_STORE, Location: target.href }, body: JSON.stringify({ redirect: target.href }) };
}

function bearerChallenge(description: string, note?: JournalNote): PlaygroundError {
  return new PlaygroundError(401, description, { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${description}"` }, note);
}

/**
 * The RFC 6750 check of `Authorization: Bearer <access token>`: throws the 401 to answer (no error code
 * without a bearer token; `invalid_token` with a description for a bad, expired or revoked one).
 */
export function checkAccessToken(request: Pick<PlainRequest, "headers" | "now">, state: Run): void {
  const header = request.headers.authorization;
  const { scheme, credentials } = parseAuthorization(header ?? "");
  if (scheme !== "bearer" || credentials === "") {
    throw new PlaygroundError(401, OAUTH_MESSAGES.tokenMissing, { "WWW-Authenticate": 'Bearer realm="connector-playground"' });
  }
  const claims = state.oauth.claims(credentials);
  if (claims === undefined) throw bearerChallenge(OAUTH_MESSAGES.tokenInvalid);
  if (state.oauth.revokedThrough !== undefined && claims.exp <= state.oauth.revokedThrough) throw bearerChallenge(OAUTH_MESSAGES.tokenRevoked, "token-revoked");
  if (request.now / 1000 >= claims.exp) throw bearerChallenge(OAUTH_MESSAGES.tokenExpired, "token-expired");
}


/**
 * `GET /oauth/callback`: a stand-in redirect target for learners without a listener of their own (and the
 * docs page's Try it): answers the parameters it received (code and state, or error) as JSON.
 */
export function callbackEndpoint(request: PlainRequest): PlainResponse {
  const received: Record<string, string> = {};
  for (const name of request.query.names) Object.defineProperty(received, name, { value: request.query.values.get(name), enumerable: true });
  return { status: 200, headers: NO_STORE, body: JSON.stringify(received) };
}
