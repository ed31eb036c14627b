/**
 * The control plane in the OpenAPI document: its operations under the tag "Control plane", with request
 * and answer schemas. Paths and methods come from the control route table; a test keeps both in step.
 */
import { MESSAGES } from "../errors.js";
import { SCRIPT_ACTIONS, SCRIPT_STATUSES } from "../simulate/fault-script.js";
import { allowHeader } from "../codecs/allow.js";
import { responseExample, withExample } from "./openapi-examples.js";
import type { ParameterSpec } from "../codecs/parameters.js";

type Json = Record<string, unknown>;

export const CONTROL_TAG = {
  name: "Control plane",
  description: "See and steer the playground: the request journal and its live stream, the inspector, reset, the clock, churn, faults, " +
    "the rate limit and token revocation. Never rate-limited, faulted or journaled. Answered only while listening on loopback, " +
    "or with the header `X-Playground-Admin-Token` when started with `--admin-token` (403 otherwise); health and the inspector page always answer.",
};

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Json, required: readonly string[] = Object.keys(properties)): Json =>
  ({ type: "object", properties, required: [...required], additionalProperties: false });
const integer = (minimum: number, description?: string): Json => ({ type: "integer", minimum, ...(description === undefined ? {} : { description }) });
const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: "null" }] });
const INSTANT = { type: "string", format: "date-time" };
const LATENCY = { anyOf: [integer(0), { type: "array", items: integer(0), minItems: 2, maxItems: 2 }], description: "Milliseconds, or [min, max]." };
const SHARE = { type: "number", minimum: 0, maximum: 1 };

