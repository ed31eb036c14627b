import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ROUTES } from "../../src/http/router.js";
import { createServer } from "../../src/server.js";
import { PARAMETER_DOCS, ROUTE_DOCS } from "../../src/describe/route-docs.js";
import { getJson, send, start, type Reply, type Started } from "../helpers.js";
import { schemaErrors } from "../json-schema.js";

const JSON_TYPE = { "Content-Type": "application/json" };

let server: Started;
let doc: any;

before(async () => {
  server = await start({ seed: 31 });
  doc = (await getJson(server.url, "/openapi.json")).body;
});
after(() => server.playground.close());

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SCHEMA_TYPES = new Set(["object", "array", "string", "integer", "number", "boolean", "null"]);

/** Every `$ref` in the document, with the path where it appears. */
function refs(node: unknown, path = "#"): [string, string][] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refs(item, `${path}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "$ref" ? [[path, value as string] as [string, string]] : refs(value, `${path}/${key}`)));
}

function resolve(pointer: string): unknown {
  assert.ok(pointer.startsWith("#/"), `only local refs: ${pointer}`);
  return pointer.slice(2).split("/").reduce<any>((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

function checkSchema(schema: any, where: string): void {
  if (schema.$ref !== undefined) return;
  for (const keyword of ["anyOf", "allOf", "oneOf"]) {
    if (schema[keyword] !== undefined) {
      schema[keyword].forEach((part: any, i: number) => checkSchema(part, `${where}.${keyword}[${i}]`));
      return;
    }
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  for (const type of types) assert.ok(SCHEMA_TYPES.has(type), `${where}: type ${type}`);
  if (types.includes("object")) for (const [name, property] of Object.entries(schema.properties ?? {})) checkSchema(property, `${where}.${name}`);
  if (types.includes("array")) checkSchema(schema.items, `${where}[]`);
  if (schema.required !== undefined) for (const name of schema.required) assert.ok(name in schema.properties, `${where}: required ${name} is a property`);
}

function structurallyValid(): void {
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof doc.info.title, "string");
  assert.equal(typeof doc.info.version, "string");
  assert.deepEqual(doc.servers.map((s: any) => s.url), [server.url.origin]);
  const tags = new Set(doc.tags.map((t: any) => t.name));
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    assert.ok(path.startsWith("/"), path);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries<any>(item)) {
      assert.ok(METHODS.includes(method), `${path}: ${method}`);
      assert.ok(!operationIds.has(op.operationId), `duplicate operationId ${op.operationId}`);
      operationIds.add(op.operationId);
      for (const tag of op.tags) assert.ok(tags.has(tag), `${op.operationId}: tag ${tag} declared`);
      // A success: 2xx, or the authorize endpoint's redirect.
      assert.ok(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status) || (status === "302" && op.responses[status].headers.Location !== undefined)),
        `${op.operationId}: a success response`);
      for (const [status, response] of Object.entries<any>(op.responses)) {
        assert.match(status, /^[1-5]\d\d$/);
        assert.equal(typeof response.description, "string");
        for (const media of Object.values<any>(response.content ?? {})) checkSchema(media.schema, `${op.operationId} ${status}`);
      }
      const declared = op.parameters.filter((p: any) => p.in === "path").map((p: any) => p.name);
      assert.deepEqual(declared, templated, `${op.operationId}: path parameters`);
      for (const parameter of op.parameters) {
        assert.ok(["query", "path", "header", "cookie"].includes(parameter.in));
        if (parameter.in === "path") assert.equal(parameter.required, true);
        checkSchema(parameter.schema, `${op.operationId} ${parameter.name}`);
      }
      for (const requirement of op.security ?? []) for (const scheme of Object.keys(requirement)) assert.ok(scheme in doc.components.securitySchemes);
    }
  }
  for (const [name, schema] of Object.entries<any>(doc.components.schemas)) checkSchema(schema, name);
  for (const [where, pointer] of refs(doc)) assert.notEqual(resolve(pointer), undefined, `${where} -> ${pointer}`);
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ["adminToken", "apiKeyAuth", "basicAuth", "bearerAuth", "oauth2", "sessionToken"]);
  assert.deepEqual(doc.components.securitySchemes.oauth2.flows, {
    clientCredentials: { tokenUrl: `${server.url.origin}/oauth/token`, refreshUrl: `${server.url.origin}/oauth/token`, scopes: { read: doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes.read } },
    authorizationCode: {
      authorizationUrl: `${server.url.origin}/oauth/authorize`, tokenUrl: `${server.url.origin}/oauth/token`, refreshUrl: `${server.url.origin}/oauth/token`,
      scopes: { read: doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes.read },
    },
  });
  assert.deepEqual(doc.paths["/auth/oauth2/data"].get.security, [{ oauth2: ["read"] }]);
  assert.deepEqual(doc.components.securitySchemes.basicAuth, { type: "http", scheme: "basic", description: doc.components.securitySchemes.basicAuth.description });
  assert.equal(doc.components.securitySchemes.apiKeyAuth.in, "header");
  assert.equal(doc.components.securitySchemes.apiKeyAuth.name, "Authorization");
  for (const header of ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]) assert.ok(header in doc.components.headers);
}

test("the document is structurally valid OpenAPI 3.1", () => structurallyValid());

test("every route is documented, with its parameters' types, ranges, defaults and enums from the validator's specs", () => {
  assert.deepEqual(Object.keys(ROUTE_DOCS).sort(), ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  for (const route of ROUTES) {
    const op = doc.paths[route.path][route.method.toLowerCase()];
    const query = op.parameters.filter((p: any) => p.in === "query");
    assert.deepEqual(query.map((p: any) => p.name), route.query.map((spec) => spec.name), route.path);
    for (const [i, spec] of route.query.entries()) {
      const schema = query[i].schema;
      if (spec.kind === "integer") assert.deepEqual([schema.type, schema.minimum, schema.maximum, schema.default], ["integer", spec.min, spec.max, spec.default]);
      if (spec.kind === "enum") assert.deepEqual([schema.enum, schema.default], [spec.values, spec.default]);
      if (spec.kind === "timestamp") assert.equal(schema.format, "date-time");
    }
  }
  const used = new Set(ROUTES.flatMap((r) => [...r.query.map((q) => q.name), ...[...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])]));
  assert.deepEqual([...used].sort(), Object.keys(PARAMETER_DOCS).sort());
  const page = doc.paths["/pagination/page_number"].get.parameters;
  assert.deepEqual(page.find((p: any) => p.name === "per_page").schema, { type: "integer", minimum: 1, maximum: 50, default: 10 });
  assert.deepEqual(page.find((p: any) => p.name === "order_by").schema, { type: "string", enum: ["createdAt", "updatedAt"], default: "updatedAt" });
  assert.equal(doc.paths["/incremental/step"].get.parameters.every((p: any) => p.required === true), true);
});

function authHeaders(security: string | undefined, token: string, accessToken: string): Record<string, string> {
  const c = server.playground.credentials;
  switch (security) {
    case "basicAuth": return { Authorization: `Basic ${Buffer.from(`${c.basic.username}:${c.basic.password}`).toString("base64")}` };
    case "bearerAuth": return { Authorization: `Bearer ${c.bearer}` };
    case "apiKeyAuth": return { Authorization: `apiKey ${c.apiKey}` };
    case "sessionToken": return { Authorization: `Token ${token}` };
    case "oauth2": return { Authorization: `Bearer ${accessToken}` };
    default: return {};
  }
}

/** Headers HTTP itself adds, which a document need not declare. */
const TRANSPORT_HEADERS = new Set(["content-type", "content-length", "date", "connection", "keep-alive", "transfer-encoding"]);

/**
 * What a validating proxy checks: the status is documented for the operation, the body conforms to that
 * response's schema for the content type sent, and every header sent is declared on that response.
 */
function assertConforms(op: any, reply: Reply, where: string): void {
  const response = op.responses[String(reply.status)];
  assert.ok(response !== undefined, `${where}: status ${reply.status} is not documented`);
  const type = String(reply.headers["content-type"] ?? "").split(";")[0]!;
  const media = response.content?.[type];
  assert.ok(media !== undefined, `${where}: ${reply.status} ${type} is not documented`);
  if (type === "application/json") assert.deepEqual(schemaErrors(JSON.parse(reply.text), media.schema, doc), [], where);
  const declared = new Set(Object.keys(response.headers ?? {}).map((name) => name.toLowerCase()));
  for (const name of Object.keys(reply.headers)) {
    if (!TRANSPORT_HEADERS.has(name)) assert.ok(declared.has(name), `${where}: header ${name} sent with ${reply.status} is not declared`);
  }
}

/** The body a POST operation documents: its first media type, with the example the document gives (this run's secrets, on loopback). */
function documentedBody(op: any): { type: string; body: string } | undefined {
  const content = op.requestBody?.content;
  if (content === undefined) return undefined;
  const [type, media] = Object.entries<any>(content)[0]!;
  assert.notEqual(media.example, undefined, `${op.operationId}: a request body example`);
  return { type, body: type === "application/x-www-form-urlencoded" ? new URLSearchParams(media.example).toString() : JSON.stringify(media.example) };
}

/** Path parameters no static example can give (an export job exists only once made): set by the test that needs them. */
const livePathValues: Record<string, string> = {};

async function callOperation(method: string, path: string, op: any, query: string, token: string, accessToken = ""): Promise<Reply> {
  const target = path.replace(/\{(\w+)\}/g, (_, name) => livePathValues[name] ?? op.parameters.find((p: any) => p.name === name).example) + (query === "" ? "" : `?${query}`);
  const posted = documentedBody(op);
  const headers = { ...authHeaders(op.security?.[0] && Object.keys(op.security[0])[0], token, accessToken), ...(posted === undefined ? {} : { "Content-Type": posted.type }) };
  const reply = await send(server.url, target, { method: method.toUpperCase(), headers, body: posted?.body });
  assertConforms(op, reply, `${method} ${target}`);
  return reply;
}

test("every documented parameter is accepted (with its example) and every undocumented one rejected, on every route", async () => {
  const { username, password } = server.playground.credentials.session;
  const { token } = JSON.parse((await send(server.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) })).text);
  const issued = documentedBody(doc.paths["/oauth/token"].post)!;
  const { access_token: accessToken } = JSON.parse((await send(server.url, "/oauth/token", { method: "POST", headers: { "Content-Type": issued.type }, body: issued.body })).text);
  // A completed export job for the job routes (the clock moved past its end).
  const job = documentedBody(doc.paths["/export/jobs"].post)!;
  livePathValues.job_id = JSON.parse((await send(server.url, "/export/jobs", { method: "POST", headers: { "Content-Type": job.type }, body: job.body })).text).job_id;
  server.playground.clock.advance(60);
  for (const { path, method, op } of operations().filter(({ op }) => op.tags[0] !== "Control plane")) {
    {
      const success = Number(Object.keys(op.responses).find((status) => /^2\d\d$|^302$/.test(status)));
      const query = op.parameters.filter((p: any) => p.in === "query");
      const required = query.filter((p: any) => p.required).map((p: any) => `${p.name}=${encodeURIComponent(p.example)}`);
      const bare = await callOperation(method, path, op, required.join("&"), token, accessToken);
      assert.equal(bare.status, success, `${method} ${path} with only required parameters: ${bare.text.slice(0, 200)}`);
      for (const parameter of query.filter((p: any) => !p.required)) {
        const reply = await callOperation(method, path, op, [...required, `${parameter.name}=${encodeURIComponent(parameter.example)}`].join("&"), token, accessToken);
        assert.equal(reply.status, success, `${method} ${path} ?${parameter.name}=${parameter.example}: ${reply.text.slice(0, 200)}`);
      }
      const rejected = await callOperation(method, path, op, [...required, "undocumented=1"].join("&"), token, accessToken);
      const route = ROUTES.find((r) => r.path === path);
      if (route?.ignoresQuery === true) {
        assert.equal(rejected.status, 200, `${method} ${path} ignores its query`);
        assert.match(op.description, /Query strings are ignored\.$/);
      } else if (route?.otherQueryIgnored === true) {
        assert.equal(rejected.status, success, `${method} ${path} ignores parameters it does not know`);
        assert.match(op.description, /Query parameters not listed are ignored \(RFC 6749 §3\.1\)\.$/);
      } else {
        assert.deepEqual([rejected.status, JSON.parse(rejected.text)], [400, { error: "Unexpected query parameters: undocumented" }], `${method} ${path}`);
      }
    }
  }
});

test("every documented error example is answered with its documented status and body", async () => {
  let count = 0;
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        for (const example of Object.values<any>(response.content?.["application/json"]?.examples ?? {})) {
          const reply = await send(server.url, example["x-request"], { method: method.toUpperCase(), headers: example["x-headers"], body: example["x-body"] });
          assert.equal(reply.status, Number(status), `${method} ${path}: ${example["x-request"]}`);
          assert.deepEqual(JSON.parse(reply.text), example.value);
          assertConforms(op, reply, `${method} ${example["x-request"]}`);
          count++;
        }
      }
    }
  }
  assert.ok(count >= 38, `${count} examples`);
});

test("servers points at the address the request came in on", async () => {
  const viaHost = (await getJson(server.url, "/openapi.json", { Host: "playground.localhost:8080" })).body;
  assert.deepEqual(viaHost.servers.map((s: any) => s.url), ["http://playground.localhost:8080"]);
});

/** Every operation in the document, with its path and method. */
function operations(): { path: string; method: string; op: any }[] {
  return Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.entries<any>(item).map(([method, op]) => ({ path, method, op })));
}

/** Every node of the document with its JSON path, for rules that look everywhere. */
function walk(node: unknown, visit: (node: any, where: string) => void, where = "#"): void {
  if (node === null || typeof node !== "object") return;
  visit(node, where);
  for (const [key, value] of Object.entries(node)) walk(value, visit, `${where}/${key}`);
}

function lintClean(): void {
  // Info and servers (info-contact, info-description, info-license, license-url, no-empty-servers,
  // no-server-example.com, oas3-server-trailing-slash).
  assert.equal(typeof doc.info.description, "string");
  assert.equal(typeof doc.info.contact?.name, "string");
  assert.equal(doc.info.license.identifier, "MIT");
  assert.ok(doc.servers.length > 0);
  for (const entry of doc.servers) {
    assert.doesNotMatch(entry.url, /example\.com/);
    assert.doesNotMatch(entry.url, /\/$/);
  }
  // Tags (openapi-tags, openapi-tags-uniqueness, tag-description, operation-tag-defined, operation-singular-tag).
  const tags = doc.tags.map((t: any) => t.name);
  assert.equal(new Set(tags).size, tags.length);
  for (const tag of doc.tags) assert.ok(typeof tag.description === "string" && tag.description.length > 0, `tag ${tag.name} has a description`);
  const ids = new Set<string>();
  for (const { path, method, op } of operations()) {
    const where = `${method} ${path}`;
    // Paths (path-keys-no-trailing-slash, path-not-include-query, path-params).
    assert.ok(path === "/" || !path.endsWith("/"), where);
    assert.ok(!path.includes("?"), where);
    // Operations (operation-operationId, -unique, -url-safe, operation-summary, operation-description, operation-tags).
    assert.match(op.operationId, /^[A-Za-z0-9_.~-]+$/, where);
    assert.ok(!ids.has(op.operationId), `${where}: unique operationId`);
    ids.add(op.operationId);
    assert.ok(op.summary.length > 0 && op.description.length > 0, where);
    assert.equal(op.tags.length, 1, where);
    assert.ok(tags.includes(op.tags[0]), where);
    // Security (security-defined, oas3-operation-security-defined): stated on every operation, open ones as [].
    assert.ok(Array.isArray(op.security), `${where}: security stated`);
    for (const requirement of op.security) for (const scheme of Object.keys(requirement)) assert.ok(scheme in doc.components.securitySchemes, where);
    // Responses (operation-2xx-response, operation-4xx-response, operation-success-response).
    const statuses = Object.keys(op.responses);
    assert.ok(statuses.some((status) => /^2/.test(status)) || statuses.includes("302"), `${where}: a 2xx (or the authorize redirect)`);
    assert.ok(statuses.some((status) => /^4/.test(status)), `${where}: a 4xx`);
    // Parameters (operation-parameters, oas3-parameter-description, no-invalid-parameter-examples).
    const seen = new Set<string>();
    for (const parameter of op.parameters) {
      const key = `${parameter.in}:${parameter.name}`;
      assert.ok(!seen.has(key), `${where}: ${key} once`);
      seen.add(key);
      assert.ok(parameter.description.length > 0, `${where}: ${parameter.name} described`);
      assert.deepEqual(schemaErrors(parameter.example, parameter.schema, doc), [], `${where}: example of ${parameter.name}`);
      if (parameter.schema.default !== undefined) assert.deepEqual(schemaErrors(parameter.schema.default, parameter.schema, doc), [], `${where}: default of ${parameter.name}`);
    }
    // Media examples (oas3-valid-media-example, no-invalid-media-type-examples) and declared headers.
    for (const [status, response] of Object.entries<any>(op.responses)) {
      for (const media of Object.values<any>(response.content ?? {})) {
        if (media.example !== undefined) assert.deepEqual(schemaErrors(media.example, media.schema, doc), [], `${where} ${status}`);
        for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
          assert.ok(("value" in example) !== ("externalValue" in example), `${where} ${status} ${name}: value or externalValue`);
          assert.deepEqual(schemaErrors(example.value, media.schema, doc), [], `${where} ${status} ${name}`);
        }
      }
      for (const name of Object.keys(response.headers ?? {})) assert.notEqual(name.toLowerCase(), "content-type", `${where}: Content-Type is not a declared header`);
    }
  }
  // Enums (typed-enum, duplicated-entry-in-enum), schema examples (oas3-valid-schema-example), markdown
  // (no-script-tags-in-markdown, no-eval-in-markdown), every $ref resolves.
  walk(doc, (node, where) => {
    if (Array.isArray(node.enum)) {
      assert.equal(new Set(node.enum.map((v: unknown) => JSON.stringify(v))).size, node.enum.length, `${where}: enum entries distinct`);
      if (node.type !== undefined) assert.deepEqual(schemaErrors(node.enum[0], { type: node.type }, doc), [], `${where}: enum typed`);
    }
    if (node.type !== undefined && node.example !== undefined && !where.includes("/parameters/")) assert.deepEqual(schemaErrors(node.example, node, doc), [], `${where}: example`);
    if (typeof node.description === "string") assert.doesNotMatch(node.description, /<script|eval\(/i, where);
    if (typeof node.$ref === "string") assert.notEqual(resolve(node.$ref), undefined, `${where}: ${node.$ref}`);
  });
  // Unused components (no-unused-components, oas3-unused-component).
  const used = new Set(refs(doc).map(([, pointer]) => pointer));
  for (const [kind, entries] of Object.entries<any>(doc.components)) {
    if (kind === "securitySchemes") continue;
    for (const name of Object.keys(entries)) assert.ok(used.has(`#/components/${kind}/${name}`), `components/${kind}/${name} is used`);
  }
}

