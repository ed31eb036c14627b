/** The resource file's check: a right file read with its defaults; every mistake named by JSON path, all at once. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readResourceFile, type ResourceSpec } from "../../src/resources/schema.js";

/** A small right resource, to break one thing at a time. */
const invoices = () => ({
  name: "invoices",
  path: "/v1/invoices",
  records: 500,
  fields: {
    id: { kind: "id" },
    customer: { kind: "reference", resource: "customers" },
    amount: { kind: "decimal", min: 10, max: 5000 },
    status: { kind: "enum", values: { paid: 8, open: 2 } },
    created: { kind: "timestamp" },
    lines: { kind: "array", items: { kind: "object", fields: { sku: { kind: "text", text: "words" }, qty: { kind: "integer", min: 1, max: 9 } } }, max: 4 },
  },
  api: { pagination: { style: "cursor", cursor: "starting_after" }, envelope: { data: "data", hasMore: "has_more" } },
});
const customers = () => ({
  name: "customers", path: "/v1/customers", records: 100,
  fields: { id: { kind: "id", format: "sequence" }, name: { kind: "text", text: "name" }, email: { kind: "text", text: "email", nullable: 0.1 }, modified: { kind: "timestamp" } },
});

const problems = (file: unknown): readonly string[] => {
  const read = readResourceFile(file);
  assert.ok("problems" in read, "expected problems");
  return read.problems;
};

test("a right file is read, with the defaults filled in", () => {
  const read = readResourceFile({ resources: [invoices(), customers()] });
  assert.ok("resources" in read, JSON.stringify(read));
  const [first, second] = read.resources as [ResourceSpec, ResourceSpec];
  assert.equal(first.cursor, "created");
  assert.deepEqual(first.api, {
    pagination: { style: "cursor", limit: "limit", cursor: "starting_after", defaultLimit: 10, maxLimit: 100 },
    envelope: { data: "data", hasMore: "has_more", next: "next_cursor" },
    incremental: "updated_since",
    order: null,
    auth: "none",
  });
  const ordered = readResourceFile({ resources: [{ ...customers(), api: { order: { parameter: "sort", default: "desc" } } }] });
  assert.ok("resources" in ordered);
  assert.deepEqual(ordered.resources[0]!.api.order, { parameter: "sort", asc: "asc", desc: "desc", default: "desc" });
  assert.deepEqual(first.fields.amount, { kind: "decimal", min: 10, max: 5000, scale: 2 });
  assert.deepEqual(first.fields.id, { kind: "id", format: "uuid" });
  assert.deepEqual(second.api.pagination, { style: "offset", limit: "limit", offset: "offset", defaultLimit: 10, maxLimit: 100 });
  assert.deepEqual(second.fields.email, { kind: "text", text: "email", nullable: 0.1 });
  const paged = readResourceFile({ resources: [{ ...customers(), api: { pagination: { style: "page" }, auth: "oauth2", incremental: null } }] });
  assert.ok("resources" in paged);
  assert.deepEqual(paged.resources[0]!.api, {
    pagination: { style: "page", limit: "per_page", page: "page", defaultLimit: 10, maxLimit: 100 }, envelope: { data: "data" }, incremental: null, order: null, auth: "oauth2",
  });
});

