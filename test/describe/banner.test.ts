import assert from "node:assert/strict";
import { test } from "node:test";
import { renderBanner } from "../../src/describe/banner.js";

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
    "Pagination Type                | Endpoint                                          ",
    "Next Page URL Pagination       | GET http://127.0.0.1:5001/pagination/next_page_url",
    "Page Number Pagination         | GET http://127.0.0.1:5001/pagination/page_number  ",
    "Offset Pagination              | GET http://127.0.0.1:5001/pagination/offset       ",
    "Keyset Pagination              | GET http://127.0.0.1:5001/pagination/keyset       ",
    "API Endpoint Type              | Endpoint                                          ",
    "Export with CSV                | GET http://127.0.0.1:5001/export/csv              ",
    "Incremental Sync Type          | Endpoint                                          ",
    "Timestamp Incremental Sync     | GET http://127.0.0.1:5001/incremental/timestamp   ",
    "Step-size Incremental Sync     | GET http://127.0.0.1:5001/incremental/step        ",
    "Deleted Records (tombstones)   | GET http://127.0.0.1:5001/incremental/deleted     ",
    "Bulk Export Job                | POST http://127.0.0.1:5001/export/jobs            ",
    "Authentication Endpoint Type   | Endpoint                                           | Credentials                                       ",
    "Http Basic Auth                | GET http://127.0.0.1:5001/auth/http_basic          | Username: 4779a@example.com Password: 673727a8    ",
    "HTTP Bearer                    | GET http://127.0.0.1:5001/auth/http_bearer         | Bearer Token: 69574aad-4d3f-4fb5-9903-caba56ad9de1",
    "Auth API Key                   | GET http://127.0.0.1:5001/auth/api_key             | API Key: 3e4cdf4d-f81c-4ee8-8218-3fd0cb22aeae     ",
    "Session Token Auth Login       | POST http://127.0.0.1:5001/auth/session_token/login | Username: e7ccb@example.com  Password: 3c89b9bb2a ",
    "Cursor Endpoint Type           | Endpoint                                          ",
    "Companies Cursor               | GET http://127.0.0.1:5001/cursors/companies       ",
    "Departments by Company Cursor  | GET http://127.0.0.1:5001/cursors/<company_id>/departments",
    "For your observability the API requests will be logged here!",
    "Keep this process up and running until you finish trying out the API.",
    "Press CTRL+C to quit",
    "/opt/connector-playground/README.md",
  ];
  for (const row of expectedRows) assert.ok(lines.includes(row), `missing row: ${row}`);
  assert.ok(lines.some((line) => line.startsWith("Session Token Auth Data        | GET http://127.0.0.1:5001/auth/session_token/data  | Use Token Received from Login endpoint")));
  assert.ok(lines.includes("OAuth2 Token                   | POST http://127.0.0.1:5001/oauth/token             | Client ID: playground-0123456789ab  Client Secret: 0123456789abcdef0123456789abcdef"));
  assert.ok(lines.includes("OAuth2 Authorize (code + PKCE) | GET http://127.0.0.1:5001/oauth/authorize          | Approves at once and redirects to redirect_uri    "));
  assert.ok(lines.includes("OAuth2 Data                    | GET http://127.0.0.1:5001/auth/oauth2/data         | Bearer access_token from /oauth/token (lives 3600 s)"));
  assert.equal(lines.some((line) => line.startsWith("Every data endpoint requires")), false);
  assert.ok(lines[1]!.startsWith("connector-playground 9.8.7 | Seed: 42 (replay this run's data and credentials with --seed 42) | Records: 200 | Rate limit: off"), lines[1]);
  assert.equal(lines.filter((line) => line === "-".repeat(140)).length, 16);
  assert.equal(lines.at(-1), "Press CTRL+C to quit");
});

test("an unpinned seed replays the data, not the credentials, and the banner says so", () => {
  const line = renderBanner({ ...info, seedPinned: false }).split("\n")[1]!;
  assert.ok(line.startsWith("connector-playground 9.8.7 | Seed: 42 (replay this run's data with --seed 42; the credentials are random unless --seed is given) | Records: 200"), line);
});

test("--access-token-ttl and --require-auth show in the banner", () => {
  const lines = renderBanner({ ...info, accessTokenTtlSeconds: 60, requireAuth: "oauth2" }).split("\n");
  assert.ok(lines.includes("OAuth2 Data                    | GET http://127.0.0.1:5001/auth/oauth2/data         | Bearer access_token from /oauth/token (lives 60 s)"));
  assert.ok(lines.includes("Every data endpoint requires oauth2 credentials (--require-auth oauth2), answering as its auth endpoint does"));
});

test("active simulations get a banner line of their own", () => {
  assert.ok(renderBanner({ ...info, simulations: "error rate 0.3 (500/502/503) on /**" }).split("\n").includes("Simulating: error rate 0.3 (500/502/503) on /**"));
  assert.equal(renderBanner({ ...info, simulations: "none" }).includes("Simulating"), false);
});

test("soft deletes and schema drift get a Data changes line; the defaults do not", () => {
  const changes = "soft deletes (deleted records stay listed with deletedAt); schema drift (phone) at 2026-01-01T00:10:00Z; export jobs take about 6 s";
  assert.ok(renderBanner({ ...info, dataChanges: changes }).split("\n").includes(`Data changes: ${changes}`));
  assert.equal(renderBanner({ ...info, dataChanges: "deletes remove records; no schema drift; export jobs take about 6 s" }).includes("Data changes"), false);
});