export const CONTROL_SCHEMAS: Json = {
  Credentials: object({
    basic: object({ username: { type: "string" }, password: { type: "string" } }),
    bearer: { type: "string" },
    apiKey: { type: "string" },
    session: object({ username: { type: "string" }, password: { type: "string" } }),
    oauth2: object({ clientId: { type: "string" }, clientSecret: { type: "string" } }),
  }),
  RateLimitSettings: object({ enabled: { type: "boolean" }, capacity: integer(1), refillPerSecond: { type: "number", exclusiveMinimum: 0 } }),
  RateLimitChange: object({ enabled: { type: "boolean", default: true }, capacity: integer(1), refillPerSecond: { type: "number", exclusiveMinimum: 0 } }, []),
  FaultSettings: object({ latency: LATENCY, errorRate: SHARE, dropRate: SHARE, slowBodyRate: SHARE, faultPaths: { type: "array", items: { type: "string" } } }),
  FaultChange: object({ latency: LATENCY, errorRate: SHARE, dropRate: SHARE, slowBodyRate: SHARE, faultPaths: { type: "array", items: { type: "string" } } }, []),
  ScriptStep: object({
    path: { type: "string", default: "/**", description: "Glob of paths the step applies to: `*` within a segment, `**` across." },
    times: { ...integer(1), default: 1 },
    status: { type: "integer", enum: [...SCRIPT_STATUSES] },
    retryAfter: { ...integer(0), description: "Seconds, sent as Retry-After (default 1 for 429 and 503)." },
    action: { type: "string", enum: [...SCRIPT_ACTIONS] },
    latencyMs: integer(0),
    slowBodyMs: { ...integer(1), default: 1500 },
  }, []),
  QueuedScriptStep: { allOf: [ref("ScriptStep"), { type: "object", properties: { remaining: integer(1) }, required: ["remaining"] }] },
  PlaygroundConfig: object({
    url: { type: "string", format: "uri" },
    version: { type: "string" },
    seed: { ...nullable(integer(0)), description: "Null while listening on a non-loopback address (with --seed it would reveal the credentials)." },
    epoch: { ...INSTANT, description: "The instant the data was built from." },
    records: integer(1),
    credentials: { ...nullable(ref("Credentials")), description: "Null while listening on a non-loopback address." },
    rateLimit: ref("RateLimitSettings"),
    tokenTtlSeconds: integer(1),
    oauth2: object({
      accessTokenTtlSeconds: integer(1), refreshRotation: { type: "boolean" },
      tokenUrl: { type: "string", format: "uri" }, authorizeUrl: { type: "string", format: "uri" },
    }),
    compression: { type: "boolean", description: "Whether JSON and CSV answers are compressed for clients that accept it (--compression)." },
    requireAuth: { anyOf: [{ type: "string", enum: ["basic", "bearer", "api_key", "session", "oauth2"] }, { type: "null" }], description: "The scheme --require-auth puts on every data endpoint." },
    faults: ref("FaultSettings"),
    churnSeconds: nullable(integer(1)),
    churnMix: { type: "string", description: "What churn does, as --churn-mix text, e.g. `update:8,insert:1,delete:1` (`update:1` unless set)." },
    softDelete: { type: "boolean", description: "Whether deleted records stay listed with deletedAt (--soft-delete)." },
    schemaDrift: object({
      minutes: nullable(integer(1)), at: { ...nullable(INSTANT), description: "When records gain phone, on the playground's clock (null: only on request)." },
      drifted: { type: "boolean" },
    }),
    journal: object({ size: integer(0), entries: integer(0) }),
    adminToken: { type: "boolean" },
  }),
  FaultNote: object({
    kind: { type: "string", enum: ["error", "drop", "slow", "truncate", "latency"] },
    scripted: { type: "boolean" }, status: { type: "integer" }, latencyMs: integer(0), slowBodyMs: integer(1),
  }, ["kind", "scripted", "latencyMs"]),
  JournalEntry: object({
    seq: integer(1, "Strictly increasing; never reused, even after clearing."),
    time: INSTANT,
    method: { type: "string" },
    path: { type: "string" },
    query: { type: "object", additionalProperties: { type: "string" } },
    headers: { type: "object", additionalProperties: { type: "string" }, description: "Secrets redacted: Authorization keeps its scheme only." },
    requestBytes: integer(0),
    status: { ...nullable(integer(100)), description: "Null when the connection was closed without an answer." },
    durationMs: { type: "number", minimum: 0 },
    responseBytes: { ...integer(0), description: "Body bytes sent." },
    responseBytesPromised: { ...nullable(integer(0)), description: "The body's whole size when known up front (Content-Length); null for streamed answers." },
    complete: { type: "boolean", description: "Whether the whole answer was sent: false when it was cut short (a truncate), dropped, or the client went away." },
    fault: nullable(ref("FaultNote")),
    rateLimitRemaining: nullable(integer(0)),
    retryAfter: { ...nullable(integer(0)), description: "The Retry-After in whole seconds from the request's arrival (an HTTP-date rounded up)." },
    retryAfterHeader: { ...nullable({ type: "string" }), description: "The Retry-After as sent: delay-seconds or an HTTP-date." },
    retryAt: { ...nullable(INSTANT), description: "The instant the Retry-After named, on the playground clock (an HTTP-date is its own second)." },
    records: nullable(object({ count: integer(0), firstId: nullable({ type: "string" }), lastId: nullable({ type: "string" }) })),
    endpoint: nullable({ type: "string" }),
    note: nullable({ type: "string", enum: ["token-expired", "token-revoked"] }),
  }),
  JournalEntryDetail: {
    allOf: [ref("JournalEntry"), {
      type: "object",
      properties: {
        responseHeaders: { type: "object", additionalProperties: { type: "string" } },
        responsePreview: { type: "string", description: "The first 4 KiB of the answer, secrets redacted." },
        previewTruncated: { type: "boolean" },
      },
      required: ["responseHeaders", "responsePreview", "previewTruncated"],
    }],
  },
  EndpointSummary: object({
    endpoint: { type: "string" }, requests: integer(0), pages: integer(0), recordsServed: integer(0),
    runs: { ...integer(0), description: "Sync runs: a run starts with a first page (no offset, page, start_id, scroll_param or cursor continuing one) or after a reset or clear." },
    distinctRecords: { ...integer(0), description: "Different records served in the current sync run." },
    recordsServedMoreThanOnce: { ...integer(0), description: "Different records served two or more times in the current sync run." }, recordsUntracked: { ...integer(0), description: "Records served that the summary could not tell apart (its 32 MiB of bitmaps was spent); 0 normally." }, clientErrors: integer(0), rateLimited: integer(0), serverErrors: integer(0), dropped: integer(0),
    retries: integer(0), earlyRetries: integer(0), repeatedPages: integer(0), badTokens: integer(0), stoppedBeforeLastPage: { type: "boolean" },
  }),
  ClockReading: object({ now: INSTANT, epoch: INSTANT, offsetSeconds: { type: "number", minimum: 0 } }),
  SyncedRecord: { type: "object", properties: { id: { type: "string" }, updatedAt: INSTANT }, required: ["id"], description: "A record as the connector holds it; other fields are ignored." },
  Finding: object({ count: integer(0), ids: { type: "array", items: { type: "string" }, maxItems: 100, description: "The first 100." } }),
  VerifyReport: object({
    ok: { type: "boolean", description: "True only when every finding is zero." },
    expected: integer(0, "Records the connector should hold: every listed record (soft-deleted ones too, with --soft-delete)."),
    received: integer(0, "Rows uploaded."),
    missing: ref("Finding"), duplicated: ref("Finding"),
    stale: { ...ref("Finding"), description: "Held with another updatedAt than the record has now." },
    deleted: { ...ref("Finding"), description: "Held although the record was deleted." },
    unknown: { ...ref("Finding"), description: "Ids the playground never had." },
  }),
  ChurnResult: object({
    ticks: integer(1),
    changed: {
      type: "array",
      items: object({
        kind: { type: "string", enum: ["update", "insert", "delete"] }, id: { type: "string" }, updatedAt: INSTANT,
        deletedAt: { ...INSTANT, description: "Deletes only." },
      }, ["kind", "id", "updatedAt"]),
    },
  }),
};