test("malformed files: each mistake with its JSON path and what is allowed", () => {
  const one = (change: (resource: ReturnType<typeof invoices>) => unknown): readonly string[] => {
    const resource = invoices();
    const changed = change(resource) ?? resource;
    return problems({ resources: [changed, customers()] });
  };
  const cases: [string, readonly string[]][] = [
    ["not an object", problems([])],
    ["no list", problems({ resources: {} })],
    ["empty list", problems({ resources: [] })],
    ["unknown top field", problems({ resources: [customers()], extra: 1 })],
  ];
  const expected: Record<string, readonly string[]> = {
    "not an object": ["(file): must be an object (got [])"],
    "no list": ["resources: must be a list of resources (got {})"],
    "empty list": ["resources: must declare 1 to 20 resources (got 0)"],
    "unknown top field": ["(file).extra: is not a known field here (allowed: resources)"],
  };
  for (const [name, got] of cases) assert.deepEqual(got, expected[name], name);

  const broken: [string, (r: ReturnType<typeof invoices>) => unknown, readonly string[]][] = [
    ["max below min", (r) => { r.fields.amount = { kind: "decimal", min: 10, max: 5 }; }, ["resources[0].fields.amount.max: must be ≥ min (got 5 < 10)"]],
    ["bad name", (r) => ({ ...r, name: "Invoices!" }), ["resources[0].name: must be lower case letters, digits and _, starting with a letter, at most 40 (got \"Invoices!\")"]],
    ["reserved path", (r) => ({ ...r, path: "/pagination/mine" }),
      ["resources[0].path: is the playground's own (/pagination, /export, /incremental, /auth, /oauth, /cursors, /docs, /openapi.json, /favicon.ico, /__playground and below are taken)"]],
    ["path shape", (r) => ({ ...r, path: "v1/{id}" }), ["resources[0].path: must be a path like /v1/invoices (1 to 6 segments of letters, digits and _ . ~ -) (got \"v1/{id}\")"]],
    ["too many records", (r) => ({ ...r, records: 2e9 }), ["resources[0].records: must be from 1 to 1000000000 (got 2000000000)"]],
    ["records not integer", (r) => ({ ...r, records: "many" }), ["resources[0].records: must be an integer (got \"many\")"]],
    ["unknown kind", (r) => { (r.fields as Record<string, unknown>).x = { kind: "money" }; },
      ["resources[0].fields.x.kind: must be one of id, text, enum, integer, decimal, boolean, timestamp, date, object, array, reference (got \"money\")"]],
    ["field option of another kind", (r) => { (r.fields as Record<string, unknown>).x = { kind: "integer", min: 1, max: 2, text: "name" }; },
      ["resources[0].fields.x.text: is not a known field here (allowed: kind, nullable, min, max)"]],
    ["unknown text", (r) => { (r.fields as Record<string, unknown>).x = { kind: "text", text: "iban" }; },
      ["resources[0].fields.x.text: must be one of name, first_name, last_name, email, company, job, address, city, phone, words, sentence (got \"iban\")"]],
    ["empty enum", (r) => { r.fields.status = { kind: "enum", values: [] } as never; }, ["resources[0].fields.status.values: must list 1 to 100 values (got 0)"]],
    ["enum weight", (r) => { r.fields.status = { kind: "enum", values: { paid: -1, open: 2 } }; }, ["resources[0].fields.status.values.paid: must be from 0 to 1000000 (got -1)"]],
    ["enum twice", (r) => { r.fields.status = { kind: "enum", values: ["a", "a"] } as never; }, ["resources[0].fields.status.values: lists a value twice"]],
    ["nullable share", (r) => { (r.fields as Record<string, unknown>).x = { kind: "boolean", nullable: 2 }; }, ["resources[0].fields.x.nullable: must be from 0 to 1 (got 2)"]],
    ["nullable id", (r) => { r.fields.id = { kind: "id", nullable: 0.5 } as never; }, ["resources[0].fields.id.nullable: an id is never null"]],
    ["two ids", (r) => { (r.fields as Record<string, unknown>).other = { kind: "id" }; }, ["resources[0].fields: must have exactly one top-level field of kind id (got 2)"]],
    ["no cursor", (r) => { delete (r.fields as Record<string, unknown>).created; },
      ["resources[0].cursor: is needed: declare a timestamp field (not nullable) to be the change cursor"]],
    ["ambiguous cursor", (r) => { (r.fields as Record<string, unknown>).paid_at = { kind: "timestamp" }; },
      ["resources[0].cursor: must name the change cursor among the timestamp fields (created, paid_at)"]],
    ["cursor not a timestamp", (r) => ({ ...r, cursor: "amount" }), ["resources[0].cursor: must name a top-level timestamp field that is not nullable (created; got \"amount\")"]],
    ["dangling reference", (r) => { r.fields.customer = { kind: "reference", resource: "clients" }; },
      ["resources[0].fields.customer.resource: names no declared resource (declared: invoices, customers; got \"clients\")"]],
    ["nested dangling reference", (r) => { r.fields.lines.items.fields.sku = { kind: "reference", resource: "products" } as never; },
      ["resources[0].fields.lines.items.fields.sku.resource: names no declared resource (declared: invoices, customers; got \"products\")"]],
    ["array of ids", (r) => { r.fields.lines = { kind: "array", items: { kind: "id" }, max: 2 } as never; }, ["resources[0].fields.lines.items.kind: an array cannot hold ids"]],
    ["array bounds", (r) => { r.fields.lines = { ...r.fields.lines, max: 11 }; }, ["resources[0].fields.lines.max: must be from 0 to 10 (got 11)"]],
    ["too deep", (r) => {
      const deep = (n: number): unknown => (n === 0 ? { kind: "boolean" } : { kind: "object", fields: { inner: deep(n - 1) } });
      (r.fields as Record<string, unknown>).deep = deep(5);
    }, ["resources[0].fields.deep.fields.inner.fields.inner.fields.inner.fields.inner: nests too deep (at most 4 objects and arrays)"]],
    ["bad field name", (r) => { (r.fields as Record<string, unknown>)["has space"] = { kind: "boolean" }; },
      ["resources[0].fields.has space: a field name must be letters, digits and _ (not first), at most 64"]],
    ["unknown style", (r) => ({ ...r, api: { pagination: { style: "scroll" } } }),
      ["resources[0].api.pagination.style: must be one of offset, page, keyset, next_url, link, cursor (got \"scroll\")"]],
    ["parameter of another style", (r) => ({ ...r, api: { pagination: { style: "offset", cursor: "after" } } }),
      ["resources[0].api.pagination.cursor: is not a parameter of the offset style"]],
    ["same parameter twice", (r) => ({ ...r, api: { pagination: { style: "offset", limit: "n", offset: "n" } } }),
      ["resources[0].api.pagination: gives two parameters the same name (n, n)"]],
    ["default above max", (r) => ({ ...r, api: { pagination: { style: "offset", defaultLimit: 50, maxLimit: 20 } } }),
      ["resources[0].api.pagination.defaultLimit: must be ≤ maxLimit (got 50 > 20)"]],
    ["bare array without Link", (r) => ({ ...r, api: { envelope: { data: "" } } }),
      ["resources[0].api.envelope.data: may be \"\" (a bare array) only with the link style, whose next page is in the Link header"]],
    ["envelope clash", (r) => ({ ...r, api: { pagination: { style: "cursor" }, envelope: { data: "paging", next: "paging.next.after" } } }),
      ["resources[0].api.envelope: puts two parts at the same place (paging, paging.next.after)"]],
    ["bad envelope path", (r) => ({ ...r, api: { envelope: { total: "meta..total" } } }),
      ["resources[0].api.envelope.total: must be a dot path of up to 5 names, like paging.next.after (got \"meta..total\")"]],
    ["enum of neither kind", (r) => { r.fields.status = { kind: "enum", values: 5 } as never; },
      ["resources[0].fields.status.values: must be a list of strings or an object of weights, like {\"paid\": 8, \"open\": 2} (got 5)"]],
    ["enum weights all zero", (r) => { r.fields.status = { kind: "enum", values: { paid: 0 } } as never; }, ["resources[0].fields.status.values: needs a weight above 0"]],
    ["bare array with a total", (r) => ({ ...r, api: { pagination: { style: "link" }, envelope: { data: "", total: "total" } } }),
      ["resources[0].api.envelope: a bare array has nowhere to put total, hasMore or next"]],
    ["id format", (r) => { r.fields.id = { kind: "id", format: "serial" } as never; }, ["resources[0].fields.id.format: must be one of uuid, sequence (got \"serial\")"]],
    ["decimal scale", (r) => { r.fields.amount = { kind: "decimal", min: 1, max: 2, scale: 7 } as never; }, ["resources[0].fields.amount.scale: must be from 0 to 6 (got 7)"]],
    ["true share", (r) => { (r.fields as Record<string, unknown>).flag = { kind: "boolean", trueShare: "half" }; }, ["resources[0].fields.flag.trueShare: must be a number (got \"half\")"]],
    ["field not an object", (r) => { (r.fields as Record<string, unknown>).flag = "boolean"; }, ["resources[0].fields.flag: must be an object with a kind (got \"boolean\")"]],
    ["reference by a bad name", (r) => { r.fields.customer = { kind: "reference", resource: "Customers" }; },
      ["resources[0].fields.customer.resource: must be the name of a declared resource (got \"Customers\")"]],
    ["api not an object", (r) => ({ ...r, api: [] }), ["resources[0].api: must be an object (got [])"]],
    ["incremental not a name", (r) => ({ ...r, api: { incremental: 5 } }), ["resources[0].api.incremental: must be a query parameter name, or null for none (got 5)"]],
    ["resource not an object", () => "invoices", ["resources[0]: must be an object (got \"invoices\")"]],
    ["order values the same", (r) => ({ ...r, api: { order: { asc: "up", desc: "up" } } }), ["resources[0].api.order.desc: must differ from asc (both up)"]],
    ["order parameter taken", (r) => ({ ...r, api: { order: { parameter: "limit" } } }), ["resources[0].api.order.parameter: is already the name of another parameter (limit)"]],
    ["order default", (r) => ({ ...r, api: { order: { default: "newest" } } }), ["resources[0].api.order.default: must be one of asc, desc (got \"newest\")"]],
    ["a page too heavy", (r) => ({ ...r, api: { pagination: { style: "offset", maxLimit: 1000 } }, fields: { ...r.fields,
      grid: { kind: "array", max: 10, items: { kind: "array", max: 10, items: { kind: "integer", min: 0, max: 1 } } } } }),
      ["resources[0].api.pagination.maxLimit: lets a page hold 115000 values (115 per record × 1000); at most 50000: lower maxLimit or the arrays' max"]],
    ["unknown auth", (r) => ({ ...r, api: { auth: "hmac" } }), ["resources[0].api.auth: must be one of none, basic, bearer, api_key, session, oauth2 (got \"hmac\")"]],
  ];
  for (const [name, change, expectedProblems] of broken) assert.deepEqual(one(change), expectedProblems, name);
  assert.ok(cases.length + broken.length >= 20);
});

