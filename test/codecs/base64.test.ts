import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeBase64Text, decodeScrollParam, encodeBase64Text, encodeScrollParam } from "../../src/codecs/base64.js";
import { parseTimestamp } from "../../src/codecs/timestamp.js";

test("encodeScrollParam is padded standard base64 of the timestamp text (the original's sample)", () => {
  const seconds = parseTimestamp("2024-09-24T14:31:37Z") as number;
  assert.equal(encodeScrollParam(seconds), "MjAyNC0wOS0yNFQxNDozMTozN1o=");
  assert.equal(decodeScrollParam("MjAyNC0wOS0yNFQxNDozMTozN1o="), seconds);
});

test("decodeScrollParam round-trips and forgives missing padding, spaces for '+' and URL-safe letters", () => {
  for (const seconds of [0, 1727188297, -62135596800, 1795838993]) assert.equal(decodeScrollParam(encodeScrollParam(seconds)), seconds);
  assert.equal(decodeScrollParam("MjAyNC0wOS0yNFQxNDozMTozN1o"), parseTimestamp("2024-09-24T14:31:37Z"));
  assert.equal(decodeBase64Text("a+b/"), Buffer.from("a+b/", "base64").toString("utf8"));
  assert.equal(decodeBase64Text("a b_"), decodeBase64Text("a+b/"));
});

test("decodeScrollParam rejects non-base64 and base64 of anything but a timestamp", () => {
  const rejected = ["!!!!", "abc", "a", "====", "MjAy=NC0w", encodeBase64Text("2024-09-24T14:31:37"), encodeBase64Text("hello"),
    encodeBase64Text("2024-02-30T00:00:00Z"), "MjAyNC0wOS0yNFQxNDozMTozN1o===", "%3D"];
  for (const text of rejected) assert.equal(decodeScrollParam(text), undefined, text);
  assert.equal(decodeBase64Text(""), "");
});