interface ControlDoc {
  readonly summary: string;
  readonly description: string;
  /** Request body schema (JSON), or the content types and schemas of an upload. */
  readonly body?: Json;
  readonly upload?: Json;
  /** Success answer: a schema, or `html` / `event-stream`. */
  readonly answer: Json | "html" | "event-stream";
  readonly query?: Readonly<Record<string, string>>;
}

const DOCS: Readonly<Record<string, ControlDoc>> = {
  "GET /__playground/health": { summary: "Health", description: "Always answers, on any address and without the admin token.", answer: object({ status: { type: "string", enum: ["ok"] } }) },
  "GET /__playground/config": { summary: "This run", description: "Base URL, version, seed, epoch, records, credentials, rate limit, token TTL, faults, churn and journal size: the same object as the first line of `--json`.", answer: ref("PlaygroundConfig") },
  "GET /__playground/requests": {
    summary: "The journal", description: "Entries oldest first.", answer: { type: "array", items: ref("JournalEntry") },
    query: { since: "Only entries with a larger seq (default 0).", limit: "At most this many (the oldest first)." },
  },
  "DELETE /__playground/requests": { summary: "Clear the journal", description: "Empties the journal and the sync summary; seq keeps counting.", answer: object({ cleared: { type: "boolean", enum: [true] } }) },
  "GET /__playground/requests/stream": {
    summary: "The journal, live", description: "Server-Sent Events: `event: request` with `id: <seq>` and the entry as `data`, for the entries after `since` (or `Last-Event-ID`) and then each new one; `event: cleared` and `event: reset` when the journal is emptied; a comment every 15 s.",
    answer: "event-stream", query: { since: "First replay the entries still in the journal with a larger seq (default 0: all of them)." },
  },
  "GET /__playground/requests/{seq}": { summary: "One entry", description: "With the answer's headers and its first 4 KiB.", answer: ref("JournalEntryDetail") },
  "GET /__playground/summary": { summary: "Sync summary", description: "Per endpoint: pages, records served (and served more than once), errors, retries, and what a good connector avoids.", answer: object({ endpoints: { type: "array", items: ref("EndpointSummary") } }) },
  "POST /__playground/reset": { summary: "Reset", description: "Back to the state right after start: records, companies, departments, full bucket, fault stream, script and settings, rate limit, clock offset 0, revocations, journal.", answer: object({ reset: { type: "boolean", enum: [true] }, clock: ref("ClockReading") }) },
  "GET /__playground/clock": { summary: "Read the clock", description: "The playground's time, its epoch and the offset added so far.", answer: ref("ClockReading") },
  "POST /__playground/clock": { summary: "Advance the clock", description: "Moves the clock forward: token expiry, bucket refill, churn and timestamps follow.", body: object({ advance: { type: "number", minimum: 0, description: "Seconds." } }), answer: ref("ClockReading") },
  "POST /__playground/churn": { summary: "Churn now", description: "Applies churn ticks now; each changes one to three records (fewer when the clock has not moved on enough seconds since the latest change).", body: object({
    ticks: { ...integer(1), maximum: 1000, default: 1 },
    mix: { type: "string", description: "What the ticks do, e.g. `update:8,insert:1,delete:1` (default: the run's --churn-mix, updates only unless set)." },
  }, []), answer: ref("ChurnResult") },
  "GET /__playground/faults": { summary: "Fault settings", description: "The random fault settings in force.", answer: ref("FaultSettings") },
  "PUT /__playground/faults": { summary: "Replace fault settings", description: "Same fields as the flags; missing fields take their defaults (off).", body: ref("FaultChange"), answer: ref("FaultSettings") },
  "GET /__playground/faults/script": { summary: "Scripted faults", description: "The steps waiting, with the turns each has left.", answer: { type: "array", items: ref("QueuedScriptStep") } },
  "POST /__playground/faults/script": { summary: "Queue scripted faults", description: "Appends steps (an array, or one step). A request takes the first waiting step whose path glob matches it, ahead of the random faults.", body: { anyOf: [ref("ScriptStep"), { type: "array", items: ref("ScriptStep"), minItems: 1 }] }, answer: { type: "array", items: ref("QueuedScriptStep") } },
  "DELETE /__playground/faults/script": { summary: "Clear scripted faults", description: "Drops every waiting step.", answer: { type: "array", items: ref("QueuedScriptStep"), maxItems: 0 } },
  "GET /__playground/rate-limit": { summary: "Rate limit", description: "The rate limit in force.", answer: ref("RateLimitSettings") },
  "PUT /__playground/rate-limit": { summary: "Set the rate limit", description: "On or off (default on), capacity and refill rate (defaults 20 and 10); the bucket starts full.", body: ref("RateLimitChange"), answer: ref("RateLimitSettings") },
  "POST /__playground/tokens/revoke": { summary: "Revoke session tokens", description: "Every session token issued so far is rejected from now on (401 `Token has been revoked`).", answer: object({ revokedAt: INSTANT }) },
  "POST /__playground/schema-drift": {
    summary: "Schema drift now", description: "Every record gains a `phone` member, last (the CSV export a last `phone` column), as --schema-drift does when due; reset undoes it.",
    answer: object({ drifted: { type: "boolean", enum: [true] }, at: INSTANT }),
  },
  "GET /__playground/inspect": { summary: "Inspector", description: "The live inspector page.", answer: "html" },
  "POST /__playground/verify": {
    summary: "Verify a sync",
    description: "Upload what your connector ended with, `{id, updatedAt}` per record (other fields ignored), as a JSON array, NDJSON or CSV with a header row (by Content-Type, else by the first character), streamed, up to 1 GiB. The answer compares it with the records now: expected (every listed record), received, and missing, duplicated, stale (another updatedAt than now), deleted (held although deleted) and unknown ids, each a count and the first 100 ids; ok only when all are zero. `?updated_field=NAME` names the field or column holding the change cursor; `?resource=NAME` verifies a declared resource (--resources) by its own id field and change cursor.",
    upload: {
      "application/json": { schema: { type: "array", items: ref("SyncedRecord") } },
      "application/x-ndjson": { schema: { type: "string", description: "One JSON object per line." } },
      "text/csv": { schema: { type: "string", description: "A header row naming id and updatedAt, then one row per record." } },
    },
    answer: ref("VerifyReport"),
  },
};

