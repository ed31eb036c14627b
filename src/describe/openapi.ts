/**
 * The OpenAPI 3.1 document, generated from the route table and the parameter specs the server validates
 * with (plus the prose in route-docs.ts), so documentation and behaviour cannot drift.
 */
import { encodeSessionToken } from "../codecs/token.js";
import { ADMIN_TOKEN_SCHEME, CONTROL_COMPONENT_HEADERS, CONTROL_SCHEMAS, CONTROL_TAG, controlPaths, type DocumentedControlRoute } from "./control-openapi.js";
import { JOB_MESSAGES, MESSAGES } from "../errors.js";
import { allowHeader } from "../codecs/allow.js";
import { PACKAGE_NAME, packageVersion } from "../package-info.js";
import { GROUPS, PARAMETER_DOCS, ROUTE_DOCS, type ErrorExample, type RouteDoc } from "./route-docs.js";
import { headersSent as headersSentIn, responseExample, withExample } from "./openapi-examples.js";
import { RESPONSE_EXAMPLES } from "./openapi-examples.data.js";
import { recordSchemaFor, SCHEMAS, TIMESTAMP } from "./openapi-schemas.js";
import type { Credentials, RequireAuth } from "../types.js";
import type { ParameterSpec } from "../codecs/parameters.js";

/** What the generator needs of a route. */
export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly query?: readonly ParameterSpec[];
  /** Self-description: never rate-limited or faulted. */
  readonly documentation?: true;
  readonly ignoresQuery?: true;
  /** Whole 200 answers carry an ETag and honour If-None-Match. */
  readonly etag?: true;
  /** Query parameters besides those listed are ignored. */
  readonly otherQueryIgnored?: true;
  /** A data endpoint `--require-auth` guards. */
  readonly guarded?: true;
}

/** What the document states about this run. */
export interface OpenApiContext {
  readonly tokenTtlSeconds: number;
  readonly accessTokenTtlSeconds?: number;
  readonly exportJobSeconds?: number;
  readonly refreshRotation?: boolean;
  /** When this run's records gain `phone` (schema drift), or undefined when only on request. */
  readonly schemaDriftAt?: string | undefined;
  /** The scheme guarding every data endpoint in this run (`--require-auth`). */
  readonly requireAuth?: RequireAuth | undefined;
  /** This run's secrets, given only while they may be shown (loopback): worked examples then use them. */
  readonly credentials?: Credentials | undefined;
  /** Examples that only this run can give (a body cursor belongs to its seed), by parameter name. */
  readonly examples?: Readonly<Record<string, string | number>>;
}

type Json = Record<string, unknown>;

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

export const header = (name: string): Json => ({ $ref: `#/components/headers/${name}` });
/** Sent on every answer. */
const ALWAYS: Json = { "X-Content-Type-Options": header("X-Content-Type-Options") };
/** Every answer to an API request: nosniff, and the rate-limit headers while the limit is on. */
export const API_HEADERS: Json = {
  ...ALWAYS,
  "X-RateLimit-Limit": header("X-RateLimit-Limit"),
  "X-RateLimit-Remaining": header("X-RateLimit-Remaining"),
  "X-RateLimit-Reset": header("X-RateLimit-Reset"),
};

/** The answer header examples default to: a real 200 of the pinned run (operations show their own answer's). */
const TYPICAL: Readonly<Record<string, string>> = RESPONSE_EXAMPLES["GET /pagination/offset"]?.headers ?? {};

/** The challenge a route's real 401 sent (only the WWW-Authenticate: the rest is in the component examples). */
function challengeOf(route: DocumentedRoute): Readonly<Record<string, string>> | undefined {
  const value = RESPONSE_EXAMPLES[`${route.method} ${route.path} answered 401`]?.headers["www-authenticate"];
  return value === undefined ? undefined : { "www-authenticate": value };
}

/** A real 429 of the rate limit (the bucket empty). */
const RATE_LIMITED_HEADERS: Readonly<Record<string, string>> = RESPONSE_EXAMPLES["GET /pagination/cursor answered 429"]?.headers ?? {};

