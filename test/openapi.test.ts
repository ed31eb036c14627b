import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ROUTES } from "../src/router.js";
import { PARAMETER_DOCS, ROUTE_DOCS } from "../src/route-docs.js";
import { getJson, send, start, type Started } from "./helpers.js";

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
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  for (const type of types) assert.ok(SCHEMA_TYPES.has(type), `${where}: type ${type}`);
  if (types.includes("object")) for (const [name, property] of Object.entries(schema.properties ?? {})) checkSchema(property, `${where}.${name}`);
  if (types.includes("array")) checkSchema(schema.items, `${where}[]`);
  if (schema.required !== undefined) for (const name of schema.required) assert.ok(name in schema.properties, `${where}: required ${name} is a property`);
}

test("the document is structurally valid OpenAPI 3.1", () => {
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof doc.info.title, "string");
  assert.equal(typeof doc.info.version, "string");
  assert.deepEqual(doc.servers, [{ url: server.url.origin }]);
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
      assert.ok(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)), `${op.operationId}: a success response`);
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
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ["apiKeyAuth", "basicAuth", "bearerAuth", "sessionToken"]);
  assert.deepEqual(doc.components.securitySchemes.basicAuth, { type: "http", scheme: "basic", description: doc.components.securitySchemes.basicAuth.description });
  assert.equal(doc.components.securitySchemes.apiKeyAuth.in, "header");
  assert.equal(doc.components.securitySchemes.apiKeyAuth.name, "Authorization");
  for (const header of ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]) assert.ok(header in doc.components.headers);
});

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

function authHeaders(security: string | undefined, token: string): Record<string, string> {
  const c = server.playground.credentials;
  switch (security) {
    case "basicAuth": return { Authorization: `Basic ${Buffer.from(`${c.basic.username}:${c.basic.password}`).toString("base64")}` };
    case "bearerAuth": return { Authorization: `Bearer ${c.bearer}` };
    case "apiKeyAuth": return { Authorization: `apiKey ${c.apiKey}` };
    case "sessionToken": return { Authorization: `Token ${token}` };
    default: return {};
  }
}

async function callOperation(method: string, path: string, op: any, query: string, token: string): Promise<{ status: number; text: string }> {
  const login = JSON.stringify({ username: server.playground.credentials.session.username, password: server.playground.credentials.session.password });
  const target = path.replace(/\{(\w+)\}/g, (_, name) => op.parameters.find((p: any) => p.name === name).example) + (query === "" ? "" : `?${query}`);
  return send(server.url, target, { method: method.toUpperCase(), headers: authHeaders(op.security?.[0] && Object.keys(op.security[0])[0], token), body: method === "post" ? login : undefined });
}

test("every documented parameter is accepted (with its example) and every undocumented one rejected, on every route", async () => {
  const { username, password } = server.playground.credentials.session;
  const { token } = JSON.parse((await send(server.url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) })).text);
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const query = op.parameters.filter((p: any) => p.in === "query");
      const required = query.filter((p: any) => p.required).map((p: any) => `${p.name}=${encodeURIComponent(p.example)}`);
      const bare = await callOperation(method, path, op, required.join("&"), token);
      assert.equal(bare.status, 200, `${method} ${path} with only required parameters: ${bare.text.slice(0, 200)}`);
      for (const parameter of query.filter((p: any) => !p.required)) {
        const reply = await callOperation(method, path, op, [...required, `${parameter.name}=${encodeURIComponent(parameter.example)}`].join("&"), token);
        assert.equal(reply.status, 200, `${method} ${path} ?${parameter.name}=${parameter.example}: ${reply.text.slice(0, 200)}`);
      }
      const rejected = await callOperation(method, path, op, [...required, "undocumented=1"].join("&"), token);
      assert.deepEqual([rejected.status, JSON.parse(rejected.text)], [400, { error: "Unexpected query parameters: undocumented" }], `${method} ${path}`);
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
          count++;
        }
      }
    }
  }
  assert.ok(count >= 40, `${count} examples`);
});

test("servers points at the address the request came in on", async () => {
  const viaHost = (await getJson(server.url, "/openapi.json", { Host: "playground.test:8080" })).body;
  assert.deepEqual(viaHost.servers, [{ url: "http://playground.test:8080" }]);
});