/** What the document needs of a control route. */
export interface DocumentedControlRoute {
  readonly method: string;
  readonly path: string;
  readonly query: readonly ParameterSpec[];
  /** Answers without the admin token, on any address. */
  readonly open?: true;
}

function controlDoc(route: DocumentedControlRoute): ControlDoc {
  const doc = DOCS[`${route.method} ${route.path}`];
  if (doc === undefined) throw new Error(`control route ${route.method} ${route.path} has no documentation`);
  return doc;
}

const header = (name: string): Json => ({ $ref: `#/components/headers/${name}` });
/** Every control answer: nosniff and no-store. */
const CONTROL_HEADERS: Json = { "X-Content-Type-Options": header("X-Content-Type-Options"), "Cache-Control": header("Cache-Control-NoStore") };
const PAGE_HEADERS: Json = {
  ...CONTROL_HEADERS, "Content-Security-Policy": header("Content-Security-Policy"), "X-Frame-Options": header("X-Frame-Options"),
  "Referrer-Policy": header("Referrer-Policy"),
};
const STREAM_HEADERS: Json = { ...CONTROL_HEADERS, "X-Accel-Buffering": header("X-Accel-Buffering") };

/** Response headers the control plane adds to the document's components. */
export const CONTROL_COMPONENT_HEADERS: Json = {
  "Cache-Control-NoStore": { description: "Always no-store: control answers describe this moment.", schema: { type: "string", enum: ["no-store"] } },
  "X-Accel-Buffering": { description: "Always no: proxies pass events on at once.", schema: { type: "string", enum: ["no"] } },
};

