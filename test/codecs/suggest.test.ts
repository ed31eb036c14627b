/** "Did you mean": edit distance and the closest known word, only when it is clearly the one meant. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { closest, editDistance } from "../../src/codecs/suggest.js";

test("edit distance counts insertions, deletions, substitutions and swapped neighbours", () => {
  assert.deepEqual([editDistance("", "abc"), editDistance("port", "prot"), editDistance("offset", "offsett"), editDistance("limit", "lmit"), editDistance("abc", "xyz")], [3, 1, 1, 1, 3]);
});

test("the closest candidate within two edits (one for short words), never a tie, never a long word", () => {
  const flags = ["--port", "--host", "--records", "--seed"];
  assert.equal(closest("--prot", flags), "--port");
  assert.equal(closest("--recrods", flags), "--records");
  assert.equal(closest("--colour", flags), undefined);
  assert.equal(closest("lmit", ["limit", "offset"]), "limit");
  assert.equal(closest("ab", ["ac", "ad"]), undefined, "a tie suggests nothing");
  assert.equal(closest("x".repeat(65), ["x".repeat(64)]), undefined);
});
