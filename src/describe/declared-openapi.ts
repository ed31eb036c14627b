/**
 * Declared resources in the OpenAPI document (and so on the docs page, which is drawn from it): under the
 * tag "Your resources", each resource's list (its parameters from the same list the handler checks, its
 * answer's schema from the declared fields and envelope, its auth scheme, a real first page as the
 * example), its tombstones and its CSV export.
 */
import { DECLARED_MESSAGES, MESSAGES } from "../errors.js";
import type { DeclaredResource, DeclaredResources } from "../resources/records.js";
import { parametersOf } from "../resources/parameters.js";
import type { AuthScheme, FieldSpec, ResourceSpec } from "../resources/schema.js";
import { API_HEADERS, commonResponses, errorAnswer, ETAG_HEADER, header, parameterSchema } from "./openapi.js";
import { TIMESTAMP } from "./openapi-schemas.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { place } from "../api/declared.js";

type Json = Record<string, unknown>;

export const DECLARED_TAG = {
  name: "Your resources",
  description: "The resources declared with --resources FILE: each at its path, with its fields, paging, envelope, incremental parameter and auth.",
};

const SECURITY: Readonly<Record<Exclude<AuthScheme, "none">, string>> = {
  basic: "basicAuth", bearer: "bearerAuth", api_key: "apiKeyAuth", session: "sessionToken", oauth2: "oauth2",
};

/** A field's JSON Schema; a reference has the type of the other resource's id. */
function fieldSchema(field: FieldSpec, resources: DeclaredResources): Json {
  let schema: Json;
  switch (field.kind) {
    case "id": schema = field.format === "sequence" ? { type: "integer", minimum: 1 } : { type: "string", format: "uuid" }; break;
    case "text": schema = field.text === "email" ? { type: "string", format: "email" } : { type: "string" }; break;
    case "enum": schema = { type: "string", enum: Array.isArray(field.values) ? [...field.values as string[]] : Object.keys(field.values) }; break;
    case "integer": schema = { type: "integer", minimum: field.min, maximum: field.max }; break;
    case "decimal": schema = { type: "number", minimum: field.min, maximum: field.max }; break;
    case "boolean": schema = { type: "boolean" }; break;
    case "timestamp": schema = { type: "string", format: "date-time", pattern: TIMESTAMP.pattern }; break;
    case "date": schema = { type: "string", format: "date" }; break;
    case "object": schema = objectSchema(field.fields, resources); break;
    case "array": schema = { type: "array", items: fieldSchema(field.items, resources), minItems: field.min ?? 0, maxItems: field.max ?? 3 }; break;
    case "reference": {
      const target = resources.list.find((resource) => resource.spec.name === field.resource);
      const id = Object.values(target?.spec.fields ?? {}).find((inner) => inner.kind === "id");
      schema = { ...(id === undefined ? { type: "string" } : fieldSchema(id, resources)), description: `The id of one of ${field.resource}.` };
      break;
    }
  }
  if ((field.nullable ?? 0) > 0) return { anyOf: [schema, { type: "null" }] };
  return schema;
}

function objectSchema(fields: Readonly<Record<string, FieldSpec>>, resources: DeclaredResources): Json {
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, fieldSchema(field, resources)])),
    required: Object.keys(fields),
    additionalProperties: false,
  };
}

/** A record's schema: the declared fields, the deleted field (soft deletes: on every record), and the fields schema drift adds (then on every record). */
function recordSchema(resource: DeclaredResource, resources: DeclaredResources): Json {
  const { spec } = resource;
  const schema = objectSchema(spec.fields, resources);
  const properties = schema.properties as Record<string, Json>;
  if (resource.softDelete) {
    properties[spec.changes.deletedField] = { anyOf: [{ type: "string", format: "date-time", pattern: TIMESTAMP.pattern }, { type: "null" }], description: "When it was deleted (soft deletes); null while it is live." };
    (schema.required as string[]).push(spec.changes.deletedField);
  }
  for (const [name, field] of Object.entries(spec.changes.drift)) properties[name] = { ...fieldSchema(field, resources), description: "Added to every record by schema drift." };
  return schema;
}

/** What every declared answer of records sends: the API headers, a strong ETag (honoured with 304) and Vary (compression). */
const RECORD_HEADERS: Json = { ...API_HEADERS, ETag: ETAG_HEADER, Vary: header("Vary") };

/** The responses every declared route has: its auth scheme's refusal, a 400 and the common ones. */
function guardResponses(auth: AuthScheme, refusal: Refusal | undefined, parameterError: string, parameterText: string): Json {
  return {
    ...(refusal === undefined ? {} : {
      [String(refusal.status)]: errorAnswer(`Missing or wrong ${auth} credentials (this run's, as the built-in auth endpoints take them); the example is a request without any.`,
        refusal.error, refusal.challenge === undefined ? API_HEADERS
          : { ...API_HEADERS, "WWW-Authenticate": { description: "The scheme to use.", schema: { type: "string" }, example: refusal.challenge } }),
    }),
    "400": refusal?.status === 400
      ? {
        description: `${parameterText}; or no session token.`,
        headers: API_HEADERS,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" }, examples: {
          parameter: { value: { error: parameterError } },
          credentials: { value: { error: refusal.error } },
        } } },
      }
      : errorAnswer(`${parameterText}.`, parameterError, API_HEADERS),
    ...commonResponses({ method: "GET", documentation: undefined }, "GET, HEAD, OPTIONS"),
  };
}