const errorAnswer = (description: string, message: string, headers: Json = CONTROL_HEADERS): Json =>
  ({ description, headers, content: { "application/json": { schema: ref("Error"), example: { error: message } } } });

function operation(route: DocumentedControlRoute, allow: string): Json {
  const doc = controlDoc(route);
  const parameters: Json[] = [];
  for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name: match[1], in: "path", required: true, description: "A seq from the journal.", schema: integer(1), example: 1 });
  }
  for (const spec of route.query) {
    if (spec.kind !== "integer") continue;
    parameters.push({
      name: spec.name, in: "query", required: false, description: doc.query?.[spec.name] ?? spec.name,
      schema: { type: "integer", minimum: spec.min, ...(spec.default === undefined ? {} : { default: spec.default }) }, example: spec.min,
    });
  }
  const content = doc.answer === "html" ? { "text/html": { schema: { type: "string" } } }
    : doc.answer === "event-stream" ? { "text/event-stream": { schema: { type: "string" } } }
      : { "application/json": { schema: doc.answer } };
  const headers = doc.answer === "html" ? PAGE_HEADERS : doc.answer === "event-stream" ? STREAM_HEADERS : CONTROL_HEADERS;
  const example = responseExample(route.method, route.path);
  const responses: Json = { "200": { description: "Success.", headers, content: withExample(content, example) } };
  if (doc.upload !== undefined) responses["413"] = errorAnswer("An upload over 1 GiB.", MESSAGES.uploadTooLarge);
  if (doc.body !== undefined || doc.upload !== undefined || route.query.length > 0) responses["400"] = errorAnswer("A malformed body or parameter (the message says which field).", MESSAGES.controlField("..."));
  if (route.open !== true) responses["403"] = errorAnswer("Not on loopback without an admin token, or a missing or wrong token.", MESSAGES.controlToken);
  if (route.path.includes("{seq}")) responses["404"] = errorAnswer("No such entry in the journal.", MESSAGES.controlSeq("7"));
  responses["405"] = errorAnswer("Another method on this path (the Allow header lists the ones it answers).", MESSAGES.methodNotAllowed,
    { ...CONTROL_HEADERS, Allow: { description: "The methods this path answers.", schema: { type: "string" }, example: allow } });
  return {
    operationId: `playground_${route.method.toLowerCase()}_${route.path.slice("/__playground/".length).replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+/g, "_")}`,
    tags: [CONTROL_TAG.name],
    summary: doc.summary,
    description: doc.description,
    parameters,
    ...(doc.body === undefined ? {} : { requestBody: { required: false, content: { "application/json": { schema: doc.body } } } }),
    ...(doc.upload === undefined ? {} : { requestBody: { required: true, content: doc.upload } }),
    responses,
    security: route.open === true ? [] : [{}, { adminToken: [] }],
  };
}

/** The control plane's path items. */
export function controlPaths(routes: readonly DocumentedControlRoute[]): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, allowHeader(routes.filter((other) => other.path === route.path)));
  return paths;
}

export const ADMIN_TOKEN_SCHEME: Json = {
  type: "apiKey", in: "header", name: "X-Playground-Admin-Token",
  description: "Needed by the control plane when the playground was started with --admin-token (on any address).",
};
