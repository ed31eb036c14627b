/**
 * The documentation page: one self-contained HTML document (inline CSS and JS, nothing fetched from
 * anywhere but this server) built from the OpenAPI document and this run's settings. Every endpoint gets
 * its parameters (pre-filled with what a first request sends), a curl example and a "try it" button that
 * calls it from the page and shows status, headers and body.
 */
import { PACKAGE_NAME } from "../package-info.js";
import { pageHeaders } from "./page-headers.js";
import type { Credentials, RunSettings } from "../types.js";

type Json = Record<string, any>;

/** The OpenAPI tag of the control plane: listed on the page, without "try it" buttons. */
const CONTROL_TAG_NAME = "Control plane";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Escaped text with `code spans` rendered as code (the only Markdown the descriptions use).
 * @example inlineMarkdown("send `a<b`") // "send <code>a&#60;b</code>"
 */
export function inlineMarkdown(text: string): string {
  return text.split("`").map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join("");
}

/** JSON safe to embed inside a <script> element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function schemaText(schema: Json): string {
  const parts: string[] = [schema.enum === undefined ? String(schema.type) : (schema.enum as string[]).join(" | ")];
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${schema.minimum}–${schema.maximum}`);
  else if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.format === "date-time") parts.push("YYYY-MM-DDTHH:MM:SSZ");
  if (schema.default !== undefined) parts.push(`default ${String(schema.default)}`);
  return parts.join(", ");
}

/**
 * What a first request sends for a parameter: its default, the example where it is required (path
 * parameters, step ids), else nothing (an optional filter or cursor is left empty).
 */
export function firstRequestValue(parameter: Json): string {
  if (parameter.schema?.default !== undefined) return String(parameter.schema.default);
  if (parameter.required === true) return String(parameter.example);
  return "";
}

function parameterHtml(op: Json, p: Json): string {
  const id = `${op.operationId}-${p.name}`;
  return `<div class="param"><div class="pname"><label for="${escapeHtml(id)}"><code>${escapeHtml(p.name)}</code></label>${p.required === true ? " <span class=\"req\">required</span>" : ""}` +
    ` <span class="pin">${escapeHtml(p.in)}</span></div>` +
    `<div class="ptype">${escapeHtml(schemaText(p.schema))}</div><div class="pdesc">${inlineMarkdown(p.description)}</div>` +
    `<div class="pinput"><input id="${escapeHtml(id)}" data-param="${escapeHtml(p.name)}" data-in="${escapeHtml(p.in)}" value="${escapeHtml(firstRequestValue(p))}"` +
    ` placeholder="${escapeHtml(p.example === undefined ? "" : `e.g. ${String(p.example)}`)}"></div></div>`;
}

function operationHtml(path: string, method: string, op: Json): string {
  const parameters = (op.parameters ?? []) as Json[];
  const params = parameters.length === 0 ? "<p class=\"muted\">No parameters.</p>"
    : `<div class="params" role="group" aria-label="Parameters">${parameters.map((p) => parameterHtml(op, p)).join("")}</div>`;
  const security = (op.security as Json[] | undefined)?.[0];
  // A POST's body: the first media type the document gives, with its example (what Try it sends).
  const media = Object.entries((op.requestBody?.content ?? {}) as Json)[0] as [string, Json] | undefined;
  const body = media === undefined || media[1].example === undefined ? ""
    : ` data-body-type="${escapeHtml(media[0])}" data-body="${escapeHtml(JSON.stringify(media[1].example))}"`;
  return `<article class="op" id="${op.operationId}" data-method="${method.toUpperCase()}" data-path="${escapeHtml(path)}" data-security="${security === undefined ? "" : Object.keys(security)[0]}"${body}>
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(op.summary)}</strong>: ${inlineMarkdown(op.description)}</p>
${params}
<pre class="curl"></pre>
<button type="button" class="try">Try it</button>
<div class="result" hidden><p class="status" role="status"></p><pre class="headers"></pre><pre class="body"></pre></div>
</article>`;
}

