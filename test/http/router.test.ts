import assert from "node:assert/strict";
import { test } from "node:test";
import { allowHeader, normalizePath, ROUTES, Router } from "../../src/http/router.js";

const router = new Router(ROUTES);

test("static and parameterised paths match their routes; HEAD is served by GET", () => {
  const offset = router.match("GET", "/pagination/offset");
  assert.equal(offset.kind, "route");
  assert.equal(offset.kind === "route" && offset.route.path, "/pagination/offset");
  const head = router.match("HEAD", "/export/csv");
  assert.equal(head.kind === "route" && head.route.path, "/export/csv");
  const departments = router.match("GET", "/cursors/42/departments");
  assert.equal(departments.kind, "route");
  assert.deepEqual(departments.kind === "route" && { ...departments.params }, { company_id: "42" });
});

test("unknown paths are not found; known paths with another method list what is allowed", () => {
  for (const path of ["/nope", "/pagination", "/cursors//departments", "/cursors/1/departments/x", "/PAGINATION/offset"]) {
    assert.deepEqual(router.match("GET", path), { kind: "not-found" }, path);
  }
  assert.deepEqual(router.match("POST", "/pagination/offset"), { kind: "wrong-method", allow: "GET, HEAD, OPTIONS", documentation: false, control: false });
  assert.deepEqual(router.match("GET", "/auth/session_token/login"), { kind: "wrong-method", allow: "POST, OPTIONS", documentation: false, control: false });
  assert.deepEqual(router.match("DELETE", "/docs"), { kind: "wrong-method", allow: "GET, HEAD, OPTIONS", documentation: true, control: false });
  assert.equal(router.allowFor("/cursors/1/departments"), "GET, HEAD, OPTIONS");
  assert.equal(router.allowFor("/nope"), "");
  assert.equal(allowHeader([]), "OPTIONS");
});

test("normalizePath collapses repeated slashes, drops one trailing slash and decodes escapes per segment", () => {
  assert.equal(normalizePath("/export/csv/"), "/export/csv");
  assert.equal(normalizePath("/"), "/");
  assert.equal(normalizePath("/cursors/%31/departments"), "/cursors/1/departments");
  assert.equal(normalizePath("/cursors/%ZZ/departments"), "/cursors/%ZZ/departments");
  assert.equal(normalizePath("/a//"), "/a");
  assert.equal(normalizePath("//pagination///offset"), "/pagination/offset");
  assert.equal(normalizePath("//"), "/");
  assert.equal(normalizePath("/cursors//%31//departments/"), "/cursors/1/departments");
});
