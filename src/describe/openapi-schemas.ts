/**
 * The document's schemas: the record (with its optional members, and this run's schema-drift moment),
 * every envelope, the export jobs, OAuth2's requests and answers, and errors. Examples are a pinned run's
 * real values (openapi-examples.data.ts).
 */
import { RESPONSE_EXAMPLES } from "./openapi-examples.data.js";

type Json = Record<string, unknown>;

export const TIMESTAMP = { type: "string", format: "date-time", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$", example: "2024-09-22T12:15:33Z" };
export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Json, description?: string): Json => ({
  type: "object", ...(description === undefined ? {} : { description }), properties, required: Object.keys(properties), additionalProperties: false,
});

/** A record of the pinned run (scripts/openapi-examples.ts), before and after schema drift. */
// Read with care: while scripts/openapi-examples.ts writes the file anew, the document is built without them.
const EXAMPLE_RECORD: Json = (RESPONSE_EXAMPLES["GET /pagination/offset"]?.body as { data: Json[] } | undefined)?.data[0] ?? {};
const DRIFTED_PHONE = (RESPONSE_EXAMPLES["GET /incremental/step after schema drift"]?.body as { data: Json[] } | undefined)?.data[0]?.phone;

/** The record's optional members: present only in runs that turn them on. */
const OPTIONAL_RECORD_MEMBERS: Json = {
  deletedAt: { type: ["string", "null"], format: "date-time", description: "Only with --soft-delete: null while the record is live, the deletion time once deleted (the record stays listed)." },
  phone: { type: "string", pattern: "^\\+1-555-\\d{3}-\\d{4}$", example: DRIFTED_PHONE, description: "Schema drift: appears on every record, last, once --schema-drift MINUTES have passed on the playground's clock (or POST /__playground/schema-drift); absent before." },
};

/** The Record schema with this run's schema-drift moment in the phone member's description. */
export function recordSchemaFor(schemaDriftAt: string | undefined): Json {
  const record = SCHEMAS.Record as Json;
  const properties = record.properties as Json;
  const phone = properties.phone as Json;
  const when = schemaDriftAt === undefined ? " This run: not scheduled (no --schema-drift)." : ` This run: from ${schemaDriftAt} on.`;
  return { ...record, properties: { ...properties, phone: { ...phone, description: `${String(phone.description)}${when}` } } };
}

/** A record schema: the fixed members, all required, then the optional ones. */
function recordSchema(fixed: Json): Json {
  const schema = object(fixed, "A user record; keys always in this order.");
  return { ...schema, properties: { ...(schema.properties as Json), ...OPTIONAL_RECORD_MEMBERS } };
}

