/**
 * The OpenAPI document as a mock server reads it: every example is a real answer of the pinned run, and what
 * a mock generator would send for each response (its example, else values made up from the schema, the
 * declared headers included) is valid against the document and tells no lie about how it was sent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { collectResponseExamples, DRIFTED_RECORD, RATE_LIMITED } from "../../scripts/openapi-examples.js";
import { RESPONSE_EXAMPLES } from "../../src/describe/openapi-examples.data.js";
import { getJson, send, start, type Started } from "../helpers.js";
import { schemaErrors } from "../json-schema.js";

let server: Started;
let doc: any;

before(async () => {
  server = await start({ seed: 5 });
  doc = (await getJson(server.url, "/openapi.json")).body;
});
after(() => server.playground.close());

/** Tokens carry a random jti and durations are measured: those are compared by shape, all else exactly. */
function comparable(examples: unknown): unknown {
  return JSON.parse(JSON.stringify(examples)
    .replace(/(pg(?:at|rt|ac)_)[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, "$1<token>")
    .replace(/(\\*"durationMs\\*":)\d+(?:\.\d+)?/g, "$10"));
}

test("every example is the answer the pinned run gives today (scripts/openapi-examples.ts rewrites them)", async () => {
  const fresh = await collectResponseExamples();
  assert.deepEqual(comparable(fresh), comparable(RESPONSE_EXAMPLES), "an answer changed: `npm run openapi:examples` writes the new ones");
  // The comparison can fail: a changed record is noticed.
  const changed = structuredClone(fresh) as any;
  changed["GET /pagination/offset"].body.data[0].name = "Someone Else";
  assert.notDeepEqual(comparable(changed), comparable(RESPONSE_EXAMPLES));
});

function resolve(node: any): any {
  if (node?.$ref === undefined) return node;
  return resolve((node.$ref as string).slice(2).split("/").reduce((at: any, key: string) => at?.[key], doc));
}

/**
 * What a static mock generator (Prism's default) makes of a schema with no example at the media type: the
 * schema's own example, else its default, else the first enum value, else a placeholder of its type; objects
 * from their properties, arrays one item, anyOf/oneOf the first choice, allOf merged.
 */
function sample(schema: any): unknown {
  schema = resolve(schema);
  if (schema === undefined || schema === true) return {};
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.anyOf !== undefined || schema.oneOf !== undefined) return sample((schema.anyOf ?? schema.oneOf)[0]);
  if (schema.allOf !== undefined) return Object.assign({}, ...schema.allOf.map((part: any) => sample(part)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": return Object.fromEntries(Object.entries<any>(schema.properties ?? {}).map(([name, property]) => [name, sample(property)]));
    case "array": return [sample(schema.items)];
    case "integer": case "number": return schema.minimum ?? (schema.exclusiveMinimum === undefined ? 0 : schema.exclusiveMinimum + 1);
    case "boolean": return true;
    case "null": return null;
    default:
      return schema.format === "date-time" ? "2019-08-24T14:15:22Z" : schema.format === "email" ? "user@example.com" : schema.format === "uri" ? "http://example.com" : "string";
  }
}

/** What a mock sends for one response: status, headers (by declared name) and body (for JSON). */
function mocked(response: any): { headers: Record<string, unknown>; body: unknown; type: string | undefined } {
  const headers: Record<string, unknown> = {};
  for (const [name, declared] of Object.entries<any>(response.headers ?? {})) {
    const header = resolve(declared);
    headers[name] = header.example ?? sample(header.schema);
  }
  const [type, media] = Object.entries<any>(response.content ?? {})[0] ?? [];
  const body = media === undefined ? undefined : media.example ?? (media.examples === undefined ? sample(media.schema) : Object.values<any>(media.examples)[0].value);
  return { headers, body, type };
}

function* responses(): Generator<{ where: string; status: string; response: any; method: string; path: string }> {
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      for (const [status, response] of Object.entries<any>(op.responses)) yield { where: `${method.toUpperCase()} ${path} ${status}`, status, response, method: method.toUpperCase(), path };
    }
  }
}

/** Answers no example can stand for in a JSON document: pages, an icon, a compressed file, this document itself. */
const NO_EXAMPLE = new Set(["text/html", "image/x-icon", "application/gzip"]);

test("every success answer has a real example, of the status and content type the document gives", () => {
  let checked = 0;
  for (const { where, status, response, method, path } of responses()) {
    if (!/^2\d\d$|^302$/.test(status)) continue;
    const example = RESPONSE_EXAMPLES[`${method} ${path}`];
    for (const [type, media] of Object.entries<any>(response.content ?? {})) {
      if (NO_EXAMPLE.has(type) || path === "/openapi.json") { assert.equal(media.example, undefined, where); continue; }
      if (example?.type !== type) continue;
      assert.equal(String(example.status), status, `${where}: the example answered ${example.status}`);
      assert.deepEqual(media.example, example.body, `${where} ${type}`);
      checked++;
    }
    const documented = Object.keys(response.content ?? {}).filter((type) => !NO_EXAMPLE.has(type) && path !== "/openapi.json");
    if (documented.length > 0) assert.ok(documented.some((type) => response.content[type].example !== undefined), `${where}: an example`);
  }
  // Every operation's answer was put in the document (the other answers are a 429, 401s, a drifted record and the page's headers).
  const operations = Object.keys(RESPONSE_EXAMPLES).filter((key) => /^[A-Z]+ \S+$/.test(key));
  assert.equal(operations.length, 45);
  assert.equal(checked, operations.length);
  assert.ok(RESPONSE_EXAMPLES[DRIFTED_RECORD] !== undefined && RESPONSE_EXAMPLES[RATE_LIMITED] !== undefined);
});