/** Declared inline on each operation that sends it, with that operation's real tag as the example. */
export const ETAG_HEADER: Json = {
    required: false, example: TYPICAL.etag,
  description: "Sent only on whole answers: a strong validator of this answer's bytes (not on answers streamed in chunks: incremental answers over 1,000 records, CSV over 20,000 rows). Send it back as If-None-Match: while the answer is unchanged the server says 304 with no body. A compressed answer has its own tag: the identity one with `-br`, `-gzip` or `-deflate` before the closing quote.",
  schema: { type: "string" },
};

const COMPONENT_HEADERS: Json = {
  "X-RateLimit-Limit": {
    description: "Sent only while the rate limit is on (--rate-limit): the bucket's capacity.", required: false,
    schema: { type: "integer", minimum: 1 }, example: Number(TYPICAL["x-ratelimit-limit"]),
  },
  "X-RateLimit-Remaining": {
    description: "Sent only while the rate limit is on (--rate-limit): whole tokens left after this request.", required: false,
    schema: { type: "integer", minimum: 0 }, example: Number(TYPICAL["x-ratelimit-remaining"]),
  },
  "X-RateLimit-Reset": {
    description: "Sent only while the rate limit is on (--rate-limit): whole seconds until the bucket is full.", required: false,
    schema: { type: "integer", minimum: 0 }, example: Number(TYPICAL["x-ratelimit-reset"]),
  },
  "Retry-After": {
    description: "Whole seconds until a request can succeed again (at least 1); with --retry-after-format http-date, that instant as an HTTP-date (RFC 9110), e.g. `Sat, 28 Nov 2026 12:00:01 GMT`.",
    schema: { anyOf: [{ type: "integer", minimum: 1 }, { type: "string", description: "IMF-fixdate" }] }, example: Number(RATE_LIMITED_HEADERS["retry-after"]),
  },
  "X-Content-Type-Options": { description: "Always nosniff.", schema: { type: "string", enum: ["nosniff"] } },
  "WWW-Authenticate": { description: "The scheme to use and the realm, e.g. `Bearer realm=\"connector-playground\"`.", schema: { type: "string" }, example: RESPONSE_EXAMPLES["GET /auth/http_bearer answered 401"]?.headers["www-authenticate"] },
  Link: {
    description: "RFC 8288 links to the `first`, `prev` (from page 2), `next` (until the last page) and `last` pages, as absolute URLs, e.g. " +
      "`<http://127.0.0.1:5001/pagination/link_header?page=2&per_page=30&order_by=updatedAt&order_type=asc>; rel=\"next\"`.",
    schema: { type: "string" }, example: RESPONSE_EXAMPLES["GET /pagination/link_header"]?.headers.link,
  },
  "Content-Disposition": { description: "`attachment; filename=data_export.csv` on the export; `attachment; filename=<job_id>.csv` (`.ndjson`, `.gz` added when gzip) on an export job's file.", schema: { type: "string" }, example: RESPONSE_EXAMPLES["GET /export/csv"]?.headers["content-disposition"] },
  Allow: { description: "The methods this path answers, e.g. `GET, HEAD, OPTIONS`.", schema: { type: "string" }, example: "GET, HEAD, OPTIONS" },
  "Content-Security-Policy": {
    description: "The docs page runs only its own inline style and script (by hash) and talks only to this server.", schema: { type: "string" },
    example: RESPONSE_EXAMPLES["GET /docs headers"]?.headers["content-security-policy"],
  },
  "X-Frame-Options": { description: "Always DENY: no other site may frame the docs page.", schema: { type: "string", enum: ["DENY"] } },
  "Referrer-Policy": { description: "Always no-referrer.", schema: { type: "string", enum: ["no-referrer"] } },
  "Cache-Control": { description: "`public, max-age=86400` on the icon; `no-store` on every OAuth2 answer (RFC 6749 §5.1) and on export jobs' status answers.", schema: { type: "string", enum: ["public, max-age=86400", "no-store"] } },
  Vary: {
    required: false,
    description: "`Accept-Encoding` on every answer that may be compressed (JSON and CSV of 1 KiB or more, and every stream), whether or not this one is (not with --compression false).",
    schema: { type: "string", enum: ["Accept-Encoding"] },
  },
  Pragma: { description: "`no-cache` on every OAuth2 answer (RFC 6749 §5.1).", schema: { type: "string", enum: ["no-cache"] } },
  Location: {
    description: "The authorize redirect: redirect_uri with code and state (or error, error_description and state) added; an export job: its status URL.",
    schema: { type: "string", format: "uri" }, example: RESPONSE_EXAMPLES["POST /export/jobs"]?.headers.location,
  },
};