/** This run's settings, as a learner needs them: the limit, the simulations, the seed, the token lifetime. */
function settingsHtml(settings: RunSettings, showSeed: boolean): string {
  const limit = settings.rateLimit === undefined
    ? "off (start with <code>--rate-limit</code> to practise back-off)"
    : `on: a bucket of ${settings.rateLimit.capacity} requests, refilled at ${settings.rateLimit.refillPerSecond} per second. Every API request ` +
      "takes one (this page, <code>/openapi.json</code> and the icon take none). Answers carry <code>X-RateLimit-Limit</code>, " +
      "<code>X-RateLimit-Remaining</code> and <code>X-RateLimit-Reset</code>; an empty bucket answers <code>429</code> with " +
      "<code>Retry-After</code>: the whole seconds to wait before retrying.";
  const simulations = settings.simulations === "none"
    ? "none (see <code>--error-rate</code>, <code>--latency</code>, <code>--drop-rate</code>, <code>--slow-body-rate</code>, <code>--churn</code>)"
    : `${escapeHtml(settings.simulations)}.${settings.simulatedErrors ? " Injected errors answer <code>500</code>, <code>502</code> or <code>503</code> (with <code>Retry-After</code>) as JSON; retry them." : ""}`;
  // Off loopback the seed is not shown: with --seed it would hand anyone this run's credentials.
  const rows: [string, string][] = [
    ...(showSeed ? [["Seed", `<code>${settings.seed}</code>: start with <code>--seed ${settings.seed}</code> to get the same records${settings.credentialsFromSeed ? ", credentials" : ""} and simulated failures again` +
      (settings.credentialsFromSeed ? "" : " (this run's credentials are random: they come from the seed only when <code>--seed</code> is given)")] as [string, string]] : []),
    ["Records", String(settings.records)],
    ["Rate limit", limit],
    ["Simulations", simulations],
    ["Session tokens", `valid for ${settings.tokenTtlSeconds} seconds (<code>--token-ttl</code>)`],
    ["OAuth2", `access tokens valid for ${settings.accessTokenTtlSeconds} seconds (<code>--access-token-ttl</code>); refresh tokens ` +
      (settings.refreshRotation ? "rotate: each works once (<code>--oauth-refresh-rotation false</code> keeps them reusable)" : "stay reusable (<code>--oauth-refresh-rotation false</code>)")],
    ["Data changes", `${escapeHtml(settings.dataChanges)} (<code>--soft-delete</code>, <code>--schema-drift</code>, <code>--export-job-seconds</code>; churn: <code>--churn</code>, <code>--churn-mix</code>)`],
    ["Auth on data endpoints", settings.requireAuth === undefined ? "none (<code>--require-auth basic|bearer|api_key|session|oauth2</code> guards every data endpoint)"
      : `every pagination, incremental, export and cursor endpoint requires <code>${settings.requireAuth}</code> credentials, answering as its auth endpoint does (Try it sends them)`],
  ];
  return `<dl class="settings">${rows.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join("")}</dl>`;
}

function credentialsHtml(credentials: Credentials | undefined): string {
  if (credentials === undefined) {
    return "<p class=\"muted\">Credentials are shown only when the playground listens on a loopback address. Enter them in the Authorization field below.</p>";
  }
  const rows: [string, string][] = [
    ["Basic", `username <code>${escapeHtml(credentials.basic.username)}</code>, password <code>${escapeHtml(credentials.basic.password)}</code>`],
    ["Bearer token", `<code>${escapeHtml(credentials.bearer)}</code>`],
    ["API key", `<code>${escapeHtml(credentials.apiKey)}</code>`],
    ["Session login", `username <code>${escapeHtml(credentials.session.username)}</code>, password <code>${escapeHtml(credentials.session.password)}</code>`],
    ["OAuth2 client", `client_id <code>${escapeHtml(credentials.oauth2.clientId)}</code>, client_secret <code>${escapeHtml(credentials.oauth2.clientSecret)}</code>`],
  ];
  return `<dl class="settings">${rows.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join("")}</dl>`;
}