test("a mock generator's answers are valid against the document: bodies, patterns and every declared header", () => {
  for (const { where, response } of responses()) {
    const { headers, body, type } = mocked(response);
    if (type === "application/json") assert.deepEqual(schemaErrors(body, response.content[type].schema, doc), [], `${where}: body`);
    for (const [name, value] of Object.entries(headers)) {
      assert.deepEqual(schemaErrors(value, resolve(response.headers[name]).schema, doc), [], `${where}: header ${name} = ${JSON.stringify(value)}`);
      assert.notEqual(value, "string", `${where}: header ${name} would be the placeholder "string"`);
    }
  }
  // A schema on its own (a mock with no example to hand): every pattern and format satisfied.
  for (const [name, schema] of Object.entries<any>(doc.components.schemas)) {
    assert.deepEqual(schemaErrors(sample(schema), schema, doc), [], `components/schemas/${name}`);
  }
  assert.match(String(sample(resolve(doc.components.schemas.Record).properties.phone)), /^\+1-555-\d{3}-\d{4}$/);
});

test("headers sent only sometimes are declared as such, and Content-Encoding (which a mock cannot honour) is described, not declared", async () => {
  const offset = doc.paths["/pagination/offset"].get.responses;
  const answer = RESPONSE_EXAMPLES["GET /pagination/offset"]!;
  for (const name of ["ETag", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Vary"]) {
    const header = resolve(offset["200"].headers[name]);
    assert.equal(header.required, false, name);
    if (name !== "Vary") assert.match(header.description, /^Sent only /, name);
  }
  const { headers } = mocked(offset["200"]);
  assert.deepEqual(headers, {
    "X-Content-Type-Options": "nosniff",
    "X-RateLimit-Limit": Number(answer.headers["x-ratelimit-limit"]),
    "X-RateLimit-Remaining": Number(answer.headers["x-ratelimit-remaining"]),
    "X-RateLimit-Reset": Number(answer.headers["x-ratelimit-reset"]),
    ETag: answer.headers.etag,
    Vary: "Accept-Encoding",
  });
  assert.equal(headers["X-RateLimit-Remaining"], 57, "the pinned run's third request: not the 0 a generator makes of minimum 0");
  assert.deepEqual(mocked(offset["429"]).headers, {
    "X-Content-Type-Options": "nosniff", "X-RateLimit-Limit": 1, "X-RateLimit-Remaining": 0, "X-RateLimit-Reset": 2, "Retry-After": 2,
  });
  for (const { where, response } of responses()) {
    assert.ok(!Object.keys(response.headers ?? {}).some((name) => name.toLowerCase() === "content-encoding"), `${where}: Content-Encoding declared`);
  }
  assert.match(offset["200"].description, /Compressed only when Accept-Encoding allows it .*`Content-Encoding` names the coding/);
  // And it is true: asked with gzip, the same operation answers compressed.
  const reply = await send(server.url, "/pagination/offset", { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(reply.headers["content-encoding"], "gzip");
  const plain = await send(server.url, "/pagination/offset?limit=1");
  assert.equal(plain.headers["content-encoding"], undefined);
});

test("the record a mock makes up from the schema alone looks like a real one", () => {
  const record = sample(doc.components.schemas.Record) as Record<string, unknown>;
  const real = (RESPONSE_EXAMPLES["GET /pagination/offset"]!.body as { data: Record<string, unknown>[] }).data[0]!;
  for (const key of ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"]) assert.equal(record[key], real[key], key);
  assert.match(String(record.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("declared headers take the values a real answer sent: numbers as numbers, a date as text, unknown ones kept as declared", async () => {
  const { headersSent } = await import("../../src/describe/openapi-examples.js");
  const components = {
    "Retry-After": { schema: { anyOf: [{ type: "integer", minimum: 1 }, { type: "string" }] } },
    "X-RateLimit-Limit": { schema: { type: "integer" } },
  };
  const declared = { "Retry-After": { $ref: "#/components/headers/Retry-After" }, "X-RateLimit-Limit": { $ref: "#/components/headers/X-RateLimit-Limit" }, Other: { $ref: "#/components/headers/Other" } };
  assert.deepEqual(headersSent(declared, { "retry-after": "2", "x-ratelimit-limit": "60", other: "x" }, components), {
    "Retry-After": { ...components["Retry-After"], example: 2 }, "X-RateLimit-Limit": { ...components["X-RateLimit-Limit"], example: 60 }, Other: declared.Other,
  });
  assert.equal((headersSent(declared, { "retry-after": "Sat, 28 Nov 2026 12:00:01 GMT" }, components)["Retry-After"] as { example: unknown }).example, "Sat, 28 Nov 2026 12:00:01 GMT");
  assert.equal(headersSent(declared, undefined, components), declared);
});