test("all mistakes at once, across resources, and names and paths used twice", () => {
  const bad = invoices();
  bad.fields.amount = { kind: "decimal", min: 10, max: 5 };
  const twin = { ...customers(), records: 0 };
  assert.deepEqual(problems({ resources: [bad, customers(), twin] }), [
    "resources[0].fields.amount.max: must be ≥ min (got 5 < 10)",
    "resources[2].records: must be from 1 to 1000000000 (got 0)",
    "resources[2].name: is already the name of resources[1]",
    "resources[2].path: is already the path of resources[1]",
  ]);
});

test("what changes look like: defaults that never clash with a declared field, and each mistake named", () => {
  const read = readResourceFile({ resources: [invoices(), customers()] });
  assert.ok("resources" in read, JSON.stringify(read));
  assert.deepEqual(read.resources[0]!.changes, { deletedField: "deleted_at", tombstones: "/v1/invoices/deleted", drift: { phone: { kind: "text", text: "phone" } } });
  // A declared phone or deleted_at field: the defaults take the next free names.
  const taken = { ...customers(), fields: { ...customers().fields, phone: { kind: "text", text: "phone" }, deleted_at: { kind: "date" }, phone_1: { kind: "boolean" } } };
  const renamed = readResourceFile({ resources: [taken] });
  assert.ok("resources" in renamed, JSON.stringify(renamed));
  assert.deepEqual(renamed.resources[0]!.changes, { deletedField: "deleted_at_1", tombstones: "/v1/customers/deleted", drift: { phone_2: { kind: "text", text: "phone" } } });
  const declared = readResourceFile({ resources: [{ ...customers(), changes: { deletedField: "archivedAt", tombstones: "/v1/archive", drift: { score: { kind: "integer", min: 0, max: 9 } } } }] });
  assert.ok("resources" in declared, JSON.stringify(declared));
  assert.deepEqual(declared.resources[0]!.changes, { deletedField: "archivedAt", tombstones: "/v1/archive", drift: { score: { kind: "integer", min: 0, max: 9 } } });
  const broken: [string, unknown, string[]][] = [
    ["not an object", [], ["resources[0].changes: must be an object (got [])"]],
    ["an unknown key", { purge: true }, ["resources[0].changes.purge: is not a known field here (allowed: deletedField, tombstones, drift)"]],
    ["a deleted field that is a field", { deletedField: "email" }, ["resources[0].changes.deletedField: is already a field (email); name another"]],
    ["a deleted field that is no name", { deletedField: "deleted at" }, ["resources[0].changes.deletedField: must be a field name (letters, digits and _, not first; at most 64) (got \"deleted at\")"]],
    ["tombstones on the playground's paths", { tombstones: "/export/gone" },
      ["resources[0].changes.tombstones: is the playground's own (/pagination, /export, /incremental, /auth, /oauth, /cursors, /docs, /openapi.json, /favicon.ico, /__playground and below are taken)"]],
    ["tombstones at the resource's path", { tombstones: "/v1/customers" }, ["resources[0].changes.tombstones: must differ from the resource's path"]],
    ["tombstones that are no path", { tombstones: "deleted" }, ["resources[0].changes.tombstones: must be a path like /v1/invoices/deleted (got \"deleted\")"]],
    ["drift that adds a field already there", { drift: { name: { kind: "text", text: "name" } } }, ["resources[0].changes.drift.name: is already a field; schema drift adds new ones"]],
    ["drift that adds the deleted field", { deletedField: "gone", drift: { gone: { kind: "boolean" } } }, ["resources[0].changes.drift.gone: is already a field; schema drift adds new ones"]],
    ["drift that adds an id", { drift: { other: { kind: "id" } } }, ["resources[0].changes.drift: cannot add an id"]],
    ["drift with a bad field", { drift: { score: { kind: "integer", min: 5, max: 1 } } }, ["resources[0].changes.drift.score.max: must be ≥ min (got 1 < 5)"]],
  ];
  for (const [name, changes, expected] of broken) assert.deepEqual(problems({ resources: [{ ...customers(), changes }] }), expected, name);
  // Tombstones may not take another resource's path, nor the same tombstones.
  assert.deepEqual(problems({ resources: [{ ...invoices(), changes: { tombstones: "/v1/customers" } }, customers()] }), ["resources[0].changes.tombstones: is already the path of resources[1]"]);
  assert.deepEqual(problems({ resources: [invoices(), { ...customers(), path: "/v1/invoices/deleted" }] }), ["resources[0].changes.tombstones: is already the path of resources[1]"]);
});