const STYLE = `:root { color-scheme: light dark; --fg: #1d2330; --muted: #525b6b; --bg: #ffffff; --card: #f5f7fa; --line: #c9d0db; --accent: #2457c5; --on-accent: #ffffff; --link: #1f4fb5; --get: #2e7d32; --post: #a35400; --on-method: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a4adbb; --bg: #14171c; --card: #1c2027; --line: #3a414c; --accent: #7aa2ff; --on-accent: #0b1020; --link: #8fb0ff; --get: #81c784; --post: #ffb74d; --on-method: #0b1020; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1000px; margin: 0 auto; padding: 16px; }
a { color: var(--link); }
h1 { margin: 8px 0 4px; font-size: 1.6rem; } h2 { margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 8px; font-size: 1.05rem; overflow-wrap: anywhere; }
code, pre, input { font: 0.9rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
nav ul { margin: 4px 0; padding-left: 1.2em; } nav li { margin: 2px 0; } nav ul ul { columns: 2 16em; font-size: 0.9rem; }
.verb { display: inline-block; min-width: 3em; font-size: 0.8rem; color: var(--muted); }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.settings dt { font-weight: 600; } dl.settings dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.op { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 12px 0; scroll-margin-top: 8px; }
.method { display: inline-block; min-width: 3.5em; text-align: center; border-radius: 4px; padding: 0 6px; color: var(--on-method); background: var(--get); font-size: 0.85rem; }
.method.post { background: var(--post); }
.params { display: grid; grid-template-columns: minmax(9em, 1fr) minmax(9em, 1.1fr) 2fr minmax(10em, 1.2fr); margin: 8px 0; font-size: 0.9rem; }
.param { display: contents; }
.param > div { border-bottom: 1px solid var(--line); padding: 6px; min-width: 0; overflow-wrap: anywhere; }
.req { font-size: 0.8rem; color: var(--post); } .pin { font-size: 0.8rem; color: var(--muted); }
input { width: 100%; padding: 6px; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; }
button { font: inherit; padding: 8px 16px; border: 0; border-radius: 6px; background: var(--accent); color: var(--on-accent); cursor: pointer; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.status { font-weight: 600; margin: 8px 0 4px; }
@media (max-width: 700px) {
  main { padding: 8px; } body { font-size: 15px; }
  .params { display: block; }
  .param { display: grid; grid-template-columns: 1fr; border-bottom: 1px solid var(--line); padding: 6px 0; }
  .param > div { border: 0; padding: 2px 0; }
  dl.settings { grid-template-columns: 1fr; } dl.settings dd { margin-bottom: 6px; }
  nav ul ul { columns: 1; }
}
`;