const securityOf = (auth: AuthScheme): Json[] => (auth === "none" ? [] : [{ [SECURITY[auth]]: auth === "oauth2" ? ["read"] : [] }]);

/** The tombstones' operation: each deleted record's id and when, in the resource's data key. */
function tombstonesOperation(resource: DeclaredResource, resources: DeclaredResources, refusal: Refusal | undefined): Json {
  const { spec } = resource;
  const { incremental, envelope, auth } = spec.api;
  const [idName, idField] = Object.entries(spec.fields).find(([, field]) => field.kind === "id") as [string, FieldSpec];
  const item = {
    type: "object", properties: { [idName]: fieldSchema(idField, resources), [spec.changes.deletedField]: { type: "string", format: "date-time", pattern: TIMESTAMP.pattern } },
    required: [idName, spec.changes.deletedField], additionalProperties: false,
  };
  const list = { type: "array", items: item };
  const answer = envelope.data === "" ? list : answerSchema({ ...spec, api: { ...spec.api, envelope: { data: envelope.data } } }, item);
  const examples = resource.deletions().slice(0, 3).map(({ index, deletedAt }) => JSON.parse(`{${JSON.stringify(idName)}:${resource.idJson(index)},${JSON.stringify(spec.changes.deletedField)}:"${formatTimestamp(deletedAt)}"}`) as unknown);
  const example: Record<string, unknown> | unknown[] = envelope.data === "" ? examples : {};
  if (!Array.isArray(example)) place(example, envelope.data, examples);
  const parameters = incremental === null ? [] : [{
    name: incremental, in: "query", required: false, schema: { type: "string", format: "date-time", pattern: TIMESTAMP.pattern },
    description: "Only records deleted at or after this UTC time (YYYY-MM-DDTHH:MM:SSZ).", example: "2024-09-22T12:15:33Z",
  }];
  return {
    operationId: `get_declared_${spec.name}_tombstones`,
    tags: [DECLARED_TAG.name],
    summary: `Deleted ${spec.name}`,
    description: `Every ${spec.name} record churn deleted (--churn-mix with delete), oldest deletion first: its id and when. Not paged; streamed. ` +
      "Empty until churn deletes one; the control plane's reset empties it.",
    parameters,
    responses: {
      "200": { description: "Success.", headers: RECORD_HEADERS, content: { "application/json": { schema: answer, example } } },
      ...guardResponses(auth, refusal, incremental === null ? MESSAGES.unexpectedParameters(["limit"]) : MESSAGES.timestampNotUtc(incremental),
        "A malformed time, or a parameter this list does not take"),
    },
    security: securityOf(auth),
  };
}

/** The CSV export's operation: every listed record, one row each, nested members as dotted columns. */
function exportOperation(resource: DeclaredResource, refusal: Refusal | undefined): Json {
  const { spec } = resource;
  const listed = resource.listed();
  const example = resource.csvHeader() + Array.from(listed.positions(0, 2), (i) => resource.csvRow(i)).join("");
  return {
    operationId: `get_declared_${spec.name}_csv`,
    tags: [DECLARED_TAG.name],
    summary: `Export ${spec.name} as CSV`,
    description: `Every listed ${spec.name} record as RFC 4180 CSV, in creation order: a nested object's members as dotted columns (address.city), ` +
      "an array as its JSON text, null as an empty field; the deleted field (soft deletes) and schema drift's fields last. Streamed when long.",
    parameters: [],
    responses: {
      "200": {
        description: "Success: the CSV file.",
        headers: { ...RECORD_HEADERS, "Content-Disposition": { description: "A download name.", schema: { type: "string" }, example: `attachment; filename=${spec.name}_export.csv` } },
        content: { "text/csv": { schema: { type: "string" }, example } },
      },
      ...guardResponses(spec.api.auth, refusal, MESSAGES.unexpectedParameters(["limit"]), "A query parameter (this export takes none)"),
    },
    security: securityOf(spec.api.auth),
  };
}

