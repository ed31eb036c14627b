import assert from "node:assert/strict";
import { test } from "node:test";
import { firstRequestValue, inlineMarkdown } from "../../src/describe/docs-page.js";

test("inlineMarkdown escapes text and renders `code` spans", () => {
  assert.equal(inlineMarkdown("send `Authorization: apiKey <key>` now"), "send <code>Authorization: apiKey &#60;key&#62;</code> now");
  assert.equal(inlineMarkdown("no code & <b>"), "no code &#38; &#60;b&#62;");
  assert.equal(inlineMarkdown("`a` and `b`"), "<code>a</code> and <code>b</code>");
});

test("the docs page pre-fills what a first request sends: defaults, required examples, else nothing", () => {
  assert.equal(firstRequestValue({ schema: { type: "integer", default: 10 }, example: 5 }), "10");
  assert.equal(firstRequestValue({ schema: { type: "string", enum: ["asc", "desc"], default: "asc" }, example: "desc" }), "asc");
  assert.equal(firstRequestValue({ required: true, schema: { type: "integer", minimum: 1 }, example: 1 }), "1");
  assert.equal(firstRequestValue({ required: false, schema: { type: "string" }, example: "MjAyNC0wMS0wMVQwMDowMDowMFo=" }), "");
  assert.equal(firstRequestValue({ required: false, schema: { type: "string", format: "date-time" }, example: "2024-01-01T00:00:00Z" }), "");
});