const SCRIPT = `(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("playground-data").textContent);
  const creds = data.credentials;
  let sessionToken = null;
  let accessToken = null;

  function target(op) {
    let path = op.dataset.path;
    const query = [];
    for (const input of op.querySelectorAll("input[data-param]")) {
      if (input.dataset.in === "path") path = path.replace("{" + input.dataset.param + "}", encodeURIComponent(input.value));
      else if (input.value !== "") query.push(encodeURIComponent(input.dataset.param) + "=" + encodeURIComponent(input.value));
    }
    return path + (query.length ? "?" + query.join("&") : "");
  }

  function authorization(op) {
    const manual = document.getElementById("authorization").value.trim();
    if (manual !== "") return manual;
    if (!creds) return null;
    switch (op.dataset.security) {
      case "basicAuth": return "Basic " + btoa(creds.basic.username + ":" + creds.basic.password);
      case "bearerAuth": return "Bearer " + creds.bearer;
      case "apiKeyAuth": return "apiKey " + creds.apiKey;
      case "sessionToken": return sessionToken ? "Token " + sessionToken : null;
      case "oauth2": return accessToken ? "Bearer " + accessToken : null;
      default: return null;
    }
  }

  function loginBody() {
    return JSON.stringify(creds ? { username: creds.session.username, password: creds.session.password } : { username: "", password: "" });
  }

  // The token endpoint takes a form: the client credentials grant with this run's client.
  function tokenBody() {
    return new URLSearchParams({ grant_type: "client_credentials", client_id: creds ? creds.oauth2.clientId : "", client_secret: creds ? creds.oauth2.clientSecret : "" }).toString();
  }

  function postBody(op) {
    if (op.dataset.path === "/oauth/token") return { type: "application/x-www-form-urlencoded", body: tokenBody() };
    if (op.dataset.path === "/auth/session_token/login" || !op.dataset.body) return { type: "application/json", body: loginBody() };
    return { type: op.dataset.bodyType, body: op.dataset.body };
  }

  // Export jobs: a card that needs a job makes one first (and the file card waits until it is done).
  const JOB_ID = /^job_[0-9a-f]{12}$/;
  let lastJob = null;
  async function prepareJob(op, headers) {
    const input = op.querySelector('input[data-param="job_id"]');
    if (!input) return;
    if (!JOB_ID.test(input.value)) {
      if (!lastJob) {
        const created = await fetch("/export/jobs", { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: '{"format":"csv"}' });
        if (created.ok) lastJob = (await created.json()).job_id;
      }
      if (lastJob) input.value = lastJob;
    }
    if (!op.dataset.path.endsWith("/file")) return;
    for (let attempt = 0; attempt < 240; attempt++) {
      const polled = await fetch("/export/jobs/" + encodeURIComponent(input.value), { headers });
      if (!polled.ok) return;
      const job = await polled.json();
      if (job.status === "completed" || job.status === "failed") return;
      await new Promise((done) => setTimeout(done, 250));
    }
  }

  function manualAuthorization() {
    return document.getElementById("authorization").value.trim() !== "";
  }

  // One POSIX shell word, whatever it holds: a typed ' cannot end the quoting.
  function shellQuote(text) {
    return "'" + text.replace(/'/g, "'\\\\''") + "'";
  }

  function curl(op) {
    const parts = ["curl"];
    if (op.dataset.method !== "GET") parts.push("-X " + op.dataset.method);
    parts.push(shellQuote(location.origin + target(op)));
    const auth = op.dataset.security === "sessionToken" && !manualAuthorization() ? "Token <token from the login endpoint>"
      : op.dataset.security === "oauth2" && !manualAuthorization() ? "Bearer <access_token from POST /oauth/token>" : authorization(op);
    if (auth) parts.push("-H " + shellQuote("Authorization: " + auth));
    if (op.dataset.method === "POST") {
      const post = postBody(op);
      parts.push("-H " + shellQuote("Content-Type: " + post.type) + " -d " + shellQuote(post.body));
    }
    return parts.join(" ");
  }

  async function call(op) {
    const headers = {};
    if (op.dataset.security === "sessionToken" && !sessionToken && creds && !manualAuthorization()) {
      const login = await fetch("/auth/session_token/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: loginBody() });
      if (login.ok) sessionToken = (await login.json()).token;
    }
    if (op.dataset.security === "oauth2" && !accessToken && creds && !manualAuthorization()) {
      const issued = await fetch("/oauth/token", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: tokenBody() });
      if (issued.ok) accessToken = (await issued.json()).access_token;
    }
    const auth = authorization(op);
    if (auth) headers.Authorization = auth;
    await prepareJob(op, headers);
    const init = { method: op.dataset.method, headers };
    if (op.dataset.method === "POST") { const post = postBody(op); headers["Content-Type"] = post.type; init.body = post.body; }
    const response = await fetch(target(op), init);
    const type = response.headers.get("content-type") || "";
    let body;
    if (type.startsWith("image/")) {
      body = "(" + (await response.arrayBuffer()).byteLength + " bytes of " + type + ")";
    } else {
      const text = await response.text();
      if (op.dataset.path === "/auth/session_token/login" && response.ok) sessionToken = JSON.parse(text).token;
      if (op.dataset.path === "/oauth/token" && response.ok) accessToken = JSON.parse(text).access_token;
      if (op.dataset.path === "/export/jobs" && response.ok) lastJob = JSON.parse(text).job_id;
      body = text;
      try { body = JSON.stringify(JSON.parse(text), null, 2); } catch (error) { /* not JSON: shown as is */ }
    }
    const result = op.querySelector(".result");
    result.hidden = false;
    result.querySelector(".status").textContent = "HTTP " + response.status + " " + response.statusText;
    result.querySelector(".headers").textContent = [...response.headers].map(([name, value]) => name + ": " + value).join("\\n");
    result.querySelector(".body").textContent = body.length > 20000 ? body.slice(0, 20000) + "\\n… (" + body.length + " characters in all)" : body;
    result.dataset.done = String(response.status);
    return result;
  }

  function tryIt(op) {
    return call(op).catch((error) => {
      const result = op.querySelector(".result");
      result.hidden = false;
      result.querySelector(".status").textContent = "Request failed: " + error.message;
      result.dataset.done = "failed";
      return result;
    });
  }

  for (const op of document.querySelectorAll(".op")) {
    const update = () => { op.querySelector(".curl").textContent = curl(op); };
    update();
    op.addEventListener("input", update);
    document.getElementById("authorization").addEventListener("input", update);
    op.querySelector(".try").addEventListener("click", () => { void tryIt(op); });
  }

  // #try=<operationId> opens the page with that endpoint tried and its answer in view, e.g. /docs#try=get_pagination_offset.
  const wanted = /^#try=(\\w+)$/.exec(location.hash);
  const op = wanted && document.getElementById(wanted[1]);
  if (op) {
    op.scrollIntoView();
    void tryIt(op).then((result) => result.scrollIntoView({ block: "start" }));
  }
})();
`;