const SECURITY_SCHEMES: Json = {
  basicAuth: { type: "http", scheme: "basic", description: "This run's Basic username and password (see the banner or playground.credentials)." },
  bearerAuth: { type: "http", scheme: "bearer", description: "This run's bearer token." },
  apiKeyAuth: { type: "apiKey", in: "header", name: "Authorization", description: "Send `Authorization: apiKey <key>` with this run's API key." },
  sessionToken: { type: "apiKey", in: "header", name: "Authorization", description: "Send `Authorization: Token <token>` with a token from POST /auth/session_token/login." },
};

/** The OAuth2 flows, with absolute URLs on the address the request came in on. */
function oauth2Scheme(origin: string): Json {
  const tokenUrl = `${origin}/oauth/token`;
  const scopes = { read: "Read the records (any other scope is granted and echoed too)." };
  return {
    type: "oauth2",
    description: "This run's OAuth2 client (client_id and client_secret in the banner, the config and this page). Send `Authorization: Bearer <access_token>`.",
    flows: {
      clientCredentials: { tokenUrl, refreshUrl: tokenUrl, scopes },
      authorizationCode: { authorizationUrl: `${origin}/oauth/authorize`, tokenUrl, refreshUrl: tokenUrl, scopes },
    },
  };
}

/** The security scheme and auth endpoint behind each `--require-auth` value. */
const REQUIRED_SCHEMES: Readonly<Record<RequireAuth, { readonly scheme: NonNullable<RouteDoc["security"]>; readonly endpoint: string }>> = {
  basic: { scheme: "basicAuth", endpoint: "GET /auth/http_basic" },
  bearer: { scheme: "bearerAuth", endpoint: "GET /auth/http_bearer" },
  api_key: { scheme: "apiKeyAuth", endpoint: "GET /auth/api_key" },
  session: { scheme: "sessionToken", endpoint: "GET /auth/session_token/data" },
  oauth2: { scheme: "oauth2", endpoint: "GET /auth/oauth2/data" },
};

/** The OpenAPI schema of one validated parameter. */
export function parameterSchema(spec: ParameterSpec): Json {
  switch (spec.kind) {
    case "integer":
      return { type: "integer", minimum: spec.min, ...(spec.max === undefined ? {} : { maximum: spec.max }), ...(spec.default === undefined ? {} : { default: spec.default }) };
    case "enum":
      return { type: "string", enum: [...spec.values], default: spec.default };
    case "timestamp":
      return { ...TIMESTAMP, example: undefined };
    case "string":
      return { type: "string" };
  }
}

function parameterDoc(name: string): { description: string; example: string | number } {
  const doc = PARAMETER_DOCS[name];
  if (doc === undefined) throw new Error(`parameter ${name} has no documentation`);
  return doc;
}

/** The example request's headers: an expired token is built from this run's secrets only when they may be shown. */
function exampleHeaders(example: ErrorExample, context: OpenApiContext): Readonly<Record<string, string>> | undefined {
  if (example.needs !== "expiredSessionToken") return example.headers;
  const session = context.credentials?.session;
  return { Authorization: session === undefined ? "Token <a token from the login endpoint, after expires_in seconds>" : `Token ${encodeSessionToken(session.username, session.password, 1)}` };
}

function errorResponses(examples: readonly ErrorExample[], headers: Json, context: OpenApiContext, challenge: Readonly<Record<string, string>> | undefined): Json {
  const byStatus = new Map<number, ErrorExample[]>();
  for (const example of examples) byStatus.set(example.status, [...(byStatus.get(example.status) ?? []), example]);
  const responses: Json = {};
  for (const [status, list] of byStatus) {
    responses[String(status)] = {
      description: list.map((e) => e.error).join(" / "),
      headers: status === 401 ? headersSent({ ...headers, "WWW-Authenticate": header("WWW-Authenticate") }, challenge) : headers,
      content: {
        "application/json": {
          schema: list.some((e) => e.code !== undefined) ? ref("OAuthError") : ref("Error"),
          examples: Object.fromEntries(list.map((e) => {
            const requestHeaders = exampleHeaders(e, context);
            return [e.name, {
              summary: e.error,
              value: e.code === undefined ? { error: e.error } : { error: e.code, error_description: e.error },
              "x-request": e.request,
              ...(requestHeaders === undefined ? {} : { "x-headers": requestHeaders }),
              ...(e.body === undefined ? {} : { "x-body": e.body }),
            }];
          })),
        },
      },
    };
  }
  return responses;
}