test("lint: the intent of Redocly's recommended rules and Spectral's oas rules holds", () => lintClean());

test("the answers only failure simulation and the rate limit give are documented too: 429, 500, 502, 503, 405, 413", async () => {
  const strained = await start({ seed: 31, rateLimit: { capacity: 60 }, faults: { errorRate: 1 } });
  try {
    const statuses = new Set<number>();
    for (const { path, method, op } of operations().filter(({ op }) => op.tags[0] !== "Control plane")) {
      const target = path.replace(/\{(\w+)\}/g, "1");
      const reply = await send(strained.url, target, { method: method.toUpperCase(), body: method === "post" ? "{}" : undefined });
      assertConforms(op, reply, `${method} ${target}`);
      statuses.add(reply.status);
      const other = await send(strained.url, target, { method: "DELETE" });
      assertConforms(op, other, `DELETE ${target}`);
      statuses.add(other.status);
    }
    const login = doc.paths["/auth/session_token/login"].post;
    const big = await send(strained.url, "/auth/session_token/login", { method: "POST", body: "x".repeat(70_000) });
    assertConforms(login, big, "413");
    statuses.add(big.status);
    // Exhaust the bucket: the next API answer is a 429, which must be documented with its headers.
    for (let i = 0; i < 60; i++) await send(strained.url, "/pagination/offset");
    const limited = await send(strained.url, "/pagination/offset");
    assertConforms(doc.paths["/pagination/offset"].get, limited, "429");
    statuses.add(limited.status);
    for (const status of [200, 405, 413, 429, 500, 502, 503]) assert.ok(statuses.has(status), `saw ${status}`);
  } finally {
    await strained.playground.close();
  }
});

