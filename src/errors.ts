/**
 * Every error text the API answers with — the API's and the control plane's (MESSAGES), OAuth2's RFC 6749
 * descriptions (OAUTH_MESSAGES) and the export jobs' (JOB_MESSAGES) — and PlaygroundError, what handlers throw
 * (with an OAuth2 error code, it is answered in RFC 6749's shape).
 */
import type { JournalNote } from "./types.js";

/** How long an authorization code is accepted (RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const CODE_TTL_SECONDS = 600;
/** Export jobs kept per server; beyond, the oldest is forgotten (404). */
export const MAX_JOBS = 20;

/**
 * A header on a 404 for a mistyped path or a 400 for mistyped parameters, naming the nearest known ones
 * (the error bodies stay the original's). Only known names go in it, never the client's text.
 */
export const HINT_HEADER = "X-Playground-Hint";

export const MESSAGES = {
  notFound: "Not found",
  /** The X-Playground-Hint of a 404 whose path is one or two edits from a known one. */
  hintPath: (path: string) => `did you mean ${path}?`,
  /** The X-Playground-Hint of an unexpected-parameters 400: the allowed names near the ones given. */
  hintParameters: (names: readonly string[]) => `did you mean ${names.map((name) => `'${name}'`).join(", ")}?`,
  methodNotAllowed: "Method not allowed",
  /** An empty name (`?=5`) is shown as `(empty name)`, so the message never ends in nothing. */
  unexpectedParameters: (names: readonly string[]) => `Unexpected query parameters: ${names.map((name) => (name === "" ? "(empty name)" : name)).join(", ")}`,
  orderBy: "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'",
  orderType: "Invalid value for 'order_type'. Use 'asc' or 'desc'",
  perPage: "Invalid value for 'per_page'. It should be between 1 and 50.",
  page: "Invalid value for 'page'. It must be greater than or equal to 1.",
  limit: "Invalid value for 'limit'. It should be between 1 and 50.",
  offset: "Invalid value for 'offset'. It must be greater than or equal to 0.",
  timestampNotUtc: (name: string) => `Invalid date format for '${name}'. Must end with 'Z' for UTC`,
  timestampFormat: (name: string) => `Invalid date format for '${name}'. Use 'YYYY-MM-DDTHH:MM:SSZ'`,
  keysetBoth: "You can only use 'updated_since' in first request, subsequent requests should use only 'scroll_param'",
  scrollParam: "Invalid scroll_param value",
  perPage100: "Invalid value for 'per_page'. It should be between 1 and 100.",
  limit100: "Invalid value for 'limit'. It should be between 1 and 100.",
  cursorBoth: "You can only use 'updated_since' in the first request; later requests pass only 'cursor'",
  cursor: "Invalid value for 'cursor'. Pass back next_cursor from the previous answer unchanged (a cursor belongs to the seed that made it)",
  stepRequired: "Both 'start_id' and 'end_id' parameters are required",
  startId: "Invalid value for 'start_id'. It must be greater than or equal to 1.",
  endId: "Invalid value for 'end_id'. It must be greater than or equal to 'start_id'.",
  companyIdInteger: "Invalid value for 'company_id'. 'company_id' must be an integer",
  companyNotFound: (id: string) => `company_id '${id}' not found`,
  authMissing: "Authorization header is missing",
  authInvalid: "Invalid API key or format",
  loginBody: "Request body must be a JSON object with 'username' and 'password'",
  loginRequired: "Username and password are required",
  loginTypes: "Username and password must be strings",
  loginInvalid: "Invalid username or password",
  tokenMissing: "Token is missing",
  tokenFormat: "Invalid token format",
  tokenInvalid: "Invalid Token",
  tokenExpired: "Token has expired",
  tokenRevoked: "Token has been revoked",
  bodyTooLarge: "Request body too large (limit 64 KiB)",
  targetTooLong: "Request target too long (limit 8 KiB)",
  headersTooLarge: "Request header fields too large",
  requestTimeout: "Request timeout",
  misdirected: (host: string) => `Host '${host.slice(0, 100)}' is not served: the playground listens on loopback and answers only ` +
    `loopback host names (DNS rebinding protection); to reach it through this name, start it with --allowed-hosts ${host.slice(0, 100)}`,
  badRequest: "Bad request",
  tooManyRequests: "Too many requests",
  internal: "Internal error",
  simulatedInternal: "Simulated internal server error",
  simulatedBadGateway: "Simulated bad gateway",
  simulatedUnavailable: "Simulated service unavailable",
  controlLoopbackOnly: "The control plane (/__playground/) answers only while the playground listens on loopback; " +
    "start it with --admin-token TOKEN to use it from elsewhere",
  controlToken: "Missing or wrong X-Playground-Admin-Token header",
  controlCrossSite: "The control plane refuses requests that a browser marks as sent by another site (Sec-Fetch-Site, Origin): " +
    "no web page may drive it. Use the inspector on this server, or any HTTP client outside a browser",
  controlBodyType: "A control request with a body needs Content-Type: application/json (the verifier also takes text/csv, " +
    "application/x-ndjson and application/octet-stream); bodies without a type, or typed text/plain, form or multipart, are refused " +
    "so that no web page can send them",
  controlJson: (detail: string) => `Request body must be JSON: ${detail}`,
  controlField: (detail: string) => `Invalid request body: ${detail}`,
  churnHistoryFull: (limit: number) => `The change history is full (${limit} changes since the start or the last reset): ` +
    "POST /__playground/reset to start over",
  tooManyStreams: (limit: number) => `Too many event streams open (at most ${limit}); close one, or poll GET /__playground/requests?since=<seq>`,
  controlSince: "Invalid value for 'since'. It must be an integer >= 0 (a seq from an earlier answer).",
  controlLimit: "Invalid value for 'limit'. It must be an integer >= 1.",
  uploadTooLarge: "Upload too large (limit 1 GiB)",
  verifyEmpty: "Send what your connector ended with: a JSON array, NDJSON or CSV of {id, updatedAt} (or updated_at)",
  verifyUpload: (detail: string) => `Invalid upload: ${detail}`,
  /** `?resource=` naming no declared resource. */
  verifyResource: (name: string, declared: readonly string[]) =>
    `Invalid value for 'resource': ${declared.length === 0 ? "this playground declares no resources (--resources FILE)" : `name one of ${declared.join(", ")}`}; got '${name.slice(0, 50)}'`,
  verifyUpdatedField: "Invalid value for 'updated_field': the name of the field or column holding each record's updatedAt (1-100 printable characters)",
  controlSeq: (seq: string) => `No journal entry with seq ${seq.slice(0, 30)} (never made, or no longer in the journal)`,
} as const;