/** One JSON error answer with a single example. */
export function errorAnswer(description: string, message: string, headers: Json): Json {
  return { description, headers, content: { "application/json": { schema: ref("Error"), example: { error: message } } } };
}

const headersSent = (headers: Json, sent: Readonly<Record<string, string>> | undefined): Json => headersSentIn(headers, sent, COMPONENT_HEADERS);

/** Answers every API operation can give besides its own: 405, 413 (bodies), 429 and the simulated 5xx. */
export function commonResponses(route: Pick<DocumentedRoute, "method" | "documentation">, allow: string): Json {
  const responses: Json = {
    "405": errorAnswer("Another method on this path (the Allow header lists the ones it answers).", MESSAGES.methodNotAllowed,
      { ...(route.documentation === true ? ALWAYS : API_HEADERS), Allow: { ...(COMPONENT_HEADERS.Allow as Json), example: allow } }),
  };
  if (route.documentation === true) return responses;
  if (route.method === "POST") responses["413"] = errorAnswer("Body over 64 KiB.", MESSAGES.bodyTooLarge, API_HEADERS);
  responses["429"] = errorAnswer("Rate limited (only while --rate-limit is on).", MESSAGES.tooManyRequests,
    { ...headersSent(API_HEADERS, RATE_LIMITED_HEADERS), "Retry-After": header("Retry-After") });
  responses["500"] = errorAnswer("Simulated failure (only while --error-rate is on; never otherwise, except for a bug: Internal error).",
    MESSAGES.simulatedInternal, API_HEADERS);
  responses["502"] = errorAnswer("Simulated failure (only while --error-rate is on).", MESSAGES.simulatedBadGateway, API_HEADERS);
  responses["503"] = errorAnswer("Simulated failure (only while --error-rate is on); retry after Retry-After seconds.", MESSAGES.simulatedUnavailable,
    { ...API_HEADERS, "Retry-After": header("Retry-After") });
  return responses;
}

function successContent(doc: RouteDoc): Json {
  switch (doc.response) {
    case "csv": return { "text/csv": { schema: { type: "string", description: "RFC 4180 CSV: id,name,email,address,company,job,createdAt,updatedAt" } } };
    case "jobFile": return {
      "text/csv": { schema: { type: "string", description: "As /export/csv, for the snapshot." } },
      "application/x-ndjson": { schema: { type: "string", description: "One record (JSON) per line." } },
      "application/gzip": { schema: { type: "string", contentMediaType: "application/gzip", description: "Either, gzip-compressed." } },
    };
    case "html": return { "text/html": { schema: { type: "string" } } };
    case "icon": return { "image/x-icon": { schema: { type: "string", contentMediaType: "image/x-icon" } } };
    case "openapi": return { "application/json": { schema: { type: "object", description: "This document." } } };
    default: return { "application/json": { schema: ref(doc.response) } };
  }
}

export function routeDoc(route: DocumentedRoute): RouteDoc {
  const doc = ROUTE_DOCS[`${route.method} ${route.path}`];
  if (doc === undefined) throw new Error(`route ${route.method} ${route.path} has no documentation`);
  return doc;
}

/** operationId of a route, e.g. `get_pagination_next_page_url`. */
export function operationId(route: DocumentedRoute): string {
  const path = route.path === "/" ? "root" : route.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
  return `${route.method.toLowerCase()}_${path}`;
}

