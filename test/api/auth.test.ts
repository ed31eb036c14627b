/** The auth handlers and the cursor endpoints as pure functions: credentials checked, tokens issued, lists answered. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { httpBasic, sessionData, sessionLogin } from "../../src/api/auth.js";
import { listCompanies, listDepartments } from "../../src/api/cursors.js";
import { exportCsv } from "../../src/api/export.js";
import { encodeSessionToken } from "../../src/codecs/token.js";
import { companyToJson, departmentToJson } from "../../src/data/companies.js";
import { csvHeader } from "../../src/data/serialize.js";
import { PlaygroundError, MESSAGES } from "../../src/errors.js";
import { NOW, plain, run, text } from "./plain.js";

const state = run({ credentials: {
  basic: { username: "ann", password: "pw1" }, bearer: "b", apiKey: "k", session: { username: "sam", password: "pw2" },
} });
const twenty = (): unknown[] => Array.from({ length: 20 }, (_, i) => JSON.parse(state.records.json(i)));

test("Basic: the first 20 records for the right pair; a 401 with the challenge otherwise", () => {
  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  assert.deepEqual(JSON.parse(text(httpBasic(plain("/auth/http_basic", { headers: { authorization: basic("ann", "pw1") } }), state))), { data: twenty() });
  assert.throws(() => httpBasic(plain("/auth/http_basic", { headers: { authorization: basic("ann", "nope") } }), state),
    (error: unknown) => error instanceof PlaygroundError && error.status === 401 && error.headers["WWW-Authenticate"] === 'Basic realm="connector-playground"');
});

test("session: login issues a token expiring after the TTL, which the data endpoint takes", () => {
  const login = JSON.parse(text(sessionLogin(plain("/auth/session_token/login", { method: "POST", body: '{"username":"sam","password":"pw2"}' }), state)));
  assert.deepEqual(login, { token: encodeSessionToken("sam", "pw2", NOW / 1000 + 3600), expires_in: 3600 });
  assert.deepEqual(JSON.parse(text(sessionData(plain("/auth/session_token/data", { headers: { authorization: `Token ${login.token}` } }), state))), { data: twenty() });
  assert.throws(() => sessionLogin(plain("/auth/session_token/login", { method: "POST", body: "[]" }), state), new PlaygroundError(400, MESSAGES.loginBody));
  assert.throws(() => sessionLogin(plain("/auth/session_token/login", { method: "POST", body: '{"username":"sam"}' }), state), new PlaygroundError(400, MESSAGES.loginRequired));
});

test("cursors: companies and a company's departments, ordered, the unknown company a 404", () => {
  const companies = JSON.parse(text(listCompanies(plain("/cursors/companies?order_by=createdAt&order_type=desc"), state)));
  const expected = [...state.companies.companies].sort((a, b) => b.createdAt - a.createdAt).map((company) => JSON.parse(companyToJson(company)));
  assert.deepEqual(companies, { data: expected, total_items: 6 });
  const departments = JSON.parse(text(listDepartments(plain("/cursors/2/departments", { params: { company_id: "2" } }), state)));
  const own = [...(state.companies.departments.get(2) ?? [])].sort((a, b) => a.updatedAt - b.updatedAt).map((department) => JSON.parse(departmentToJson(department)));
  assert.deepEqual(departments, { data: own, total_items: own.length });
  assert.throws(() => listDepartments(plain("/cursors/9/departments", { params: { company_id: "9" } }), state), new PlaygroundError(404, MESSAGES.companyNotFound("9")));
  assert.throws(() => listDepartments(plain("/cursors/x/departments", { params: { company_id: "x" } }), state), new PlaygroundError(400, MESSAGES.companyIdInteger));
  assert.throws(() => listDepartments(plain("/cursors//departments"), state), new PlaygroundError(400, MESSAGES.companyIdInteger));
});

test("CSV export: the header row and every record's row, CRLF-terminated", () => {
  const answer = exportCsv(plain("/export/csv"), state);
  assert.deepEqual(answer.headers, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=data_export.csv" });
  assert.equal(text(answer), csvHeader(false, false) + Array.from({ length: 30 }, (_, i) => state.records.csvRow(i)).join(""));
});