export const SCHEMAS: Json = {
  Record: recordSchema({
    id: { type: "string", example: EXAMPLE_RECORD.id, description: "A UUID; on /incremental/step, the record's 1-based position instead." },
    name: { type: "string", example: EXAMPLE_RECORD.name },
    email: { type: "string", format: "email", example: EXAMPLE_RECORD.email },
    address: { type: "string", example: EXAMPLE_RECORD.address },
    company: { type: "string", example: EXAMPLE_RECORD.company },
    job: { type: "string", example: EXAMPLE_RECORD.job },
    createdAt: { ...TIMESTAMP, example: EXAMPLE_RECORD.createdAt },
    updatedAt: { ...TIMESTAMP, example: EXAMPLE_RECORD.updatedAt, description: "Distinct across all records." },
  }),
  Company: object({
    company_id: { type: "integer", minimum: 1, maximum: 6 }, company_name: { type: "string" }, createdAt: TIMESTAMP, updatedAt: TIMESTAMP,
  }),
  Department: object({
    department_id: { type: "integer", minimum: 1, maximum: 4 }, company_id: { type: "integer", minimum: 1, maximum: 6 },
    department_name: { type: "string", enum: ["Engineering", "HR", "Finance", "Sales"] }, createdAt: TIMESTAMP, updatedAt: TIMESTAMP,
  }),
  Error: object({ error: { type: "string" } }, "Every error answer."),
  RecordList: object({ data: { type: "array", items: ref("Record") } }),
  NextPageUrlPage: object({
    data: { type: "array", items: ref("Record") }, total_items: { type: "integer", minimum: 0 }, page: { type: "integer", minimum: 1 },
    per_page: { type: "integer", minimum: 1, maximum: 50 }, next_page_url: { type: ["string", "null"], format: "uri" },
  }),
  PageNumberPage: object({
    data: { type: "array", items: ref("Record") }, page: { type: "integer", minimum: 1 }, page_size: { type: "integer", minimum: 1, maximum: 50 },
    total_pages: { type: "integer", minimum: 0 }, total_items: { type: "integer", minimum: 0 },
  }),
  OffsetPage: object({
    data: { type: "array", items: ref("Record") }, offset: { type: "integer", minimum: 0 }, limit: { type: "integer", minimum: 1, maximum: 50 },
    total: { type: "integer", minimum: 0 },
  }),
  KeysetPage: object({
    data: { type: "array", items: ref("Record"), maxItems: 50 }, total_count: { type: "integer", minimum: 0 },
    scroll_param: { type: ["string", "null"], description: "Pass back as scroll_param for the next page; null when nothing follows." },
  }),
  RecordArray: { type: "array", items: ref("Record"), maxItems: 100, description: "One page of records; the Link header says where the others are." },
  CursorPage: object({
    data: { type: "array", items: ref("Record"), maxItems: 100 },
    has_more: { type: "boolean", description: "Whether records follow this page." },
    next_cursor: { type: ["string", "null"], description: "Pass back as cursor for the next page; null exactly when has_more is false." },
  }),
  ExportJobRequest: {
    type: "object", additionalProperties: false, required: ["format"],
    properties: {
      format: { type: "string", enum: ["csv", "ndjson"] },
      updated_since: { ...TIMESTAMP, description: "Only records with updatedAt at or after this (inclusive), as the pagination filters." },
      compression: { type: ["string", "null"], enum: ["gzip", null], description: "gzip: the file is a .gz (Content-Type application/gzip)." },
    },
  },
  ExportJobCreated: object({ job_id: { type: "string" }, status: { type: "string", enum: ["queued"] }, status_url: { type: "string", format: "uri" } }),
  ExportJob: {
    type: "object", additionalProperties: false,
    required: ["job_id", "status", "format", "compression", "updated_since", "records", "created_at"],
    properties: {
      job_id: { type: "string" }, status: { type: "string", enum: ["queued", "running", "completed", "failed"] },
      format: { type: "string", enum: ["csv", "ndjson"] }, compression: { type: ["string", "null"], enum: ["gzip", null] },
      updated_since: { type: ["string", "null"], format: "date-time" }, records: { type: "integer", minimum: 0, description: "Records in the snapshot." },
      created_at: TIMESTAMP,
      progress: { type: "integer", minimum: 0, maximum: 100, description: "While running (0-99) and once completed (100)." },
      download_url: { type: "string", format: "uri", description: "Once completed." },
      expires_at: { ...TIMESTAMP, description: "Once completed: the file (and the job) are gone after this." },
      error: { type: "string", description: "Once failed." },
    },
  },
  DeletedList: object({
    data: { type: "array", items: object({ id: { type: "string" }, deletedAt: { ...TIMESTAMP, description: "Distinct across all deletions and updates." } }) },
  }),
  CompanyList: object({ data: { type: "array", items: ref("Company") }, total_items: { type: "integer", minimum: 0 } }),
  DepartmentList: object({ data: { type: "array", items: ref("Department") }, total_items: { type: "integer", minimum: 0 } }),
  LoginRequest: object({ username: { type: "string" }, password: { type: "string" } }),
  OAuthError: object({
    error: { type: "string", enum: ["invalid_request", "invalid_client", "invalid_grant", "unsupported_grant_type", "invalid_scope"] },
    error_description: { type: "string" },
  }, "An OAuth2 error (RFC 6749 §5.2)."),
  TokenRequest: {
    type: "object", description: "RFC 6749 token request parameters; which ones depend on grant_type.",
    properties: {
      grant_type: { type: "string", enum: ["client_credentials", "refresh_token", "authorization_code"] },
      client_id: { type: "string", description: "With client_secret, unless HTTP Basic authenticates the client." },
      client_secret: { type: "string" },
      scope: { type: "string", description: "Space-separated; default `read` (client_credentials), or at most the scope granted (refresh_token)." },
      refresh_token: { type: "string", description: "refresh_token grant." },
      code: { type: "string", description: "authorization_code grant: the code from the redirect." },
      redirect_uri: { type: "string", description: "authorization_code grant: the same redirect_uri as in the authorize request." },
      code_verifier: { type: "string", description: "authorization_code grant with PKCE: the verifier whose S256 challenge was sent." },
    },
    required: ["grant_type"],
    additionalProperties: { type: "string" },
  },
  TokenResponse: object({
    access_token: { type: "string", description: "Send as `Authorization: Bearer <access_token>`." },
    token_type: { type: "string", enum: ["Bearer"] },
    expires_in: { type: "integer", minimum: 1, description: "Seconds the access token stays valid (--access-token-ttl)." },
    refresh_token: { type: "string", description: "Trade for a new access token with grant_type refresh_token." },
    scope: { type: "string" },
  }, "An RFC 6749 §5.1 token answer."),
  Redirect: object({ redirect: { type: "string", format: "uri", description: "The Location the answer redirects to." } }),
  CallbackEcho: { type: "object", additionalProperties: { type: "string" }, description: "The query parameters received, by name." },
  LoginResponse: object({ token: { type: "string" }, expires_in: { type: "integer", minimum: 1, description: "Seconds the token stays valid (--token-ttl)." } }),
};