/** The page's own headers (see page-headers.ts). */
export const DOCS_PAGE_HEADERS = pageHeaders(STYLE, SCRIPT);

/**
 * The page. `credentials` are shown (and used by "try it") only when given: the server passes them
 * only while it is bound to a loopback address.
 */
export function renderDocsPage(openapi: Json, settings: RunSettings, credentials: Credentials | undefined): string {
  const tags = openapi.tags as { name: string; description?: string }[];
  const control = tags.find(({ name }) => name === CONTROL_TAG_NAME);
  const controlOps: { path: string; method: string; summary: string }[] = [];
  for (const [path, item] of Object.entries(openapi.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) if ((op.tags as string[]).includes(CONTROL_TAG_NAME)) controlOps.push({ path, method, summary: op.summary });
  }
  const controlHtml = control === undefined ? "" : `<section aria-labelledby="control"><h2 id="control">${escapeHtml(control.name)}</h2>
<p>Watch requests arrive in the <a href="/__playground/inspect">live inspector</a>. ${inlineMarkdown(control.description ?? "")}</p>
<ul class="control">${controlOps.map(({ path, method, summary }) => `<li><span class="verb">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>: ${escapeHtml(summary)}</li>`).join("")}</ul></section>`;
  const groups = tags.filter(({ name }) => name !== CONTROL_TAG_NAME).map(({ name, description }) => {
    const ops: Json[] = [];
    for (const [path, item] of Object.entries(openapi.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) if ((op.tags as string[]).includes(name)) ops.push({ path, method, op });
    }
    return { name, description, ops, anchor: `group-${name.toLowerCase().replace(/[^a-z]+/g, "-")}` };
  });
  const sections = groups.map(({ name, description, ops, anchor }) => `<section aria-labelledby="${anchor}"><h2 id="${anchor}">${escapeHtml(name)}</h2>` +
    `${description === undefined ? "" : `<p class="muted">${inlineMarkdown(description)}</p>`}` +
    `${ops.map(({ path, method, op }) => operationHtml(path, method, op)).join("\n")}</section>`).join("\n");
  const toc = `<nav aria-label="Contents"><h2 id="contents">Contents</h2><ul>
<li><a href="#run">This run</a></li>
<li><a href="#credentials">This run's credentials</a></li>
<li><a href="/__playground/inspect">Live inspector</a></li>
${groups.map(({ name, ops, anchor }) => `<li><a href="#${anchor}">${escapeHtml(name)}</a><ul>${ops.map(({ path, method, op }) =>
    `<li><a href="#${op.operationId}"><span class="verb">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></a></li>`).join("")}</ul></li>`).join("\n")}
${control === undefined ? "" : `<li><a href="#control">${escapeHtml(control.name)}</a></li>`}
</ul></nav>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${PACKAGE_NAME}</title>
<link rel="icon" href="/favicon.ico">
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${PACKAGE_NAME}</h1>
<p>A local mock REST API for learning to build data connectors. Every answer is JSON except the CSV export, this page and the icon.
Errors are <code>{"error": "..."}</code>: a 4xx for a bad request, <code>429</code> when rate-limited, and <code>500</code>, <code>502</code> or
<code>503</code> only while failure simulation is on; the OAuth2 endpoints answer errors as RFC 6749 prescribes,
<code>{"error": "&lt;code&gt;", "error_description": "..."}</code>. The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${toc}
<h2 id="run">This run</h2>
${settingsHtml(settings, credentials !== undefined)}
<h2 id="credentials">This run's credentials</h2>
${credentialsHtml(credentials)}
<p><label for="authorization">Authorization header to send (overrides the credentials above):</label><br><input id="authorization" placeholder="e.g. Bearer ..."></p>
${sections}
${controlHtml}
</main>
<script type="application/json" id="playground-data">${embedJson({ credentials: credentials ?? null })}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
