/**
 * The prose of the API: groups and labels (as in the banner), summaries, parameter descriptions and
 * worked error examples. Everything structural (methods, paths, parameter types, ranges, defaults,
 * check order) comes from the route table and the parameter specs; a test keeps the two in step.
 */
import { JOB_MESSAGES, MESSAGES, OAUTH_MESSAGES } from "../errors.js";

export type Group = "Pagination" | "Export" | "Incremental sync" | "Authentication" | "Cursors" | "Documentation";

/** What each group is for, in the order groups appear (the OpenAPI tags and the docs page's sections). */
export const GROUPS: readonly { readonly name: Group; readonly description: string }[] = [
  { name: "Pagination", description: "The six ways real APIs split a long list into pages." },
  { name: "Export", description: "Everything at once, as a CSV file." },
  { name: "Incremental sync", description: "Only what changed since the last sync, by timestamp or by position." },
  { name: "Authentication", description: "Four schemes and OAuth2, each guarding the first 20 records (or, with --require-auth, every data endpoint)." },
  { name: "Cursors", description: "Parent and child lists whose data changes as you read them." },
  { name: "Documentation", description: "This page, the OpenAPI document and the icon: never rate-limited or faulted; query strings are ignored." },
];

/** A request that produces a documented error, with the exact answer. */
export interface ErrorExample {
  readonly name: string;
  readonly status: number;
  /** Path and query to send. */
  readonly request: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly error: string;
  /** The request needs this run's secrets: an expired session token is built for it when they may be shown. */
  readonly needs?: "expiredSessionToken";
  /** An OAuth2 error (RFC 6749 §5.2): the answer is `{"error": code, "error_description": error}`. */
  readonly code?: string;
}

export interface RouteDoc {
  readonly group: Group;
  /** The banner's label for the endpoint. */
  readonly label: string;
  readonly description: string;
  /** The success answer: a component schema name, `csv`, `html`, `icon` or `openapi`. */
  readonly response: string;
  /** The success status when not 200 (the authorize endpoint redirects). */
  readonly successStatus?: 302 | 202;
  /** The request body's schema (POST routes). */
  readonly request?: "LoginRequest" | "TokenRequest" | "ExportJobRequest";
  /** Name of the security scheme guarding the route. */
  readonly security?: "basicAuth" | "bearerAuth" | "apiKeyAuth" | "sessionToken" | "oauth2";
  readonly errors: readonly ErrorExample[];
}

export interface ParameterDoc {
  readonly description: string;
  /** A value the server accepts, of the parameter's type (the documentation's examples are all tested against the server). */
  readonly example: string | number;
}