function operation(route: DocumentedRoute, context: OpenApiContext, allow: string): Json {
  const doc = routeDoc(route);
  const parameters: Json[] = [];
  for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] as string;
    const example = context.examples?.[name] ?? parameterDoc(name).example;
    parameters.push({ name, in: "path", required: true, description: parameterDoc(name).description, schema: { type: typeof parameterDoc(name).example === "number" ? "integer" : "string" }, example });
  }
  for (const spec of route.query ?? []) {
    const { description } = parameterDoc(spec.name);
    const example = context.examples?.[spec.name] ?? parameterDoc(spec.name).example;
    const required = (spec.kind === "integer" || spec.kind === "string") && spec.required === true;
    parameters.push({ name: spec.name, in: "query", required, description, schema: parameterSchema(spec), example });
  }
  // OAuth2 answers all say no-store (RFC 6749 §5.1).
  const headers = route.documentation === true ? ALWAYS
    : route.path.startsWith("/oauth/") ? { ...API_HEADERS, "Cache-Control": header("Cache-Control"), Pragma: header("Pragma") }
      : route.path.startsWith("/export/jobs") ? { ...API_HEADERS, "Cache-Control": header("Cache-Control") } : API_HEADERS;
  const extra: Json = doc.response === "csv" || doc.response === "jobFile" ? { "Content-Disposition": header("Content-Disposition") }
    : doc.response === "RecordArray" ? { Link: header("Link") }
    : doc.response === "icon" ? { "Cache-Control": header("Cache-Control") }
      : doc.response === "html" ? { "Content-Security-Policy": header("Content-Security-Policy"), "X-Frame-Options": header("X-Frame-Options"), "Referrer-Policy": header("Referrer-Policy") }
        : {};
  const validator: Json = route.etag === true ? { ETag: ETAG_HEADER } : {};
  const location: Json = doc.successStatus === undefined ? {} : { Location: header("Location") };
  const coded = !(doc.successStatus === 302 || doc.response === "html" || doc.response === "icon");
  const successText = doc.successStatus === 302 ? "Redirect to redirect_uri." : doc.successStatus === 202 ? "Accepted: the job is queued; poll Location." : "Success.";
  // Content-Encoding is not declared: a mock server would send it on bytes it never compressed.
  const codedText = coded && doc.response !== "jobFile"
    ? " Compressed only when Accept-Encoding allows it and compression is on (answers of 1 KiB or more, and every stream): then `Content-Encoding` names the coding (`br`, `gzip` or `deflate`; q-values honoured, ties go to br, then gzip, then deflate); the schema describes the decoded body."
    : "";
  const example = responseExample(route.method, route.path);
  const success: Json = {
    description: successText + codedText,
    headers: headersSent({ ...headers, ...extra, ...validator, ...location, ...(coded ? { Vary: header("Vary") } : {}) }, example?.headers),
    content: withExample(successContent(doc), example),
  };
  const conflict: Json = doc.response === "jobFile" ? { "409": errorAnswer("The job is not completed yet (queued, running or failed): poll its status.", JOB_MESSAGES.notReady("job_…", "running"), headers) } : {};
  // With --require-auth, the data endpoints take the scheme and answer its endpoint's refusals.
  const required = route.guarded === true && context.requireAuth !== undefined ? REQUIRED_SCHEMES[context.requireAuth] : undefined;
  const security = required?.scheme ?? doc.security;
  const errors = required === undefined ? doc.errors
    : [...doc.errors, ...(ROUTE_DOCS[required.endpoint]?.errors ?? []).filter((e) => e.name !== "unexpectedParameter").map((e) => ({ ...e, name: `auth_${e.name}`, request: route.path.replace("{company_id}", "1") }))];
  const notModified: Json = route.etag === true
    ? { "304": { description: "Not modified: If-None-Match named this answer's ETag (or `*`). No body.", headers: headersSent({ ...headers, ...validator, Vary: header("Vary") }, example?.headers) } }
    : {};
  const queryNote = route.ignoresQuery === true ? " Query strings are ignored."
    : route.otherQueryIgnored === true ? " Query parameters not listed are ignored (RFC 6749 §3.1)."
    : route.query === undefined || route.query.length === 0 ? " Takes no query parameters: any is a 400."
      : " Query parameters are checked in the order listed; unknown names are a 400.";
  return {
    operationId: operationId(route),
    tags: [doc.group],
    summary: doc.label,
    description: doc.description.replace("{tokenTtl}", String(context.tokenTtlSeconds)).replace("{jobSeconds}", String(context.exportJobSeconds ?? 6))
      .replace("{accessTokenTtl}", String(context.accessTokenTtlSeconds ?? 3600))
      .replace("{rotation}", context.refreshRotation === false ? "stay reusable (--oauth-refresh-rotation false)" : "rotate: each works once, and the answer carries the next one")
      + (required === undefined ? "" : ` This run requires ${context.requireAuth} credentials here (--require-auth).`) + queryNote,
    parameters,
    ...(doc.request === undefined ? {} : { requestBody: requestBody(doc.request, context) }),
    responses: { [String(doc.successStatus ?? 200)]: success, ...notModified, ...errorResponses(errors, headers, context, challengeOf(route)), ...conflict, ...commonResponses(route, allow) },
    // No security scheme is stated as `security: []`: linters (and readers) then know it is open on purpose.
    security: security === undefined ? [] : [{ [security]: security === "oauth2" ? ["read"] : [] }],
  };
}

