/**
 * The documentation page: one self-contained HTML document (inline CSS and JS, nothing fetched from
 * anywhere but this server) built from the OpenAPI document. Every endpoint gets its parameters, a curl
 * example and a "try it" button that calls it from the page and shows status, headers and body.
 */
import type { Credentials } from "./types.js";

type Json = Record<string, any>;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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

function operationHtml(path: string, method: string, op: Json): string {
  const parameters = (op.parameters ?? []) as Json[];
  const rows = parameters.map((p) => `<tr><td><code>${escapeHtml(p.name)}</code>${p.required === true ? " *" : ""}</td><td>${p.in}</td>` +
    `<td>${escapeHtml(schemaText(p.schema))}</td><td>${escapeHtml(p.description)}</td>` +
    `<td><input data-param="${escapeHtml(p.name)}" data-in="${p.in}" value="${escapeHtml(p.example)}" aria-label="${escapeHtml(p.name)}"></td></tr>`).join("");
  const table = parameters.length === 0 ? "<p class=\"muted\">No parameters.</p>"
    : `<div class="scroll"><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th><th>Try with</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return `<article class="op" id="${op.operationId}" data-method="${method.toUpperCase()}" data-path="${escapeHtml(path)}" data-security="${op.security?.[0] === undefined ? "" : Object.keys(op.security[0])[0]}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(op.summary)}</strong>: ${escapeHtml(op.description)}</p>
${table}
<pre class="curl"></pre>
<button type="button" class="try">Try it</button>
<div class="result" hidden><p class="status"></p><pre class="headers"></pre><pre class="body"></pre></div>
</article>`;
}

/**
 * The page. `credentials` are shown (and used by "try it") only when given: the server passes them
 * only while it is bound to a loopback address.
 */
export function renderDocsPage(openapi: Json, credentials: Credentials | undefined): string {
  const sections = (openapi.tags as { name: string }[]).map(({ name }) => {
    const ops: string[] = [];
    for (const [path, item] of Object.entries(openapi.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) if ((op.tags as string[]).includes(name)) ops.push(operationHtml(path, method, op));
    }
    return `<section><h2>${escapeHtml(name)}</h2>${ops.join("\n")}</section>`;
  }).join("\n");
  const credentialRows = credentials === undefined
    ? "<p class=\"muted\">Credentials are shown only when the playground listens on a loopback address. Enter them in the Authorization field of each request.</p>"
    : `<div class="scroll"><table><tbody>
<tr><td>Basic</td><td>username <code>${escapeHtml(credentials.basic.username)}</code>, password <code>${escapeHtml(credentials.basic.password)}</code></td></tr>
<tr><td>Bearer token</td><td><code>${escapeHtml(credentials.bearer)}</code></td></tr>
<tr><td>API key</td><td><code>${escapeHtml(credentials.apiKey)}</code></td></tr>
<tr><td>Session login</td><td>username <code>${escapeHtml(credentials.session.username)}</code>, password <code>${escapeHtml(credentials.session.password)}</code></td></tr>
</tbody></table></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>api-playground</title>
<style>
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --bg: #ffffff; --card: #f5f7fa; --line: #d9dee7; --accent: #2457c5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #14171c; --card: #1c2027; --line: #2d333d; --accent: #7aa2ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 980px; margin: 0 auto; padding: 16px; }
h1 { margin: 8px 0 4px; font-size: 1.6rem; } h2 { margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 8px; font-size: 1.05rem; overflow-wrap: anywhere; }
code, pre, input { font: 0.9rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
.op { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 12px 0; }
.method { display: inline-block; min-width: 3.5em; text-align: center; border-radius: 4px; padding: 0 6px; color: #fff; background: #2e7d32; font-size: 0.85rem; }
.method.post { background: #b25e00; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
input { width: 100%; min-width: 9em; padding: 4px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; }
button { font: inherit; padding: 6px 14px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
.status { font-weight: 600; margin: 8px 0 4px; }
@media (max-width: 600px) { main { padding: 8px; } body { font-size: 15px; } .op th:nth-child(2), .op td:nth-child(2) { display: none; } }
</style>
</head>
<body>
<main>
<h1>api-playground</h1>
<p>A local mock REST API for learning to build data connectors. Every error is <code>{"error": "..."}</code> with a 4xx status.
The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>This run's credentials</h2>
${credentialRows}
<p><label>Authorization header to send (overrides the credentials above): <input id="authorization" placeholder="e.g. Bearer ..."></label></p>
${sections}
</main>
<script type="application/json" id="playground-data">${embedJson({ credentials: credentials ?? null })}</script>
<script>
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("playground-data").textContent);
  const creds = data.credentials;
  let sessionToken = null;

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
      default: return null;
    }
  }

  function loginBody() {
    return JSON.stringify(creds ? { username: creds.session.username, password: creds.session.password } : { username: "", password: "" });
  }

  function curl(op) {
    const parts = ["curl"];
    if (op.dataset.method !== "GET") parts.push("-X " + op.dataset.method);
    parts.push("'" + location.origin + target(op) + "'");
    const auth = op.dataset.security === "sessionToken" ? "Token <token from the login endpoint>" : authorization(op);
    if (auth) parts.push("-H 'Authorization: " + auth + "'");
    if (op.dataset.method === "POST") parts.push("-H 'Content-Type: application/json' -d '" + loginBody() + "'");
    return parts.join(" ");
  }

  async function call(op) {
    const headers = {};
    if (op.dataset.security === "sessionToken" && !sessionToken && creds && document.getElementById("authorization").value.trim() === "") {
      const login = await fetch("/auth/session_token/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: loginBody() });
      if (login.ok) sessionToken = (await login.json()).token;
    }
    const auth = authorization(op);
    if (auth) headers.Authorization = auth;
    const init = { method: op.dataset.method, headers };
    if (op.dataset.method === "POST") { headers["Content-Type"] = "application/json"; init.body = loginBody(); }
    const response = await fetch(target(op), init);
    const text = await response.text();
    if (op.dataset.path === "/auth/session_token/login" && response.ok) sessionToken = JSON.parse(text).token;
    let body = text;
    try { body = JSON.stringify(JSON.parse(text), null, 2); } catch (error) { /* not JSON: shown as is */ }
    const result = op.querySelector(".result");
    result.hidden = false;
    result.querySelector(".status").textContent = "HTTP " + response.status + " " + response.statusText;
    result.querySelector(".headers").textContent = [...response.headers].map(([name, value]) => name + ": " + value).join("\\n");
    result.querySelector(".body").textContent = body.length > 20000 ? body.slice(0, 20000) + "\\n… (" + body.length + " characters in all)" : body;
    result.dataset.done = String(response.status);
  }

  for (const op of document.querySelectorAll(".op")) {
    const update = () => { op.querySelector(".curl").textContent = curl(op); };
    update();
    op.addEventListener("input", update);
    document.getElementById("authorization").addEventListener("input", update);
    op.querySelector(".try").addEventListener("click", () => {
      call(op).catch((error) => {
        const result = op.querySelector(".result");
        result.hidden = false;
        result.querySelector(".status").textContent = "Request failed: " + error.message;
      });
    });
  }

  // #try=<operationId> opens the page with that endpoint tried, e.g. /docs#try=get_pagination_offset.
  const wanted = /^#try=([\\w]+)$/.exec(location.hash);
  if (wanted) {
    const op = document.getElementById(wanted[1]);
    if (op) op.querySelector(".try").click();
  }
})();
</script>
</body>
</html>
`;
}
