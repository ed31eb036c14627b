/**
 * The four authentication schemes (Basic, Bearer, API key, session token) and OAuth2's data endpoint, each
 * guarding the first 20 records, and the guards `--require-auth` puts in front of every data endpoint.
 */
import { decodeBase64Text, encodeBase64Text } from "../codecs/base64.js";
import { decodeSessionToken, encodeSessionToken, type SessionToken } from "../codecs/token.js";
import { PlaygroundError, MESSAGES } from "../errors.js";
import { parseAuthorization, secretsEqual } from "../codecs/authorization.js";
import type { JournalNote, PlainRequest, PlainResponse, RequireAuth } from "../types.js";
import type { Run } from "../run/run.js";
import { checkAccessToken } from "./oauth.js";
import { readBodyObject } from "../codecs/parameters.js";
import { jsonText, jsonWithRecords, viewRun } from "../run/respond.js";

export { parseAuthorization, secretsEqual };

/** Records the auth data endpoints return. */
export const AUTH_DATA_RECORDS = 20;
const REALM = 'realm="connector-playground"';

function firstRecords(state: Run): PlainResponse {
  return state.cache.remember(`auth:first-records@${state.records.version}`, () =>
    jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, state.records.view("createdAt", "asc"), 0, AUTH_DATA_RECORDS), "}"));
}

function unauthorized(message: string, scheme: string, note?: JournalNote): PlaygroundError {
  return new PlaygroundError(401, message, { "WWW-Authenticate": `${scheme} ${REALM}` }, note);
}

/** Checks a request's credentials; throws the PlaygroundError to answer when they are missing or wrong. */
export type Guard = (request: GuardedRequest, state: Run) => void;
/** What a guard reads of a request: its headers and arrival time. */
export type GuardedRequest = Pick<PlainRequest, "headers" | "now">;

/** A guard for a header scheme: `check` gets the credentials after the (matching) scheme name. */
function headerScheme(scheme: string, check: (credentials: string, state: Run) => boolean): Guard {
  const lower = scheme.toLowerCase();
  return (request, state) => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === "") throw unauthorized(MESSAGES.authMissing, scheme);
    const { scheme: given, credentials } = parseAuthorization(header);
    // Evaluate the secret comparison even for a wrong scheme, so timing does not tell which part was wrong.
    const secretOk = check(credentials, state);
    if (given !== lower || !secretOk) throw unauthorized(MESSAGES.authInvalid, scheme);
  };
}

/** A handler answering the first records to requests its guard lets through. */
function guardedRecords(guard: Guard) {
  return (request: PlainRequest, state: Run): PlainResponse => {
    guard(request, state);
    return firstRecords(state);
  };
}

/** `username:password` and its canonical base64, computed once per set of credentials. */
const basicSecrets = new WeakMap<Run["credentials"], { readonly plain: string; readonly encoded: string }>();

/** `Authorization: Basic base64(username:password)`. */
const basicGuard = headerScheme("Basic", (credentials, state) => {
  let expected = basicSecrets.get(state.credentials);
  if (expected === undefined) {
    const plain = `${state.credentials.basic.username}:${state.credentials.basic.password}`;
    expected = { plain, encoded: encodeBase64Text(plain) };
    basicSecrets.set(state.credentials, expected);
  }
  // The canonical encoding compares directly; any other spelling (no padding, URL-safe) is decoded first.
  if (secretsEqual(credentials, expected.encoded)) return true;
  return secretsEqual(decodeBase64Text(credentials) ?? "", expected.plain);
});

/** `Authorization: Bearer <token>`. */
const bearerGuard = headerScheme("Bearer", (credentials, state) => secretsEqual(credentials, state.credentials.bearer));

/** `Authorization: apiKey <key>`. */
const apiKeyGuard = headerScheme("apiKey", (credentials, state) => secretsEqual(credentials, state.credentials.apiKey));

function readLoginBody(body: Buffer | undefined): { username: unknown; password: unknown } {
  const fields = readBodyObject(body, undefined, MESSAGES.loginBody);
  return {
    username: Object.hasOwn(fields, "username") ? fields.username : undefined,
    password: Object.hasOwn(fields, "password") ? fields.password : undefined,
  };
}

/** `POST /auth/session_token/login` with a JSON body `{"username", "password"}`. */
export function sessionLogin(request: PlainRequest, state: Run): PlainResponse {
  const { username, password } = readLoginBody(request.body);
  if (username === undefined || username === null || username === "" || password === undefined || password === null || password === "") {
    throw new PlaygroundError(400, MESSAGES.loginRequired);
  }
  if (typeof username !== "string" || typeof password !== "string") throw new PlaygroundError(400, MESSAGES.loginTypes);
  const expected = state.credentials.session;
  const userOk = secretsEqual(username, expected.username);
  const passwordOk = secretsEqual(password, expected.password);
  if (!userOk || !passwordOk) throw unauthorized(MESSAGES.loginInvalid, "Token");
  // After a revocation, tokens are issued past every revoked expiry (at most a second more than the TTL).
  const expiresAt = Math.max(Math.floor(request.now / 1000) + state.tokenTtlSeconds, (state.revokedThrough ?? 0) + 1);
  return jsonText(`{"token":"${encodeSessionToken(username, password, expiresAt)}","expires_in":${state.tokenTtlSeconds}}`);
}

/** A token decoded, remembered per server by its text (decoding is a pure function of it; the checks below still run every time). */
function decodeToken(state: Run, text: string): SessionToken | undefined {
  return state.decodedTokens.get(text, decodeSessionToken);
}

const sessionSecrets = new WeakMap<Run["credentials"], string>();

/** `username:password` of the session credentials, as a token carries it. */
function sessionSecret(state: Run): string {
  let secret = sessionSecrets.get(state.credentials);
  if (secret === undefined) {
    secret = `${state.credentials.session.username}:${state.credentials.session.password}`;
    sessionSecrets.set(state.credentials, secret);
  }
  return secret;
}

/** `Authorization: Token <token>` with a session token from the login endpoint. */
function sessionGuard(request: GuardedRequest, state: Run): void {
  const header = request.headers.authorization;
  const { scheme, credentials } = parseAuthorization(header ?? "");
  if (scheme !== "token" || credentials === "") throw new PlaygroundError(400, MESSAGES.tokenMissing);
  const token = decodeToken(state, credentials);
  if (token === undefined) throw new PlaygroundError(400, MESSAGES.tokenFormat);
  if (!secretsEqual(token.secret, sessionSecret(state))) throw unauthorized(MESSAGES.tokenInvalid, "Token");
  if (state.revokedThrough !== undefined && token.expiresAt <= state.revokedThrough) throw unauthorized(MESSAGES.tokenRevoked, "Token", "token-revoked");
  if (request.now / 1000 > token.expiresAt) throw unauthorized(MESSAGES.tokenExpired, "Token", "token-expired");
}

/** The scheme behind each `--require-auth` value, answering exactly as its auth endpoint does. */
export const GUARDS: Readonly<Record<RequireAuth, Guard>> = {
  basic: basicGuard,
  bearer: bearerGuard,
  api_key: apiKeyGuard,
  session: sessionGuard,
  oauth2: checkAccessToken,
};

/** `GET /auth/http_basic`, `/auth/http_bearer`, `/auth/api_key`, `/auth/session_token/data`, `/auth/oauth2/data`. */
export const httpBasic = guardedRecords(basicGuard);
export const httpBearer = guardedRecords(bearerGuard);
export const apiKey = guardedRecords(apiKeyGuard);
export const sessionData = guardedRecords(sessionGuard);
export const oauth2Data = guardedRecords(checkAccessToken);
