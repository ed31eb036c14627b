/**
 * The answers the OpenAPI document shows as examples: real answers of a playground pinned to a seed, an
 * epoch, a fixed clock, five records and made-up credentials, to one request per documented operation.
 *
 *   npm run openapi:examples          rewrite src/describe/openapi-examples.data.ts
 *
 * test/describe/openapi-examples.test.ts asks the same questions again and requires the same answers, so the file
 * cannot drift from what the server says.
 */
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { createServer, type PlaygroundOptions } from "../src/server.js";
import { EXAMPLE_ORIGIN, type ResponseExample } from "../src/describe/openapi-examples.data.js";

/** The pinned run: every example comes from it. */
export const EXAMPLE_OPTIONS = {
  seed: 1,
  epoch: "2026-01-01T00:00:00Z",
  records: 5,
  rateLimit: { capacity: 60, refillPerSecond: 1 },
  exportJobSeconds: 6,
  log: false,
  credentials: {
    basic: { username: "example-user", password: "example-password" },
    bearer: "example-bearer-token",
    apiKey: "example-api-key",
    session: { username: "example-user", password: "example-password" },
    oauth2: { clientId: "example-client-id", clientSecret: "example-client-secret" },
  },
} satisfies PlaygroundOptions;

/** Answer headers an example leaves out: HTTP's own, and the Date that changes by the second. */
const TRANSPORT_HEADERS = new Set(["content-type", "content-length", "date", "connection", "keep-alive", "transfer-encoding"]);

/** A record after schema drift, whose phone the Record schema shows. */
export const DRIFTED_RECORD = "GET /incremental/step after schema drift";

/** A 429 answer of the rate limit, whose headers the 429 and 503 answers show. */
export const RATE_LIMITED = "GET /pagination/cursor answered 429";

/** The docs page's headers (its body is the page, no example). */
export const PAGE_HEADERS = "GET /docs headers";

interface Asked {
  readonly status: number;
  readonly type: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

function ask(origin: URL, method: string, target: string, headers: Record<string, string> = {}, body?: string, firstEventOnly = false): Promise<Asked> {
  return new Promise((resolve, reject) => {
    const req = request({ host: origin.hostname, port: origin.port, method, path: target, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        // An event stream never ends: the example is its first event.
        const first = firstEventOnly ? /(?:^|\n)((?:id: \d+\n)?event: request\n[^]*?\n\n)/.exec(text) : null;
        if (first !== null) {
          text = first[1]!;
          req.destroy();
          finish();
        }
      });
      const finish = (): void => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (!TRANSPORT_HEADERS.has(name) && typeof value === "string") kept[name] = value;
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? "").split(";")[0]!, headers: kept, text });
      };
      res.on("end", finish);
    });
    req.on("error", (error) => { if (!firstEventOnly) reject(error); });
    req.end(body);
  });
}