/**
 * What the playground refuses, and how to answer it: `{"error": message}` with a 4xx status (and optional
 * extra headers). It is a RangeError, and named so, because that is what createServer has always thrown and
 * documented for a bad option (`String(error)` reads "RangeError: ..." as before); a built-in RangeError (a
 * bug) is not a PlaygroundError, and the pipeline answers it with a 500.
 */
export class PlaygroundError extends RangeError {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** A remark for the journal (see PlainResponse.note). */
    readonly note?: JournalNote,
    /** An OAuth2 error code (RFC 6749 §5.2): answered as `{"error": code, "error_description": message}`. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "RangeError";
  }
}

/** A value refused where there is no HTTP answer of its own to give (createServer's options, the run's methods, the CLI): a 400 with `message`. */
export function invalid(message: string): PlaygroundError {
  return new PlaygroundError(400, message);
}

export const OAUTH_MESSAGES = {
  bodyType: "Send the parameters form-encoded (application/x-www-form-urlencoded) or as a JSON object of strings",
  repeated: (name: string) => `Parameter '${name.slice(0, 50)}' is given more than once`,
  grantMissing: "Missing grant_type: use client_credentials, refresh_token or authorization_code",
  parametersInQuery: "The token request's parameters belong in a form-encoded body (Content-Type: application/x-www-form-urlencoded), " +
    "not in the query string (RFC 6749 §3.2): move grant_type and the rest into the body",
  grantUnsupported: (grant: string) => `grant_type '${grant.slice(0, 50)}' is not supported: use client_credentials, refresh_token or authorization_code`,
  clientMissing: "Client authentication failed: send client_id and client_secret, with HTTP Basic or in the body",
  clientWrong: "Client authentication failed: unknown client_id or wrong client_secret",
  clientBasic: "Client authentication failed: the Basic credentials are not base64 of client_id:client_secret",
  twoMethods: "Use one client authentication method: HTTP Basic or client_secret in the body, not both",
  secretNeeded: "This grant needs the client secret (only PKCE code exchanges and their refresh tokens work with client_id alone)",
  scopeSyntax: "Invalid scope: space-separated words of printable characters without quotes or backslashes",
  scopeWider: "The requested scope is wider than the one granted",
  refreshMissing: "Missing refresh_token",
  refreshInvalid: "The refresh token is invalid (not issued by this playground's client)",
  refreshUsed: "The refresh token was already used: with rotation on, each refresh token works once; use the one from the last answer",
  refreshStale: "The refresh token was issued before the playground was reset (or before its record of 100,000 used tokens filled up): get a new one with your client credentials",
  codeMissing: "Missing code",
  codeInvalid: "The authorization code is invalid (not issued by this playground)",
  codeExpired: `The authorization code expired (codes are accepted for ${CODE_TTL_SECONDS} seconds)`,
  codeUsed: "The authorization code was already used",
  codeStale: "The authorization code was issued before the playground was reset (or before its record of 100,000 used codes filled up): ask for a new one",
  redirectMismatch: "redirect_uri does not match the one in the authorization request",
  verifierMissing: "code_verifier is required: the code was asked for with a code_challenge",
  verifierSyntax: "Invalid code_verifier: 43-128 characters of A-Z a-z 0-9 - . _ ~",
  verifierWrong: "PKCE verification failed: code_verifier does not match the code_challenge",
  authorizeClient: "Missing or unknown client_id",
  authorizeRedirect: "Missing or invalid redirect_uri: an absolute http or https URL without a fragment",
  redirectUnregistered: "redirect_uri is not registered for this client: loopback addresses (any port) and this server's /oauth/callback are; " +
    "start the playground with --oauth-redirect-uris to add others",
  responseType: "response_type must be code",
  challengeMethod: "code_challenge_method must be S256 (without it RFC 7636 means plain, which is not offered)",
  challengeSyntax: "Invalid code_challenge: 43-128 characters of A-Z a-z 0-9 - . _ ~ (S256: base64url of a SHA-256, 43 characters)",
  tokenMissing: "Send Authorization: Bearer <access_token from POST /oauth/token>",
  tokenInvalid: "The access token is invalid",
  tokenExpired: "The access token expired",
  tokenRevoked: "The access token was revoked",
} as const;

export const JOB_MESSAGES = {
  body: "Request body must be a JSON object: {\"format\": \"csv\" | \"ndjson\", \"updated_since\"?: \"YYYY-MM-DDTHH:MM:SSZ\", \"compression\"?: \"gzip\"}",
  format: "Invalid value for 'format'. Use 'csv' or 'ndjson'",
  compression: "Invalid value for 'compression'. Use 'gzip' or leave it out",
  unknownField: (name: string, known: readonly string[]) => `Unexpected field '${name.slice(0, 50)}': use ${known.slice(0, -1).join(", ")} and ${known.at(-1) as string}`,
  notFound: (id: string) => `No export job '${id.slice(0, 60)}' (never made, expired, or one of more than ${MAX_JOBS} since)`,
  notReady: (id: string, status: string) => `Export job '${id.slice(0, 60)}' is ${status}: poll /export/jobs/${id.slice(0, 60)} until it is completed`,
  failed: "Simulated failure while exporting (--error-rate): start a new job",
} as const;

/** The messages of a declared resource's parameters, in the built-in endpoints' words. */
export const DECLARED_MESSAGES = {
  order: (name: string, asc: string, desc: string) => `Invalid value for '${name}'. Use '${asc}' or '${desc}'`,
  limit: (name: string, max: number) => `Invalid value for '${name}'. It should be between 1 and ${max}.`,
  offset: (name: string) => `Invalid value for '${name}'. It must be greater than or equal to 0.`,
  page: (name: string) => `Invalid value for '${name}'. It must be greater than or equal to 1.`,
  cursor: (name: string, from: string) => `Invalid value for '${name}'. Pass back ${from} from the previous answer unchanged`,
  keyset: (name: string) => `Invalid value for '${name}'. Pass the id of the last record of the previous page`,
  cursorAndSince: (cursor: string, since: string) => `You can only use '${since}' in the first request; later requests pass only '${cursor}'`,
} as const;
