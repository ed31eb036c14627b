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
});

test("dispatch: a handler's bug is not turned into a refusal; it reaches the pipeline (which answers 500)", () => {
  const broken: Route = { method: "GET", path: "/broken", handler: () => { throw new TypeError("a bug"); }, query: [] };
  assert.throws(() => answer(plain("/broken"), run(), { kind: "route", route: broken, params: {} }), new TypeError("a bug"));
});