/** Asks the pinned run one question per documented operation; the answers by `METHOD /path`. */
export async function collectResponseExamples(): Promise<Record<string, ResponseExample>> {
  let now = Date.parse(EXAMPLE_OPTIONS.epoch);
  const playground = createServer({ ...EXAMPLE_OPTIONS, now: () => now });
  const url = await playground.listen(0, "127.0.0.1");
  const examples: Record<string, ResponseExample> = {};
  const json = { "Content-Type": "application/json" };
  const { basic, bearer, apiKey, session, oauth2 } = EXAMPLE_OPTIONS.credentials;
  const keep = async (operation: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<Asked> => {
    const method = operation.split(" ")[0]!;
    // Asked as if on the default port, so every URL (and the ETag over them) is the one shown.
    const asked = await ask(url, method, target, { Host: new URL(EXAMPLE_ORIGIN).host, ...headers }, body, operation.endsWith("/stream"));
    examples[operation] = {
      request: target,
      status: asked.status,
      type: asked.type,
      headers: asked.headers,
      // The run listens on a free port; it says what a run on the default port would.
      body: operation === PAGE_HEADERS ? null : asked.type === "application/json" ? JSON.parse(asked.text.split(url.origin).join(EXAMPLE_ORIGIN)) : asked.text,
    };
    return asked;
  };
  try {
    await keep("GET /pagination/next_page_url", "/pagination/next_page_url?per_page=2");
    await keep("GET /pagination/page_number", "/pagination/page_number?per_page=2");
    await keep("GET /pagination/offset", "/pagination/offset?limit=2");
    await keep("GET /pagination/keyset", "/pagination/keyset");
    await keep("GET /pagination/link_header", "/pagination/link_header?per_page=2");
    await keep("GET /pagination/cursor", "/pagination/cursor?limit=2");
    await keep("GET /export/csv", "/export/csv");
    const created = await keep("POST /export/jobs", "/export/jobs", json, JSON.stringify({ format: "csv" }));
    const jobId = (JSON.parse(created.text) as { job_id: string }).job_id;
    now += 10_000;
    await keep("GET /export/jobs/{job_id}", `/export/jobs/${jobId}`);
    await keep("GET /export/jobs/{job_id}/file", `/export/jobs/${jobId}/file`);
    await keep("GET /incremental/timestamp", "/incremental/timestamp?since=2025-06-01T00:00:00Z");
    await keep("GET /incremental/step", "/incremental/step?start_id=1&end_id=2");
    await keep("GET /auth/http_basic", "/auth/http_basic", { Authorization: `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString("base64")}` });
    await keep("GET /auth/http_bearer", "/auth/http_bearer", { Authorization: `Bearer ${bearer}` });
    await keep("GET /auth/api_key", "/auth/api_key", { Authorization: `apiKey ${apiKey}` });
    const login = await keep("POST /auth/session_token/login", "/auth/session_token/login", json, JSON.stringify(session));
    await keep("GET /auth/session_token/data", "/auth/session_token/data", { Authorization: `Token ${(JSON.parse(login.text) as { token: string }).token}` });
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const granted = await keep("POST /oauth/token", "/oauth/token", form,
      new URLSearchParams({ grant_type: "client_credentials", client_id: oauth2.clientId, client_secret: oauth2.clientSecret }).toString());
    await keep("GET /auth/oauth2/data", "/auth/oauth2/data", { Authorization: `Bearer ${(JSON.parse(granted.text) as { access_token: string }).access_token}` });
    const redirect = `${EXAMPLE_ORIGIN}/oauth/callback`;
    const authorized = await keep("GET /oauth/authorize", `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: oauth2.clientId, redirect_uri: redirect, state: "xyz" })}`);
    await keep("GET /oauth/callback", new URL(authorized.headers.location!).pathname + new URL(authorized.headers.location!).search);
    // The challenges: each guarded route asked without credentials.
    for (const path of ["/auth/http_basic", "/auth/http_bearer", "/auth/api_key", "/auth/session_token/data", "/auth/oauth2/data"]) {
      await keep(`GET ${path} answered 401`, path);
    }
    await keep(PAGE_HEADERS, "/docs");
    await keep("GET /cursors/companies", "/cursors/companies");
    await keep("GET /cursors/{company_id}/departments", "/cursors/1/departments");

    // The control plane, on the same run.
    await keep("GET /__playground/health", "/__playground/health");
    await keep("GET /__playground/config", "/__playground/config");
    await keep("GET /__playground/requests", "/__playground/requests?since=0&limit=1");
    await keep("GET /__playground/requests/stream", "/__playground/requests/stream?since=0");
    await keep("GET /__playground/requests/{seq}", "/__playground/requests/1");
    await keep("GET /__playground/summary", "/__playground/summary");
    await keep("GET /__playground/clock", "/__playground/clock");
    await keep("POST /__playground/clock", "/__playground/clock", json, JSON.stringify({ advance: 60 }));
    await keep("POST /__playground/churn", "/__playground/churn", json, JSON.stringify({ ticks: 2, mix: "update:1,delete:1" }));
    await keep("GET /incremental/deleted", "/incremental/deleted");
    await keep("POST /__playground/verify", "/__playground/verify", json, JSON.stringify([{ id: "x", updatedAt: "2026-01-01T00:00:00Z" }]));
    await keep("GET /__playground/faults", "/__playground/faults");
    await keep("PUT /__playground/faults", "/__playground/faults", json, JSON.stringify({ errorRate: 0.1, faultPaths: ["/pagination/**"] }));
    await keep("POST /__playground/faults/script", "/__playground/faults/script", json, JSON.stringify([{ path: "/pagination/*", status: 429, retryAfter: 2 }]));
    await keep("GET /__playground/faults/script", "/__playground/faults/script");
    await keep("DELETE /__playground/faults/script", "/__playground/faults/script");
    await keep("GET /__playground/rate-limit", "/__playground/rate-limit");
    await ask(url, "PUT", "/__playground/rate-limit", json, JSON.stringify({ capacity: 1, refillPerSecond: 0.5 }));
    await ask(url, "GET", "/pagination/cursor?limit=2");
    await keep(RATE_LIMITED, "/pagination/cursor?limit=2");
    await keep("PUT /__playground/rate-limit", "/__playground/rate-limit", json, JSON.stringify({ capacity: 20, refillPerSecond: 10 }));
    await keep("POST /__playground/tokens/revoke", "/__playground/tokens/revoke");
    await keep("POST /__playground/schema-drift", "/__playground/schema-drift");
    await keep(DRIFTED_RECORD, "/incremental/step?start_id=1&end_id=1");
    await keep("DELETE /__playground/requests", "/__playground/requests");
    await keep("POST /__playground/reset", "/__playground/reset");
  } finally {
    await playground.close();
  }
  return examples;
}

/** The generated module's text. */
export function examplesModule(examples: Record<string, ResponseExample>): string {
  return `${[
    "// @generated",
    "/**",
    " * Generated by `npm run openapi:examples` (scripts/openapi-examples.ts): real answers of the pinned run described there, one per",
    " * documented operation, which the OpenAPI document shows as examples. Do not edit: a test asks again and",
    " * requires these exact answers.",
    " */",
    "",
    "/** One real answer: the request asked, its status, content type, the headers a client reads, and its body (parsed when JSON). */",
    "export interface ResponseExample {",
    "  readonly request: string;",
    "  readonly status: number;",
    "  readonly type: string;",
    "  readonly headers: Readonly<Record<string, string>>;",
    "  readonly body: unknown;",
    "}",
    "",
    "/** The origin the examples name; the document puts the one the request came in on in its place. */",
    `export const EXAMPLE_ORIGIN = ${JSON.stringify(EXAMPLE_ORIGIN)};`,
    "",
    "export const RESPONSE_EXAMPLES: Readonly<Record<string, ResponseExample>> = {",
    // One answer a line: a changed answer is a changed line.
    ...Object.entries(examples).map(([operation, example]) => `  ${JSON.stringify(operation)}: ${JSON.stringify(example)},`),
    "};",
  ].join("\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const examples = await collectResponseExamples();
  writeFileSync(new URL("../src/describe/openapi-examples.data.ts", import.meta.url), examplesModule(examples));
  console.log(`${Object.keys(examples).length} examples written to src/describe/openapi-examples.data.ts`);
}