test("bound publicly, the document carries no secret: the expired-token example names a placeholder", async () => {
  const playground = createServer({ seed: 31 });
  const url = await playground.listen(0, "0.0.0.0");
  try {
    const text = (await send(url, "/openapi.json")).text;
    const { basic, bearer, apiKey, session } = playground.credentials;
    for (const secret of [basic.username, basic.password, bearer, apiKey, session.username, session.password]) assert.equal(text.includes(secret), false);
    const expired = JSON.parse(text).paths["/auth/session_token/data"].get.responses["401"].content["application/json"].examples.expired;
    assert.deepEqual(expired["x-headers"], { Authorization: "Token <a token from the login endpoint, after expires_in seconds>" });
    // On loopback the example is a real, expired token for this run.
    const local = expiredExample(doc);
    assert.match(local["x-headers"].Authorization, /^Token [A-Za-z0-9+/=]+$/);
  } finally {
    await playground.close();
  }
});

function expiredExample(document: any): any {
  return document.paths["/auth/session_token/data"].get.responses["401"].content["application/json"].examples.expired;
}

test("every control-plane operation answers as documented: status, body schema and every header (the event stream has its own test)", async () => {
  const newest = async (): Promise<number> => {
    await send(server.url, "/pagination/offset?limit=2");
    return (JSON.parse((await send(server.url, "/__playground/requests")).text) as { seq: number }[]).at(-1)!.seq;
  };
  const bodies: Record<string, unknown> = {
    "post /__playground/clock": { advance: 1 }, "post /__playground/churn": { ticks: 1 }, "put /__playground/faults": { errorRate: 0 },
    "post /__playground/faults/script": [{ path: "/nope", status: 503 }], "put /__playground/rate-limit": { enabled: false },
    "post /__playground/verify": [{ id: "x", updatedAt: "2026-01-01T00:00:00Z" }],
  };
  const control = operations().filter(({ op }) => op.tags[0] === "Control plane");
  assert.equal(control.length, 22);
  for (const { path, method, op } of control) {
    if (path === "/__playground/requests/stream") continue;
    const target = path.includes("{seq}") ? path.replace("{seq}", String(await newest())) : path;
    const body = bodies[`${method} ${path}`];
    const reply = await send(server.url, target, { method: method.toUpperCase(), headers: body === undefined ? {} : JSON_TYPE, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.equal(reply.status, 200, `${method} ${target}: ${reply.text.slice(0, 200)}`);
    assertConforms(op, reply, `${method} ${target}`);
    const otherMethod = doc.paths[path].patch === undefined ? "PATCH" : "TRACE";
    assertConforms(op, await send(server.url, target, { method: otherMethod }), `${otherMethod} ${target}`);
  }
  const bad = await send(server.url, "/__playground/clock", { method: "POST", headers: JSON_TYPE, body: "{" });
  assert.equal(bad.status, 400);
  assertConforms(doc.paths["/__playground/clock"].post, bad, "400");
  const missing = await send(server.url, "/__playground/requests/999999999");
  assertConforms(doc.paths["/__playground/requests/{seq}"].get, missing, "404");
  await send(server.url, "/__playground/reset", { method: "POST" });
});

test("with declared resources: their operations are in the document, it stays valid and lint-clean, and each example is the real first page", async () => {
  const resources = { resources: [
    { name: "customers", path: "/v1/customers", records: 30, fields: { id: { kind: "id", format: "sequence" }, name: { kind: "text", text: "name" }, at: { kind: "timestamp" } },
      api: { pagination: { style: "keyset", cursor: "starting_after" }, envelope: { hasMore: "has_more" }, order: { parameter: "direction" }, auth: "oauth2" } },
    { name: "invoices", path: "/v1/invoices", records: 100, fields: {
      id: { kind: "id" }, customer: { kind: "reference", resource: "customers" }, amount: { kind: "decimal", min: 1, max: 9 },
      status: { kind: "enum", values: { paid: 2, open: 1 } }, note: { kind: "text", text: "words", nullable: 0.5 },
      lines: { kind: "array", items: { kind: "object", fields: { qty: { kind: "integer", min: 1, max: 3 } } } }, modified: { kind: "timestamp" } },
      api: { pagination: { style: "cursor" }, envelope: { data: "results", next: "paging.next.after", total: "paging.total" } } },
    { name: "notes", path: "/v1/notes", records: 3, fields: { id: { kind: "id" }, at: { kind: "timestamp" } }, api: { auth: "session" } },
    { name: "issues", path: "/repos/a/b/issues", records: 20, fields: { id: { kind: "id", format: "sequence" }, updated_at: { kind: "timestamp" } },
      api: { pagination: { style: "link" }, envelope: { data: "" }, incremental: "since" } },
  ] };
  const declared = await start({ seed: 31, resources });
  const saved = doc;
  const savedServer = server;
  try {
    server = declared;
    doc = (await getJson(declared.url, "/openapi.json")).body;
    structurallyValid();
    lintClean();
    assert.equal(doc.tags.at(-1).name, "Your resources");
    for (const [path, id] of [["/v1/customers", "get_declared_customers"], ["/v1/invoices", "get_declared_invoices"], ["/repos/a/b/issues", "get_declared_issues"]] as const) {
      const operation = doc.paths[path].get;
      assert.equal(operation.operationId, id);
      const media = operation.responses["200"].content["application/json"];
      // The customers need an OAuth2 token: their example is still the first page the handler gives.
      if (path !== "/v1/customers") assert.deepEqual(media.example, (await getJson(declared.url, path)).body, path);
      assert.deepEqual(schemaErrors(media.example, media.schema, doc), [], path);
    }
    assert.deepEqual(doc.paths["/v1/customers"].get.security, [{ oauth2: ["read"] }]);
    // The refusal without credentials is the guard's own answer: asked for real, it is what the document says.
    const refused = await send(declared.url, "/v1/customers");
    const documented = doc.paths["/v1/customers"].get.responses[String(refused.status)];
    assert.equal(refused.status, 401);
    assert.deepEqual(JSON.parse(refused.text), documented.content["application/json"].example);
    assert.equal(refused.headers["www-authenticate"], documented.headers["WWW-Authenticate"].example);
    // A session resource refuses a missing token with a 400 (as the built-in session endpoint does): both 400s are documented.
    const noToken = await send(declared.url, "/v1/notes");
    assert.deepEqual([noToken.status, JSON.parse(noToken.text)], [400, doc.paths["/v1/notes"].get.responses["400"].content["application/json"].examples.credentials.value]);
    assert.deepEqual(doc.paths["/v1/customers"].get.parameters.map((p: { name: string }) => p.name), ["limit", "starting_after", "updated_since", "direction"]);
    assert.ok("Link" in doc.paths["/repos/a/b/issues"].get.responses["200"].headers);
    // The docs page draws a card for each.
    const page = (await send(declared.url, "/docs")).text;
    for (const id of ["get_declared_customers", "get_declared_invoices", "get_declared_issues"]) assert.ok(page.includes(`id="${id}"`), id);
  } finally {
    doc = saved;
    server = savedServer;
    await declared.playground.close();
  }
});

test("declared resources that changed: soft deletes and drift are in the record schema, tombstones and the CSV export are documented with real examples", async () => {
  const resources = { resources: [
    { name: "invoices", path: "/v1/invoices", records: 40, fields: {
      id: { kind: "id" }, amount: { kind: "decimal", min: 1, max: 9 }, customer: { kind: "object", fields: { name: { kind: "text", text: "name" } } },
      lines: { kind: "array", items: { kind: "integer", min: 1, max: 3 } }, modified: { kind: "timestamp" } },
      api: { pagination: { style: "cursor" }, envelope: { data: "results", next: "paging.next.after" } } },
    { name: "issues", path: "/repos/a/b/issues", records: 20, fields: { id: { kind: "id", format: "sequence" }, updated_at: { kind: "timestamp" } },
      api: { pagination: { style: "link" }, envelope: { data: "" }, incremental: "since" }, changes: { deletedField: "closed_at", drift: { labels: { kind: "array", items: { kind: "text", text: "words" } } } } },
  ] };
  const changed = await start({ seed: 32, resources, softDelete: true, churnMix: "update:1,insert:1,delete:1" });
  const saved = doc;
  const savedServer = server;
  try {
    changed.advance(100_000_000);
    changed.playground.churn(8);
    await send(changed.url, "/__playground/schema-drift", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    server = changed;
    doc = (await getJson(changed.url, "/openapi.json")).body;
    structurallyValid();
    lintClean();
    for (const path of ["/v1/invoices", "/v1/invoices/deleted", "/repos/a/b/issues", "/repos/a/b/issues/deleted"]) {
      const reply = await send(changed.url, path);
      assertConforms(doc.paths[path].get, reply, path);
      // A list's example is its first page; the tombstones' the first three.
      const real = JSON.parse(reply.text);
      const expected = !path.endsWith("/deleted") ? real : Array.isArray(real) ? real.slice(0, 3) : { results: real.results.slice(0, 3) };
      assert.deepEqual(doc.paths[path].get.responses["200"].content["application/json"].example, expected, `${path}: the example is the real answer`);
    }
    const closed = JSON.parse((await send(changed.url, "/repos/a/b/issues/deleted")).text) as { id: number; closed_at: string }[];
    assert.ok(closed.length > 0 && closed.every((row) => typeof row.id === "number" && /Z$/.test(row.closed_at)), JSON.stringify(closed));
    const issue = JSON.parse((await send(changed.url, "/repos/a/b/issues?limit=1")).text)[0];
    assert.deepEqual(Object.keys(issue), ["id", "updated_at", "closed_at", "labels"]);
    for (const name of ["invoices", "issues"]) {
      const operation = doc.paths[`/export/csv/${name}`].get;
      const reply = await send(changed.url, `/export/csv/${name}`);
      assertConforms(operation, reply, name);
      assert.equal(operation.responses["200"].content["text/csv"].example, reply.text.split("\r\n").slice(0, 3).map((line) => `${line}\r\n`).join(""), name);
    }
    assert.equal(doc.paths["/export/csv/invoices"].get.responses["200"].content["text/csv"].example.split("\r\n")[0], "id,amount,customer.name,lines,modified,deleted_at,phone");
  } finally {
    doc = saved;
    server = savedServer;
    await changed.playground.close();
  }
});
