import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePath } from "../../src/codecs/path.js";

test("decodePath decodes escapes as UTF-8, keeps %2F as written, and never throws", () => {
  const cases: [string, string][] = [
    ["/pagination/offset", "/pagination/offset"],
    ["/cursors/%31/departments", "/cursors/1/departments"],
    ["/pagination%2Foffset", "/pagination%2Foffset"],
    ["/cursors/1%2fx/departments", "/cursors/1%2fx/departments"],
    ["/caf%C3%A9", "/café"],
    ["/%", "/%"],
    ["/%Z", "/%Z"],
    ["/%ZZ%41", "/%ZZA"],
    ["/%C3", "/\uFFFD"],
    ["/%C3x%A9", "/\uFFFDx\uFFFD"],
    ["/%C0%AF", "/\uFFFD\uFFFD"],
    ["/%E2%82%AC%2F%E2%82%AC", "/€%2F€"],
  ];
  for (const [raw, decoded] of cases) assert.equal(decodePath(raw), decoded, raw);
  // Thousands of malformed escapes are just text.
  assert.equal(decodePath(`/${"%G".repeat(2_000)}`), `/${"%G".repeat(2_000)}`);
});