export const PARAMETER_DOCS: Readonly<Record<string, ParameterDoc>> = {
  order_by: { description: "Field to order by.", example: "createdAt" },
  order_type: { description: "Sort direction.", example: "desc" },
  per_page: { description: "Records per page.", example: 5 },
  page: { description: "Page to return, from 1; a page past the end has empty data.", example: 2 },
  limit: { description: "Records to return.", example: 5 },
  offset: { description: "Records to skip; an offset past the end gives empty data.", example: 10 },
  updated_since: { description: "Keep records with updatedAt at or after this UTC time (inclusive).", example: "2024-01-01T00:00:00Z" },
  since: { description: "Return records with updatedAt strictly after this UTC time (all without it), oldest first.", example: "2024-01-01T00:00:00Z" },
  scroll_param: {
    description: "Cursor from the previous page: standard padded base64 of the last record's updatedAt. The next page holds records updated strictly after it. Not together with updated_since.",
    example: "MjAyNC0wMS0wMVQwMDowMDowMFo=",
  },
  cursor: {
    description: "Opaque cursor from the previous answer's next_cursor; the next page holds records updated strictly after that page. Belongs to this run's seed. Not together with updated_since.",
    example: "(this run's cursor after the first page)",
  },
  start_id: { description: "First 1-based position in creation order (required).", example: 1 },
  end_id: { description: "Last position, at least start_id (required); ranges past the end return fewer records.", example: 10 },
  company_id: { description: "The company, 1 to 6.", example: 1 },
  job_id: { description: "An export job's id, from POST /export/jobs.", example: "(a job id from POST /export/jobs)" },
  response_type: { description: "Always `code` (the authorization code grant).", example: "code" },
  client_id: { description: "This run's OAuth2 client id (banner, config, this page).", example: "(this run's client id)" },
  redirect_uri: {
    description: "Where to send the browser back: any absolute http(s) URL without a fragment; the token request must repeat it. /oauth/callback answers what it receives, for trying without a listener of your own.",
    example: "http://127.0.0.1:5001/oauth/callback",
  },
  scope: { description: "Space-separated scopes; any are granted and echoed (default `read`).", example: "read" },
  state: { description: "Opaque value returned unchanged with the code (check it to stop cross-site request forgery).", example: "xyz" },
  code_challenge: { description: "PKCE (RFC 7636): base64url of the SHA-256 of your code_verifier; send the verifier with the token request.", example: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" },
  code_challenge_method: { description: "PKCE method: `S256` (plain is not offered). Required with code_challenge.", example: "S256" },
};

const unexpected = (path: string): ErrorExample => ({
  name: "unexpectedParameter", status: 400, request: `${path}?foo=1`, error: MESSAGES.unexpectedParameters(["foo"]),
});

export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  "GET /pagination/next_page_url": {
    group: "Pagination", label: "Next Page URL Pagination", response: "NextPageUrlPage",
    description: "Pages of records with an absolute next_page_url (built from the Host header, carrying every parameter that shapes the result, null on the last page). Follow it as-is to walk every record exactly once.",
    errors: [
      unexpected("/pagination/next_page_url"),
      { name: "perPageRange", status: 400, request: "/pagination/next_page_url?per_page=51", error: MESSAGES.perPage },
      { name: "notUtc", status: 400, request: "/pagination/next_page_url?updated_since=2024-01-01T00:00:00", error: MESSAGES.timestampNotUtc("updated_since") },
    ],
  },
  "GET /pagination/page_number": {
    group: "Pagination", label: "Page Number Pagination", response: "PageNumberPage",
    description: "Pages of records by page number; total_pages = ceil(total_items / per_page).",
    errors: [
      unexpected("/pagination/page_number"),
      { name: "pageRange", status: 400, request: "/pagination/page_number?page=0", error: MESSAGES.page },
      { name: "orderBy", status: 400, request: "/pagination/page_number?order_by=name", error: MESSAGES.orderBy },
    ],
  },
  "GET /pagination/offset": {
    group: "Pagination", label: "Offset Pagination", response: "OffsetPage",
    description: "Records by offset and limit.",
    errors: [
      unexpected("/pagination/offset"),
      { name: "limitRange", status: 400, request: "/pagination/offset?limit=0", error: MESSAGES.limit },
      { name: "offsetRange", status: 400, request: "/pagination/offset?offset=-1", error: MESSAGES.offset },
      { name: "orderType", status: 400, request: "/pagination/offset?order_type=up", error: MESSAGES.orderType },
    ],
  },
  "GET /pagination/keyset": {
    group: "Pagination", label: "Keyset Pagination", response: "KeysetPage",
    description: "50 records a page by updatedAt ascending. scroll_param is null exactly when nothing follows; total_count counts the records matching this request's filter.",
    errors: [
      unexpected("/pagination/keyset"),
      { name: "both", status: 400, request: "/pagination/keyset?scroll_param=MjAyNC0wMS0wMVQwMDowMDowMFo=&updated_since=2024-01-01T00:00:00Z", error: MESSAGES.keysetBoth },
      { name: "badCursor", status: 400, request: "/pagination/keyset?scroll_param=nope", error: MESSAGES.scrollParam },
    ],
  },
  "GET /pagination/link_header": {
    group: "Pagination", label: "Link Header Pagination", response: "RecordArray",
    description: "A bare JSON array of records; the Link header (RFC 8288) names the first, prev (from page 2), next (until the last page) and last pages as absolute URLs carrying every parameter, as GitHub does. Follow rel=\"next\" until there is none.",
    errors: [
      unexpected("/pagination/link_header"),
      { name: "perPageRange", status: 400, request: "/pagination/link_header?per_page=101", error: MESSAGES.perPage100 },
      { name: "pageRange", status: 400, request: "/pagination/link_header?page=0", error: MESSAGES.page },
    ],
  },
  "GET /pagination/cursor": {
    group: "Pagination", label: "Body Cursor Pagination", response: "CursorPage",
    description: "Records by updatedAt ascending with has_more and an opaque next_cursor in the body, as Stripe and Slack do. Pass next_cursor back as cursor until has_more is false.",
    errors: [
      unexpected("/pagination/cursor"),
      { name: "limitRange", status: 400, request: "/pagination/cursor?limit=101", error: MESSAGES.limit100 },
      { name: "both", status: 400, request: "/pagination/cursor?cursor=djE6MDowMDAwMDAwMA&updated_since=2024-01-01T00:00:00Z", error: MESSAGES.cursorBoth },
      { name: "badCursor", status: 400, request: "/pagination/cursor?cursor=djE6MDowMDAwMDAwMA", error: MESSAGES.cursor },
    ],
  },
  "GET /export/csv": {
    group: "Export", label: "Export with CSV", response: "csv",
    description: "Every record as RFC 4180 CSV (header row, CRLF line ends), in creation order, streamed. Served as an attachment named data_export.csv.",
    errors: [unexpected("/export/csv")],
  },
  "POST /export/jobs": {
    group: "Export", label: "Bulk Export Job", response: "ExportJobCreated", successStatus: 202, request: "ExportJobRequest",
    description: "Starts an asynchronous export of a snapshot of the records as they are now (filtered by updated_since when given): 202 with job_id and a Location to poll. The job stays queued, then running with progress, then completed (or, while --error-rate is on, a share fail), on the playground's clock: about {jobSeconds} seconds in all (--export-job-seconds).",
    errors: [
      unexpected("/export/jobs"),
      { name: "format", status: 400, request: "/export/jobs", headers: { "Content-Type": "application/json" }, body: '{"format": "xml"}', error: JOB_MESSAGES.format },
      { name: "notObject", status: 400, request: "/export/jobs", headers: { "Content-Type": "application/json" }, body: "[]", error: JOB_MESSAGES.body },
    ],
  },
  "GET /export/jobs/{job_id}": {
    group: "Export", label: "Bulk Export Job Status", response: "ExportJob",
    description: "The job now: queued, running (with progress), completed (with download_url and expires_at, an hour on) or failed (with error). Poll until completed or failed; expired and unknown jobs are 404s.",
    errors: [unexpected("/export/jobs/job_nope"), { name: "unknown", status: 404, request: "/export/jobs/job_nope", error: JOB_MESSAGES.notFound("job_nope") }],
  },
  "GET /export/jobs/{job_id}/file": {
    group: "Export", label: "Bulk Export Job File", response: "jobFile",
    description: "The completed job's snapshot, streamed: CSV (with a header row) or NDJSON (one record per line), as a .gz when compression was gzip. 409 until the job is completed.",
    errors: [unexpected("/export/jobs/job_nope/file"), { name: "unknown", status: 404, request: "/export/jobs/job_nope/file", error: JOB_MESSAGES.notFound("job_nope") }],
  },
  "GET /incremental/timestamp": {
    group: "Incremental sync", label: "Timestamp Incremental Sync", response: "RecordList",
    description: "Every record updated strictly after since, oldest change first. Loop with since = the last updatedAt until data is empty.",
    errors: [
      unexpected("/incremental/timestamp"),
      { name: "badDate", status: 400, request: "/incremental/timestamp?since=2024-02-30T00:00:00Z", error: MESSAGES.timestampFormat("since") },
    ],
  },
  "GET /incremental/step": {
    group: "Incremental sync", label: "Step-size Incremental Sync", response: "RecordList",
    description: "Records at 1-based creation positions start_id to end_id, each with id set to its position.",
    errors: [
      unexpected("/incremental/step"),
      { name: "missing", status: 400, request: "/incremental/step?start_id=1", error: MESSAGES.stepRequired },
      { name: "startRange", status: 400, request: "/incremental/step?start_id=0&end_id=5", error: MESSAGES.startId },
      { name: "endRange", status: 400, request: "/incremental/step?start_id=5&end_id=4", error: MESSAGES.endId },
    ],
  },
  "GET /incremental/deleted": {
    group: "Incremental sync", label: "Deleted Records (tombstones)", response: "DeletedList",
    description: "Every record deleted strictly after since (all without it), oldest deletion first, with its deletedAt: what a mirror must remove. Deletions happen only with --churn-mix ... delete:N (or POST /__playground/churn with a mix); deletedAt values are distinct from each other and from every updatedAt.",
    errors: [
      unexpected("/incremental/deleted"),
      { name: "badDate", status: 400, request: "/incremental/deleted?since=2024-02-30T00:00:00Z", error: MESSAGES.timestampFormat("since") },
    ],
  },
  "GET /auth/http_basic": {
    group: "Authentication", label: "Http Basic Auth", response: "RecordList", security: "basicAuth",
    description: "The first 20 records, behind HTTP Basic authentication with this run's username and password.",
    errors: [
      unexpected("/auth/http_basic"),
      { name: "missing", status: 401, request: "/auth/http_basic", error: MESSAGES.authMissing },
      { name: "wrong", status: 401, request: "/auth/http_basic", headers: { Authorization: "Basic d3Jvbmc6d3Jvbmc=" }, error: MESSAGES.authInvalid },
    ],
  },
  "GET /auth/http_bearer": {
    group: "Authentication", label: "HTTP Bearer", response: "RecordList", security: "bearerAuth",
    description: "The first 20 records, behind a bearer token.",
    errors: [
      unexpected("/auth/http_bearer"),
      { name: "missing", status: 401, request: "/auth/http_bearer", error: MESSAGES.authMissing },
      { name: "wrong", status: 401, request: "/auth/http_bearer", headers: { Authorization: "Bearer wrong" }, error: MESSAGES.authInvalid },
    ],
  },
  "GET /auth/api_key": {
    group: "Authentication", label: "Auth API Key", response: "RecordList", security: "apiKeyAuth",
    description: "The first 20 records, behind an API key sent as `Authorization: apiKey <key>`.",
    errors: [
      unexpected("/auth/api_key"),
      { name: "missing", status: 401, request: "/auth/api_key", error: MESSAGES.authMissing },
      { name: "wrongScheme", status: 401, request: "/auth/api_key", headers: { Authorization: "Bearer wrong" }, error: MESSAGES.authInvalid },
    ],
  },
  "POST /auth/session_token/login": {
    group: "Authentication", label: "Session Token Auth Login", response: "LoginResponse", request: "LoginRequest",
    description: "Trade this run's session username and password for a token: base64 of username:password:<expiry unix seconds>, valid for expires_in seconds ({tokenTtl} in this run, set by --token-ttl).",
    errors: [
      unexpected("/auth/session_token/login"),
      { name: "missingField", status: 400, request: "/auth/session_token/login", body: '{"username": "x"}', error: MESSAGES.loginRequired },
      { name: "notObject", status: 400, request: "/auth/session_token/login", body: "[]", error: MESSAGES.loginBody },
      { name: "notStrings", status: 400, request: "/auth/session_token/login", body: '{"username": 1, "password": 2}', error: MESSAGES.loginTypes },
      { name: "wrong", status: 401, request: "/auth/session_token/login", body: '{"username": "x", "password": "y"}', error: MESSAGES.loginInvalid },
    ],
  },
  "GET /auth/session_token/data": {
    group: "Authentication", label: "Session Token Auth Data", response: "RecordList", security: "sessionToken",
    description: "The first 20 records, behind a session token from the login endpoint (`Authorization: Token <token>`).",
    errors: [
      unexpected("/auth/session_token/data"),
      { name: "missing", status: 400, request: "/auth/session_token/data", error: MESSAGES.tokenMissing },
      { name: "badFormat", status: 400, request: "/auth/session_token/data", headers: { Authorization: "Token !!!" }, error: MESSAGES.tokenFormat },
      { name: "wrong", status: 401, request: "/auth/session_token/data", headers: { Authorization: "Token eDp5OjE3MDAwMDAwMDA=" }, error: MESSAGES.tokenInvalid },
      { name: "expired", status: 401, request: "/auth/session_token/data", needs: "expiredSessionToken", error: MESSAGES.tokenExpired },
    ],
  },
  "GET /auth/oauth2/data": {
    group: "Authentication", label: "OAuth2 Data", response: "RecordList", security: "oauth2",
    description: "The first 20 records, behind an OAuth2 access token from POST /oauth/token (`Authorization: Bearer <access_token>`). Refusals follow RFC 6750: without a bearer token the challenge carries no error code; a bad, expired or revoked one gets `error=\"invalid_token\"` and a description.",
    errors: [
      unexpected("/auth/oauth2/data"),
      { name: "missing", status: 401, request: "/auth/oauth2/data", error: OAUTH_MESSAGES.tokenMissing },
      { name: "invalid", status: 401, request: "/auth/oauth2/data", headers: { Authorization: "Bearer nope" }, error: OAUTH_MESSAGES.tokenInvalid },
    ],
  },
  "POST /oauth/token": {
    group: "Authentication", label: "OAuth2 Token", response: "TokenResponse", request: "TokenRequest",
    description: "The OAuth2 token endpoint (RFC 6749): grant_type client_credentials, refresh_token or authorization_code (with PKCE S256). The client authenticates with HTTP Basic (client_id:client_secret) or with both in the body; PKCE code exchanges, and refreshes of their tokens, may send client_id alone. Form-encoded bodies, or JSON. Access tokens live {accessTokenTtl} seconds (--access-token-ttl); refresh tokens {rotation}. Errors are RFC 6749 §5.2 objects; every answer says Cache-Control: no-store.",
    errors: [
      { name: "noGrant", status: 400, request: "/oauth/token", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "", code: "invalid_request", error: OAUTH_MESSAGES.grantMissing },
      { name: "password", status: 400, request: "/oauth/token", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=password", code: "unsupported_grant_type", error: OAUTH_MESSAGES.grantUnsupported("password") },
      { name: "wrongClient", status: 401, request: "/oauth/token", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials&client_id=x&client_secret=y", code: "invalid_client", error: OAUTH_MESSAGES.clientWrong },
    ],
  },
  "GET /oauth/authorize": {
    group: "Authentication", label: "OAuth2 Authorize", response: "Redirect", successStatus: 302,
    description: "The authorization endpoint of the code grant (RFC 6749 §4.1, PKCE per RFC 7636): approves at once, with no login page, and redirects to redirect_uri with code (accepted for 600 seconds, once) and the state given. Other errors are redirected too, as error and error_description. A missing or unknown client_id or a bad redirect_uri is answered here instead. Unknown parameters are ignored.",
    errors: [
      { name: "unknownClient", status: 400, request: "/oauth/authorize?response_type=code&client_id=someone&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcb", code: "invalid_request", error: OAUTH_MESSAGES.authorizeClient },
    ],
  },
  "GET /oauth/callback": {
    group: "Authentication", label: "OAuth2 Callback Stand-in", response: "CallbackEcho",
    description: "A redirect target for trying the code grant without a listener of your own: answers the query parameters it received (code and state, or error and error_description) as a JSON object.",
    errors: [],
  },
  "GET /cursors/companies": {
    group: "Cursors", label: "Companies Cursor", response: "CompanyList",
    description: "The six companies. After each answer a random subset of them (possibly none, possibly all) gets updatedAt = now; the answer shows the state before that change.",
    errors: [
      unexpected("/cursors/companies"),
      { name: "orderBy", status: 400, request: "/cursors/companies?order_by=name", error: MESSAGES.orderBy },
    ],
  },
  "GET /cursors/{company_id}/departments": {
    group: "Cursors", label: "Departments by Company Cursor", response: "DepartmentList",
    description: "A company's four departments. After each answer a random subset of them gets updatedAt = now.",
    errors: [
      unexpected("/cursors/1/departments"),
      { name: "notInteger", status: 400, request: "/cursors/abc/departments", error: MESSAGES.companyIdInteger },
      { name: "unknown", status: 404, request: "/cursors/7/departments", error: MESSAGES.companyNotFound("7") },
    ],
  },
  "GET /": {
    group: "Documentation", label: "Documentation page", response: "html",
    description: "This documentation as one self-contained HTML page, with a try-it button per endpoint.",
    errors: [],
  },
  "GET /docs": {
    group: "Documentation", label: "Documentation page", response: "html",
    description: "The same page as /.",
    errors: [],
  },
  "GET /openapi.json": {
    group: "Documentation", label: "OpenAPI document", response: "openapi",
    description: "This OpenAPI 3.1 document; servers points at the address the request came in on.",
    errors: [],
  },
  "GET /favicon.ico": {
    group: "Documentation", label: "Icon", response: "icon",
    description: "The playground's 16×16 icon, which browsers ask for with every page.",
    errors: [],
  },
};
