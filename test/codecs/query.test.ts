import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeComponent, parseQuery } from "../../src/codecs/query.js";

test("parseQuery keeps the first value of a repeated name and names in order of first appearance", () => {
  const query = parseQuery("page=2&per_page=5&page=3&b&a=");
  assert.deepEqual([...query.values], [["page", "2"], ["per_page", "5"], ["b", ""], ["a", ""]]);
  assert.deepEqual(query.names, ["page", "per_page", "b", "a"]);
  assert.deepEqual(parseQuery("").names, []);
  assert.deepEqual(parseQuery("&&x=1&&").names, ["x"]);
  assert.equal(parseQuery("a=b=c").values.get("a"), "b=c");
});

test("parseQuery stores hostile names safely", () => {
  const query = parseQuery("__proto__=1&constructor=2&hasOwnProperty=3");
  assert.deepEqual(query.names, ["__proto__", "constructor", "hasOwnProperty"]);
  assert.equal(query.values.get("__proto__"), "1");
  assert.equal(query.values.get("toString"), undefined);
});

test("decodeComponent decodes + and percent escapes, and never throws on malformed input", () => {
  assert.equal(decodeComponent("2024-01-01T00%3A00%3A00Z"), "2024-01-01T00:00:00Z");
  assert.equal(decodeComponent("a+b%20c"), "a b c");
  assert.equal(decodeComponent("caf%C3%A9"), "café");
  assert.equal(decodeComponent("%"), "%");
  assert.equal(decodeComponent("%ZZ"), "%ZZ");
  assert.equal(decodeComponent("100%"), "100%");
  assert.equal(decodeComponent("%C0%80"), "\uFFFD\uFFFD");
  assert.equal(decodeComponent("%00"), "\u0000");
  assert.equal(decodeComponent("%E2%82"), "\uFFFD");
  assert.equal(decodeComponent("ok%ZZcaf%C3%A9+%F0%9F%98%80"), "ok%ZZcafé 😀");
  assert.equal(decodeComponent("😀%ZZ"), "😀%ZZ");
  assert.equal(decodeComponent("plain"), "plain");
});