/** A POST body: the login's JSON, or the token request as a form (or JSON), with this run's secrets as the example where they may be shown. */
function requestBody(schema: NonNullable<RouteDoc["request"]>, context: OpenApiContext): Json {
  const credentials = context.credentials;
  if (schema === "ExportJobRequest") {
    return { required: true, content: { "application/json": { schema: ref(schema), example: { format: "csv" } }, "application/x-www-form-urlencoded": { schema: ref(schema), example: { format: "csv" } } } };
  }
  if (schema === "LoginRequest") {
    const example = credentials === undefined ? undefined : { username: credentials.session.username, password: credentials.session.password };
    return { required: true, content: { "application/json": { schema: ref(schema), ...(example === undefined ? {} : { example }) } } };
  }
  const example = credentials === undefined ? { grant_type: "client_credentials", client_id: "(this run's client id)", client_secret: "(this run's client secret)" }
    : { grant_type: "client_credentials", client_id: credentials.oauth2.clientId, client_secret: credentials.oauth2.clientSecret };
  return {
    required: true,
    content: { "application/x-www-form-urlencoded": { schema: ref(schema), example }, "application/json": { schema: ref(schema), example } },
  };
}

/** The header components some answer refers to (those every operation declares inline, with its own value, are left out). */
function referencedHeaders(paths: Json): Json {
  const text = JSON.stringify(paths);
  const all: Json = { ...COMPONENT_HEADERS, ...CONTROL_COMPONENT_HEADERS };
  return Object.fromEntries(Object.entries(all).filter(([name]) => text.includes(`"#/components/headers/${name}"`)));
}

/** The whole document for requests that came in on `origin` (`http://host:port`). */
export function buildOpenApi(routes: readonly DocumentedRoute[], controlRoutes: readonly DocumentedControlRoute[], origin: string, context: OpenApiContext): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, context, allowHeader(routes.filter((other) => other.path === route.path)));
  }
  const allPaths = { ...paths, ...controlPaths(controlRoutes) };
  return {
    openapi: "3.1.0",
    info: {
      title: PACKAGE_NAME,
      version: packageVersion(),
      description: "A local mock REST API for learning to build data connectors: every pagination style, a CSV export, incremental sync, " +
        "four authentication schemes and OAuth2, parent/child cursors and an optional token-bucket rate limit. Every error is `{\"error\": \"...\"}` " +
        "with `Content-Type: application/json`: a 4xx for bad requests, 429 when rate-limited, and 500, 502 or 503 only while failure " +
        "simulation (`--error-rate`) is on. The OAuth2 endpoints answer errors as RFC 6749 §5.2 prescribes: `{\"error\": code, \"error_description\": text}`.",
      contact: { name: `${PACKAGE_NAME} on npm`, url: `https://www.npmjs.com/package/${PACKAGE_NAME}` },
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: origin, description: "This playground, at the address the request came in on." }],
    tags: [...GROUPS.map(({ name, description }) => ({ name, description })), CONTROL_TAG],
    paths: allPaths,
    components: { schemas: { ...SCHEMAS, Record: recordSchemaFor(context.schemaDriftAt), ...CONTROL_SCHEMAS }, securitySchemes: { ...SECURITY_SCHEMES, oauth2: oauth2Scheme(origin), adminToken: ADMIN_TOKEN_SCHEME }, headers: referencedHeaders(allPaths) },
  };
}
