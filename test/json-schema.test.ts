import assert from "node:assert/strict";
import { test } from "node:test";
import { schemaErrors } from "./json-schema.js";

// The validator the OpenAPI tests lean on must be able to fail, or those tests prove nothing.
test("schemaErrors finds each kind of mismatch and accepts conforming values", () => {
  const root = { components: { schemas: { Id: { type: "integer", minimum: 1 } } } };
  const schema = {
    type: "object", required: ["id", "at"], additionalProperties: false,
    properties: { id: { $ref: "#/components/schemas/Id" }, at: { type: "string", format: "date-time" }, tags: { type: "array", items: { enum: ["a", "b"] }, maxItems: 2 }, next: { type: ["string", "null"], pattern: "^/" } },
  };
  assert.deepEqual(schemaErrors({ id: 3, at: "2024-01-01T00:00:00Z", tags: ["a"], next: null }, schema, root), []);
  assert.deepEqual(schemaErrors({ id: 0, at: "yesterday", tags: ["a", "c", "b"], next: "x", extra: 1 }, schema, root), [
    "$.id: 0 < minimum 1",
    "$.at: \"yesterday\" is not a date-time",
    "$.tags: 3 items > maxItems 2",
    "$.tags[1]: \"c\" is not one of [\"a\",\"b\"]",
    "$.next: \"x\" does not match ^/",
    "$: unexpected property extra",
  ]);
  assert.deepEqual(schemaErrors("5", { type: "integer" }, root), ["$: string is not integer"]);
  assert.deepEqual(schemaErrors({}, schema, root), ["$: missing id", "$: missing at"]);
  assert.deepEqual(schemaErrors(1, { $ref: "#/nowhere" }, root), ["$: unresolved #/nowhere"]);
});
