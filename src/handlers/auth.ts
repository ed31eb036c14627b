/** The four authentication schemes, each guarding the first 20 records. */
import { timingSafeEqual } from "node:crypto";
import { decodeBase64Text, encodeBase64Text } from "../codecs/base64.js";
import { decodeSessionToken, encodeSessionToken } from "../codecs/token.js";
import { HttpError, MESSAGES } from "../errors.js";
import type { AppState, PlainRequest, PlainResponse } from "../types.js";
import { jsonText, jsonWithRecords, viewRun } from "./respond.js";

/** Records the auth data endpoints return. */
export const AUTH_DATA_RECORDS = 20;
const REALM = 'realm="api-playground"';

/**
 * Compares secrets in constant time: the position of the first difference never shows in the timing.
 * A length mismatch still takes one full comparison (the expected length is public: every secret here
 * has a fixed, documented shape).
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** Splits `Scheme credentials`; the scheme is lower-cased (schemes are case-insensitive, RFC 9110). */
export function parseAuthorization(header: string): { scheme: string; credentials: string } {
  const trimmed = header.trim();
  let space = trimmed.indexOf(" ");
  const tab = trimmed.indexOf("\t");
  if (tab !== -1 && (space === -1 || tab < space)) space = tab;
  if (space === -1) return { scheme: trimmed.toLowerCase(), credentials: "" };
  return { scheme: trimmed.slice(0, space).toLowerCase(), credentials: trimmed.slice(space).trim() };
}

function firstRecords(state: AppState): PlainResponse {
  return state.cache.remember(`auth:first-records@${state.records.version}`, () =>
    jsonWithRecords(`{"data":`, viewRun(state.records, state.records.view("createdAt", "asc"), 0, AUTH_DATA_RECORDS), "}"));
}

function unauthorized(message: string, scheme: string): HttpError {
  return new HttpError(401, message, { "WWW-Authenticate": `${scheme} ${REALM}` });
}

/** A handler for a header scheme: `check` gets the credentials after the (matching) scheme name. */
function headerScheme(scheme: string, check: (credentials: string, state: AppState) => boolean) {
  const lower = scheme.toLowerCase();
  return (request: PlainRequest, state: AppState): PlainResponse => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === "") throw unauthorized(MESSAGES.authMissing, scheme);
    const { scheme: given, credentials } = parseAuthorization(header);
    // Evaluate the secret comparison even for a wrong scheme, so timing does not tell which part was wrong.
    const secretOk = check(credentials, state);
    if (given !== lower || !secretOk) throw unauthorized(MESSAGES.authInvalid, scheme);
    return firstRecords(state);
  };
}

/** `GET /auth/http_basic`: `Authorization: Basic base64(username:password)`. */
export const httpBasic = headerScheme("Basic", (credentials, state) => {
  const { username, password } = state.credentials.basic;
  const expected = `${username}:${password}`;
  // The canonical encoding compares directly; any other spelling (no padding, URL-safe) is decoded first.
  if (secretsEqual(credentials, encodeBase64Text(expected))) return true;
  return secretsEqual(decodeBase64Text(credentials) ?? "", expected);
});

/** `GET /auth/http_bearer`: `Authorization: Bearer <token>`. */
export const httpBearer = headerScheme("Bearer", (credentials, state) => secretsEqual(credentials, state.credentials.bearerToken));

/** `GET /auth/api_key`: `Authorization: apiKey <key>`. */
export const apiKey = headerScheme("apiKey", (credentials, state) => secretsEqual(credentials, state.credentials.apiKey));

function readLoginBody(body: Buffer | undefined): { username: unknown; password: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body ?? Buffer.alloc(0)));
  } catch {
    throw new HttpError(400, MESSAGES.loginBody);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new HttpError(400, MESSAGES.loginBody);
  const fields = parsed as Record<string, unknown>;
  return {
    username: Object.hasOwn(fields, "username") ? fields.username : undefined,
    password: Object.hasOwn(fields, "password") ? fields.password : undefined,
  };
}

/** `POST /auth/session_token/login` with a JSON body `{"username", "password"}`. */
export function sessionLogin(request: PlainRequest, state: AppState): PlainResponse {
  const { username, password } = readLoginBody(request.body);
  if (username === undefined || username === null || username === "" || password === undefined || password === null || password === "") {
    throw new HttpError(400, MESSAGES.loginRequired);
  }
  if (typeof username !== "string" || typeof password !== "string") throw new HttpError(400, MESSAGES.loginTypes);
  const expected = state.credentials.session;
  const userOk = secretsEqual(username, expected.username);
  const passwordOk = secretsEqual(password, expected.password);
  if (!userOk || !passwordOk) throw unauthorized(MESSAGES.loginInvalid, "Token");
  const expiresAt = Math.floor(request.now / 1000) + state.tokenTtlSeconds;
  return jsonText(`{"token":"${encodeSessionToken(username, password, expiresAt)}","expires_in":${state.tokenTtlSeconds}}`);
}

/** `GET /auth/session_token/data` with `Authorization: Token <token>`. */
export function sessionData(request: PlainRequest, state: AppState): PlainResponse {
  const header = request.headers.authorization;
  const { scheme, credentials } = parseAuthorization(header ?? "");
  if (scheme !== "token" || credentials === "") throw new HttpError(400, MESSAGES.tokenMissing);
  const token = decodeSessionToken(credentials);
  if (token === undefined) throw new HttpError(400, MESSAGES.tokenFormat);
  const { username, password } = state.credentials.session;
  if (!secretsEqual(token.secret, `${username}:${password}`)) throw unauthorized(MESSAGES.tokenInvalid, "Token");
  if (request.now / 1000 > token.expiresAt) throw unauthorized(MESSAGES.tokenExpired, "Token");
  return firstRecords(state);
}
