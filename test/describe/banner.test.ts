import assert from "node:assert/strict";
import { test } from "node:test";
import { BANNER_WIDTH, renderBanner, renderShortBanner } from "../../src/describe/banner.js";

const info = {
  version: "9.8.7",
  origin: "http://127.0.0.1:5001",
  port: 5001,
  credentials: {
    basic: { username: "4779a@example.com", password: "673727a8" },
    bearer: "69574aad-4d3f-4fb5-9903-caba56ad9de1",
    apiKey: "3e4cdf4d-f81c-4ee8-8218-3fd0cb22aeae",
    session: { username: "e7ccb@example.com", password: "3c89b9bb2a" },
    oauth2: { clientId: "playground-0123456789ab", clientSecret: "0123456789abcdef0123456789abcdef" },
  },
  seed: 42,
  seedPinned: true,
  records: 200,
  rateLimit: "off",
  tokenTtlSeconds: 3600,
  docs: "/opt/connector-playground/README.md",
};

test("the banner reproduces the original's rows, with this run's credentials and seed", () => {
  const lines = renderBanner(info).split("\n");
  const expectedRows = [
    "Starting Local API on port 5001 ...",
    "Pagination Type                | Endpoint",
    "Next Page URL Pagination       | GET http://127.0.0.1:5001/pagination/next_page_url",
    "Page Number Pagination         | GET http://127.0.0.1:5001/pagination/page_number",
    "Offset Pagination              | GET http://127.0.0.1:5001/pagination/offset",
    "Keyset Pagination              | GET http://127.0.0.1:5001/pagination/keyset",
    "API Endpoint Type              | Endpoint",
    "Export with CSV                | GET http://127.0.0.1:5001/export/csv",
    "Incremental Sync Type          | Endpoint",
    "Timestamp Incremental Sync     | GET http://127.0.0.1:5001/incremental/timestamp",
    "Step-size Incremental Sync     | GET http://127.0.0.1:5001/incremental/step",
    "Deleted Records (tombstones)   | GET http://127.0.0.1:5001/incremental/deleted",
    "Bulk Export Job                | POST http://127.0.0.1:5001/export/jobs",
    "Authentication Endpoint Type   | Endpoint / Credentials",
    "Http Basic Auth                | GET http://127.0.0.1:5001/auth/http_basic",
    "                               |   Username: 4779a@example.com Password: 673727a8",
    "HTTP Bearer                    | GET http://127.0.0.1:5001/auth/http_bearer",
    "                               |   Bearer Token: 69574aad-4d3f-4fb5-9903-caba56ad9de1",
    "Auth API Key                   | GET http://127.0.0.1:5001/auth/api_key",
    "                               |   API Key: 3e4cdf4d-f81c-4ee8-8218-3fd0cb22aeae",
    "Session Token Auth Login       | POST http://127.0.0.1:5001/auth/session_token/login",
    "                               |   Username: e7ccb@example.com  Password: 3c89b9bb2a",
    "Cursor Endpoint Type           | Endpoint",
    "Companies Cursor               | GET http://127.0.0.1:5001/cursors/companies",
    "Departments by Company Cursor  | GET http://127.0.0.1:5001/cursors/<company_id>/departments",
    "For your observability the API requests will be logged here!",
    "Keep this process up and running until you finish trying out the API.",
    "Press CTRL+C to quit",
    "/opt/connector-playground/README.md",
  ];
  for (const row of expectedRows) assert.ok(lines.includes(row), `missing row: ${row}`);
  const after = (line: string): string | undefined => lines[lines.indexOf(line) + 1];
  assert.equal(after("Session Token Auth Data        | GET http://127.0.0.1:5001/auth/session_token/data"), "                               |   Use Token Received from Login endpoint");
  const token = lines.indexOf("OAuth2 Token                   | POST http://127.0.0.1:5001/oauth/token");
  assert.deepEqual(lines.slice(token + 1, token + 3), [
    "                               |   Client ID: playground-0123456789ab",
    "                               |   Client Secret: 0123456789abcdef0123456789abcdef",
  ]);
  assert.equal(after("OAuth2 Authorize (code + PKCE) | GET http://127.0.0.1:5001/oauth/authorize"), "                               |   Approves at once and redirects to redirect_uri");
  assert.equal(after("OAuth2 Data                    | GET http://127.0.0.1:5001/auth/oauth2/data"), "                               |   Bearer access_token from /oauth/token (lives 3600 s)");
  assert.equal(lines.some((line) => line.startsWith("Every data endpoint requires")), false);
  // It leads with the address and the docs, then the seed and the settings.
  assert.deepEqual(lines.slice(1, 4), [
    "connector-playground 9.8.7 | http://127.0.0.1:5001 | docs: /opt/connector-playground/README.md",
    "Seed: 42 (--seed 42 replays this run's data and credentials)",
    "Records: 200 | Rate limit: off | Session token lifetime: 3600 s",
  ]);
  assert.equal(lines.filter((line) => line === "-".repeat(100)).length, 16);
  assert.deepEqual(lines.filter((line) => line.length > BANNER_WIDTH), []);
  assert.equal(lines.at(-1), "Press CTRL+C to quit");
});

test("an unpinned seed replays the data, not the credentials, and the banner says so", () => {
  const line = renderBanner({ ...info, seedPinned: false }).split("\n")[2]!;
  assert.equal(line, "Seed: 42 (--seed 42 replays this run's data, not its random credentials)");
});

