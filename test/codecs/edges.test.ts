/** Edge cases of the small parsers and of dispatch that the end-to-end suites do not reach. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAuthorization } from "../../src/codecs/authorization.js";
import { redirectTarget } from "../../src/codecs/redirect.js";
import { formatReport } from "../../src/control/verify-report.js";
import { answer } from "../../src/http/dispatch.js";
import type { Route } from "../../src/run/route.js";
import { plain, run } from "../api/plain.js";

test("Authorization: a tab separates like a space; a scheme alone has empty credentials", () => {
  assert.deepEqual(parseAuthorization("Bearer\tabc"), { scheme: "bearer", credentials: "abc" });
  assert.deepEqual(parseAuthorization("  Basic  "), { scheme: "basic", credentials: "" });
});

test("redirect URIs: none, and none over 2,048 characters", () => {
  assert.equal(redirectTarget(undefined), undefined);
  assert.equal(redirectTarget(`http://127.0.0.1/${"x".repeat(2048)}`), undefined);
  assert.equal(redirectTarget("http://127.0.0.1:9/cb")?.href, "http://127.0.0.1:9/cb");
});

test("the verify report names how many ids it did not list", () => {
  const finding = (count: number, ids: string[]) => ({ count, ids });
  const text = formatReport({ ok: false, expected: 3, received: 2, missing: finding(150, ["a", "b"]), duplicated: finding(0, []), stale: finding(0, []), deleted: finding(0, []), unknown: finding(0, []) });
  assert.match(text, /a, b, \.\.\. \(148 more\)/);
  // UUIDs: two to a line, ten listed, no line over 100 columns.
  const ids = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
  const many = formatReport({ ok: false, expected: 300, received: 200, missing: finding(120, ids), duplicated: finding(0, []), stale: finding(0, []), deleted: finding(0, []), unknown: finding(0, []) });
  const lines = many.split("\n");
  assert.deepEqual(lines.slice(1, 8), [
    "        120  missing: listed records your sync does not hold",
    "             00000000-0000-4000-8000-000000000000, 00000000-0000-4000-8000-000000000001,",
    "             00000000-0000-4000-8000-000000000002, 00000000-0000-4000-8000-000000000003,",
    "             00000000-0000-4000-8000-000000000004, 00000000-0000-4000-8000-000000000005,",
    "             00000000-0000-4000-8000-000000000006, 00000000-0000-4000-8000-000000000007,",
    "             00000000-0000-4000-8000-000000000008, 00000000-0000-4000-8000-000000000009,",
    "             ... (110 more)",
  ]);
  assert.deepEqual(lines.filter((line) => line.length > 100), []);
});

test("dispatch: a handler's bug is not turned into a refusal; it reaches the pipeline (which answers 500)", () => {
  const broken: Route = { method: "GET", path: "/broken", handler: () => { throw new TypeError("a bug"); }, query: [] };
  assert.throws(() => answer(plain("/broken"), run(), { kind: "route", route: broken, params: {} }), new TypeError("a bug"));
});