/** The answer's schema: the envelope's parts at their dot paths around the records' array. */
function answerSchema(spec: ResourceSpec, records: Json): Json {
  const { envelope, pagination } = spec.api;
  if (envelope.data === "") return { type: "array", items: records };
  const root: Json = { type: "object", properties: {}, required: [] };
  const place = (path: string, schema: Json): void => {
    const names = path.split(".");
    let here = root;
    for (const name of names.slice(0, -1)) {
      const properties = here.properties as Record<string, Json>;
      (here.required as string[]).includes(name) || (here.required as string[]).push(name);
      here = properties[name] ??= { type: "object", properties: {}, required: [] };
    }
    (here.properties as Record<string, Json>)[names.at(-1) as string] = schema;
    (here.required as string[]).push(names.at(-1) as string);
  };
  place(envelope.data, { type: "array", items: records });
  if (envelope.total !== undefined) place(envelope.total, { type: "integer", minimum: 0, description: "Records the filter keeps." });
  if (envelope.hasMore !== undefined) place(envelope.hasMore, { type: "boolean", description: "Whether more pages follow." });
  if (envelope.next !== undefined) {
    const next = pagination.style === "next_url" ? { type: "string", format: "uri" } : pagination.style === "offset" || pagination.style === "page" || pagination.style === "link"
      ? { type: "integer", minimum: 0 } : { type: "string" };
    place(envelope.next, { anyOf: [next, { type: "null" }], description: "Where the next page starts; null on the last page." });
  }
  return root;
}

const STYLE_TEXT: Readonly<Record<ResourceSpec["api"]["pagination"]["style"], string>> = {
  offset: "Offset pagination", page: "Page-number pagination", next_url: "Page numbers, with the next page's absolute URL in the answer",
  link: "Page numbers, with first, prev, next and last in the Link header", cursor: "An opaque cursor: pass back the one the answer gives",
  keyset: "Keyset: pass the id of the last record of the previous page",
};

/** The example value of each parameter: what a first request sends. */
function parameterExample(name: string, resource: DeclaredResource): string | number {
  const { pagination, incremental, order } = resource.spec.api;
  if (name === pagination.limit) return pagination.defaultLimit;
  if (order !== null && name === order.parameter) return order.default === "asc" ? order.asc : order.desc;
  if (name === pagination.offset) return 0;
  if (name === pagination.page) return 1;
  if (name === incremental) return "2024-09-22T12:15:33Z";
  return pagination.style === "keyset" ? resource.idText(0) : "(the cursor the previous answer gave)";
}

/** What a request without credentials gets (from the guard itself), for the document's example. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly challenge?: string;
}

function operation(resource: DeclaredResource, resources: DeclaredResources, example: unknown, refusal: Refusal | undefined): Json {
  const { spec } = resource;
  const { pagination, incremental, order, auth } = spec.api;
  const parameters = parametersOf(spec).map((parameter) => ({
    name: parameter.name, in: "query", required: false, schema: parameterSchema(parameter),
    description: parameter.name === pagination.limit ? `Page size, 1 to ${pagination.maxLimit} (default ${pagination.defaultLimit}).`
      : order !== null && parameter.name === order.parameter ? `The direction along ${spec.cursor}: ${order.asc} (oldest first) or ${order.desc} (newest first).`
      : parameter.name === incremental ? `Only records whose ${spec.cursor} is at or after this UTC time (YYYY-MM-DDTHH:MM:SSZ).`
        : parameter.name === pagination.offset ? "Records to skip." : parameter.name === pagination.page ? "Page number, from 1."
          : pagination.style === "keyset" ? "The id of the last record of the previous page." : "The cursor the previous answer gave.",
    example: parameterExample(parameter.name, resource),
  }));
  const records = recordSchema(resource, resources);
  const headers: Json = { ...RECORD_HEADERS, ...(pagination.style === "link" ? { Link: { description: "first, prev, next and last pages (RFC 8288).", schema: { type: "string" } } } : {}) };
  return {
    operationId: `get_declared_${spec.name}`,
    tags: [DECLARED_TAG.name],
    summary: `List ${spec.name}`,
    description: `${STYLE_TEXT[pagination.style]}; ${spec.records} records in ${spec.cursor} order, computed from the seed: creation order until churn ` +
      "changes a record, which then moves to the end. Query parameters are checked in the order listed; unknown names are a 400.",
    parameters,
    responses: {
      "200": { description: "Success.", headers, content: { "application/json": { schema: answerSchema(spec, records), example } } },
      "304": { description: "Not modified: If-None-Match named this answer's ETag. No body.", headers: RECORD_HEADERS },
      ...guardResponses(auth, refusal, DECLARED_MESSAGES.limit(pagination.limit, pagination.maxLimit), "A parameter out of range or malformed, or one this resource does not take"),
    },
    security: securityOf(auth),
  };
}

/**
 * The document with the declared resources added (unchanged without any): their tag, one path each, and
 * an example page from `firstPage` (the handler's own answer to a first request).
 */
export function withDeclared(document: Json, resources: DeclaredResources | undefined, firstPage: (resource: DeclaredResource) => unknown,
  refusal: (resource: DeclaredResource) => Refusal | undefined): Json {
  if (resources === undefined) return document;
  const paths = { ...(document.paths as Json) };
  for (const resource of resources.list) {
    paths[resource.spec.path] = { get: operation(resource, resources, firstPage(resource), refusal(resource)) };
    paths[resource.spec.changes.tombstones] = { get: tombstonesOperation(resource, resources, refusal(resource)) };
    paths[`/export/csv/${resource.spec.name}`] = { get: exportOperation(resource, refusal(resource)) };
  }
  return { ...document, tags: [...(document.tags as Json[]), DECLARED_TAG], paths };
}