test("--access-token-ttl and --require-auth show in the banner", () => {
  const lines = renderBanner({ ...info, accessTokenTtlSeconds: 60, requireAuth: "oauth2" }).split("\n");
  assert.ok(lines.includes("                               |   Bearer access_token from /oauth/token (lives 60 s)"));
  const guard = lines.indexOf("Every data endpoint requires oauth2 credentials (--require-auth oauth2), answering as its auth");
  assert.equal(lines[guard + 1], "  endpoint does");
});

test("active simulations get a banner line of their own", () => {
  assert.ok(renderBanner({ ...info, simulations: "error rate 0.3 (500/502/503) on /**" }).split("\n").includes("Simulating: error rate 0.3 (500/502/503) on /**"));
  assert.equal(renderBanner({ ...info, simulations: "none" }).includes("Simulating"), false);
});

test("soft deletes and schema drift get a Data changes line; the defaults do not", () => {
  const changes = "soft deletes (deleted records stay listed with deletedAt); schema drift (phone) at 2026-01-01T00:10:00Z; export jobs take about 6 s";
  assert.deepEqual(renderBanner({ ...info, dataChanges: changes }).split("\n").slice(4, 6), [
    "Data changes: soft deletes (deleted records stay listed with deletedAt); schema drift (phone) at",
    "  2026-01-01T00:10:00Z; export jobs take about 6 s",
  ]);
  assert.equal(renderBanner({ ...info, dataChanges: "deletes remove records; no schema drift; export jobs take about 6 s" }).includes("Data changes"), false);
});

test("--banner short: the address, the five credentials and the links, every line within 100 columns", () => {
  const short = renderShortBanner({ ...info, inspector: "http://127.0.0.1:5001/__playground/inspect" }).split("\n");
  assert.deepEqual(short, [
    "Starting Local API on port 5001 ...",
    "connector-playground 9.8.7 | http://127.0.0.1:5001 | docs: /opt/connector-playground/README.md",
    "Seed: 42 (--seed 42 replays this run's data and credentials)",
    "Records: 200 | Rate limit: off | Session token lifetime: 3600 s",
    "-".repeat(100),
    "Credentials (every endpoint and how to call it: the docs page above)",
    "  HTTP Basic      4779a@example.com  673727a8",
    "  Bearer token    69574aad-4d3f-4fb5-9903-caba56ad9de1",
    "  API key         3e4cdf4d-f81c-4ee8-8218-3fd0cb22aeae",
    "  Session login   e7ccb@example.com  3c89b9bb2a",
    "  OAuth2 client   playground-0123456789ab  0123456789abcdef0123456789abcdef",
    "Watch every request live in the inspector: ",
    "http://127.0.0.1:5001/__playground/inspect",
    "-".repeat(100),
    "For your observability the API requests will be logged here!",
    "Keep this process up and running until you finish trying out the API.",
    "",
    "Press CTRL+C to quit",
  ]);
});

test("a long simulation line wraps inside 100 columns", () => {
  const simulations = "latency 100-500 ms, error rate 0.2 (500/502/503), drop rate 0.1, slow bodies 0.1 on /pagination/*, /incremental/**; churn every 5 s";
  const lines = renderBanner({ ...info, simulations }).split("\n");
  assert.deepEqual(lines.filter((line) => line.length > BANNER_WIDTH), []);
  assert.equal(lines[4], "Simulating: latency 100-500 ms, error rate 0.2 (500/502/503), drop rate 0.1, slow bodies 0.1 on");
  assert.equal(lines[5], "  /pagination/*, /incremental/**; churn every 5 s");
});

test("declared resources get a table of their own in the full banner (list, tombstones, CSV export) and a line in the short one", () => {
  const full = [{ name: "charges", path: "/v1/charges", auth: "api_key", tombstones: "/v1/charges/deleted" }];
  const rows = renderBanner({ ...info, declared: full }).split("\n");
  const at = rows.indexOf("charges                        | GET http://127.0.0.1:5001/v1/charges");
  assert.deepEqual(rows.slice(at, at + 4), [
    "charges                        | GET http://127.0.0.1:5001/v1/charges",
    "                               |   api_key (this run's credentials above)",
    "                               |   deleted: GET http://127.0.0.1:5001/v1/charges/deleted",
    "                               |   CSV: GET http://127.0.0.1:5001/export/csv/charges",
  ]);
  const declared = [{ name: "invoices", path: "/v1/invoices", auth: "bearer" }, { name: "issues", path: "/repos/a/b/issues", auth: "none" }];
  const lines = renderBanner({ ...info, declared }).split("\n");
  const head = lines.indexOf("Your resources (--resources)   | Endpoint / Auth");
  assert.deepEqual(lines.slice(head + 2, head + 6), [
    "invoices                       | GET http://127.0.0.1:5001/v1/invoices",
    "                               |   bearer (this run's credentials above)",
    "issues                         | GET http://127.0.0.1:5001/repos/a/b/issues",
    "                               |   open",
  ]);
  assert.deepEqual(lines.filter((line) => line.length > BANNER_WIDTH), []);
  assert.ok(renderShortBanner({ ...info, declared }).split("\n").includes("Your resources: /v1/invoices, /repos/a/b/issues"));
  assert.equal(renderBanner(info).includes("Your resources"), false);
});
