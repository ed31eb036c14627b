/** Every error text the API answers with, in one table, and the one error type handlers throw. */

export const MESSAGES = {
  notFound: "Not found",
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
  verifyUpdatedField: "Invalid value for 'updated_field': the name of the field or column holding each record's updatedAt (1-100 printable characters)",
  controlSeq: (seq: string) => `No journal entry with seq ${seq.slice(0, 30)} (never made, or no longer in the journal)`,
} as const;

/** An error answer: `{"error": message}` with a 4xx status (and optional extra headers). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** A remark for the journal (see PlainResponse.note). */
    readonly note?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
