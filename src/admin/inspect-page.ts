/**
 * `GET /__playground/inspect`: the live inspector. One self-contained page (inline CSS and JS, nothing
 * from elsewhere) that reads the journal's event stream and shows each request as it arrives, newest on
 * top, with a per-endpoint sync summary above. The page itself holds no data: everything comes from the
 * control API, with the admin token when one is set (asked for on the page, kept for the tab only).
 */
import { PACKAGE_NAME } from "../package-info.js";
import { pageHeaders } from "../describe/page-headers.js";
import type { PlainResponse } from "../types.js";

const STYLE = `:root { color-scheme: light dark; --fg: #1d2330; --muted: #525b6b; --bg: #ffffff; --card: #f5f7fa; --line: #c9d0db; --accent: #2457c5; --on-accent: #ffffff; --ok: #2e7d32; --warn: #a35400; --bad: #b3261e; --sel: #e3ebfb; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #a4adbb; --bg: #14171c; --card: #1c2027; --line: #3a414c; --accent: #7aa2ff; --on-accent: #0b1020; --ok: #81c784; --warn: #ffb74d; --bad: #ff8a80; --sel: #26324a; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 12px; }
h1 { margin: 4px 0; font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: 16px 0 6px; }
a { color: var(--accent); }
code, pre, input, select, td.mono { font: 0.85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.bar label { display: flex; gap: 6px; align-items: center; }
input, select { padding: 5px; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: 5px 12px; border: 0; border-radius: 6px; background: var(--accent); color: var(--on-accent); cursor: pointer; }
button.danger { background: transparent; color: var(--bad); border: 1px solid var(--bad); }
button:focus-visible, input:focus-visible, select:focus-visible, tr:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
#connection { font-weight: 600; } #connection.live { color: var(--ok); } #connection.down { color: var(--bad); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; }
td.path { white-space: normal; overflow-wrap: anywhere; min-width: 12em; }
td.endpoint { white-space: nowrap; }
td.flags { white-space: normal; min-width: 14em; }
#requests tbody tr { cursor: pointer; } #requests tbody tr.selected { background: var(--sel); }
.s2 { color: var(--ok); } .s4 { color: var(--warn); } .s5, .s0 { color: var(--bad); }
.flag { display: inline-block; margin: 1px 4px 1px 0; padding: 0 6px; border-radius: 4px; border: 1px solid var(--bad); color: var(--bad); font-size: 0.8rem; white-space: nowrap; }
.note { display: inline-block; margin-right: 4px; padding: 0 6px; border-radius: 4px; background: var(--card); border: 1px solid var(--line); font-size: 0.8rem; }
#detail { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; margin: 10px 0; }
#detail[hidden] { display: none; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; overflow: auto; margin: 4px 0; }
.muted { color: var(--muted); }
#token-form[hidden] { display: none; }
.narrow-only { display: none; }
td.notes { white-space: normal; }
.narrow-meta { color: var(--muted); font-size: 0.8rem; }
@media (max-width: 700px) {
  main { padding: 6px 10px 6px 6px; } body { font-size: 14px; }
  .hide-narrow { display: none; }
  .narrow-only { display: block; }
  th, td { padding: 4px; }
  td.endpoint { white-space: normal; overflow-wrap: anywhere; }
  td.path { min-width: 8em; }
  td.notes { min-width: 8.5em; }
  .flag, .note { white-space: normal; overflow-wrap: break-word; max-width: 100%; }
}
`;

const SCRIPT = `(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const rows = $("request-rows");
  const summaryRows = $("summary-rows");
  const entries = new Map();
  let token = sessionStorage.getItem("playground-admin-token") || "";
  let lastSeq = 0;
  let selected = 0;
  let summaryTimer = 0;

  const headers = () => (token === "" ? {} : { "X-Playground-Admin-Token": token });
  const api = (path, init = {}) => fetch(path, { ...init, headers: { ...headers(), ...(init.headers || {}) } });
  const text = (value) => document.createTextNode(value == null ? "" : String(value));
  const cell = (value, className) => {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.append(value instanceof Node ? value : text(value));
    return td;
  };
  const badge = (label, className) => {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = label;
    return span;
  };
  const statusClass = (status) => (status == null ? "s0" : "s" + String(status)[0]);

  function setConnection(state, message) {
    const el = $("connection");
    el.className = state;
    el.textContent = message;
  }

  // An answer that did not all leave: how much of it did.
  const cutText = (entry) => "cut: " + entry.responseBytes + (entry.responseBytesPromised == null ? "" : " of " + entry.responseBytesPromised) + " bytes sent";
  const statusText = (entry) => (entry.status == null ? "dropped" : entry.complete === false ? entry.status + " cut" : String(entry.status));

  function annotations(entry) {
    const span = document.createElement("span");
    if (entry.fault) {
      const f = entry.fault;
      const what = f.kind === "error" ? String(f.status) : f.kind === "latency" ? "latency " + f.latencyMs + " ms" : f.kind === "slow" ? "slow body" : f.kind;
      span.append(badge((f.scripted ? "scripted " : "simulated ") + what + (f.kind !== "latency" && f.latencyMs > 0 ? " +" + f.latencyMs + " ms" : ""), "flag"));
    }
    if (entry.status != null && entry.complete === false) span.append(badge(cutText(entry), "flag"));
    if (entry.status === 429 && !entry.fault) span.append(badge("rate limited, retry after " + entry.retryAfter + " s", "flag"));
    if (entry.note) span.append(badge(entry.note.replace("-", " "), "flag"));
    if (entry.rateLimitRemaining != null) span.append(badge(entry.rateLimitRemaining + " tokens left", "note"));
    if (entry.records) span.append(badge(entry.records.count + " records", "note"));
    return span;
  }

  function matches(entry) {
    const path = $("filter-path").value.trim();
    const status = $("filter-status").value;
    if (path !== "" && !entry.path.includes(path)) return false;
    if (status === "") return true;
    if (status === "fault") return entry.fault != null;
    if (status === "429") return entry.status === 429;
    if (status === "none") return entry.status == null;
    return entry.status != null && String(entry.status)[0] === status[0];
  }

  function queryText(query) {
    const parts = Object.keys(query).map((name) => name + "=" + query[name]);
    return parts.length === 0 ? "" : "?" + parts.join("&");
  }

  function row(entry) {
    const tr = document.createElement("tr");
    tr.dataset.seq = String(entry.seq);
    tr.tabIndex = 0;
    // On a phone, time and duration go under the path (their own columns are hidden there).
    const path = document.createElement("span");
    const meta = document.createElement("div");
    meta.className = "narrow-only narrow-meta";
    meta.textContent = entry.time.slice(11, 23) + " · " + entry.durationMs + " ms";
    path.append(text(entry.path + queryText(entry.query)), meta);
    tr.append(cell(entry.time.slice(11, 23), "mono hide-narrow"), cell(entry.method), cell(path, "path mono"),
      cell(statusText(entry), entry.complete === false ? "s0" : statusClass(entry.status)), cell(entry.durationMs + " ms", "num hide-narrow"),
      cell(annotations(entry), "notes"));
    tr.hidden = !matches(entry);
    if (entry.seq === selected) tr.classList.add("selected");
    return tr;
  }

  function add(entry) {
    if (entries.has(entry.seq)) return;
    entries.set(entry.seq, entry);
    lastSeq = Math.max(lastSeq, entry.seq);
    rows.prepend(row(entry));
    while (rows.children.length > 2000) {
      const last = rows.lastElementChild;
      entries.delete(Number(last.dataset.seq));
      last.remove();
    }
    showCount();
    scheduleSummary();
  }

  /** "16", or "3 of 16" while a filter hides some. */
  function showCount() {
    let shown = 0;
    for (const tr of rows.children) if (!tr.hidden) shown++;
    $("count").textContent = shown === entries.size ? String(entries.size) : shown + " of " + entries.size;
  }

  function clearList() {
    entries.clear();
    rows.replaceChildren();
    showCount();
    $("detail").hidden = true;
    scheduleSummary();
  }

  function refilter() {
    for (const tr of rows.children) tr.hidden = !matches(entries.get(Number(tr.dataset.seq)));
    showCount();
  }

  function flags(s) {
    const out = [];
    if (s.earlyRetries > 0) out.push("retried sooner than Retry-After ×" + s.earlyRetries);
    if (s.repeatedPages > 0) out.push("same page twice in a row ×" + s.repeatedPages);
    if (s.badTokens > 0) out.push("expired or revoked token ×" + s.badTokens);
    if (s.stoppedBeforeLastPage) out.push("stopped before the last page");
    return out;
  }

  async function refreshSummary() {
    summaryTimer = 0;
    const response = await api("/__playground/summary");
    if (!response.ok) return;
    const { endpoints } = await response.json();
    summaryRows.replaceChildren(...endpoints.map((s) => {
      const tr = document.createElement("tr");
      const flagList = (none) => {
        const span = document.createElement("span");
        for (const flag of flags(s)) span.append(badge(flag, "flag"));
        if (span.childNodes.length === 0) span.append(text(none));
        return span;
      };
      const endpoint = document.createElement("span");
      const narrowFlags = document.createElement("div");
      narrowFlags.className = "narrow-only";
      // On a phone the failure columns are hidden: their counts go under the endpoint, where they are seen.
      const failures = [["4xx", s.clientErrors], ["429", s.rateLimited], ["5xx", s.serverErrors + s.dropped], ["retries", s.retries]]
        .filter(([, n]) => n > 0).map(([label, n]) => label + " " + n);
      if (failures.length > 0) {
        const line = document.createElement("div");
        line.className = "narrow-meta";
        line.textContent = failures.join(" · ");
        narrowFlags.append(line);
      }
      narrowFlags.append(flagList(""));
      endpoint.append(text(s.endpoint), narrowFlags);
      tr.append(cell(endpoint, "endpoint mono"), cell(s.pages, "num"), cell(s.recordsServed, "num"), cell(s.recordsServedMoreThanOnce, "num"),
        cell(s.clientErrors, "num hide-narrow"), cell(s.rateLimited, "num hide-narrow"), cell(s.serverErrors + s.dropped, "num hide-narrow"),
        cell(s.retries, "num hide-narrow"), cell(flagList("none"), "flags hide-narrow"));
      return tr;
    }));
    $("summary-empty").hidden = endpoints.length > 0;
  }

  function scheduleSummary() {
    if (summaryTimer === 0) summaryTimer = setTimeout(() => void refreshSummary(), 250);
  }

  function headerText(object) {
    return Object.keys(object).map((name) => name + ": " + object[name]).join("\\n");
  }

  async function show(seq) {
    selected = seq;
    for (const tr of rows.children) tr.classList.toggle("selected", Number(tr.dataset.seq) === seq);
    const detail = $("detail");
    const response = await api("/__playground/requests/" + seq);
    detail.hidden = false;
    if (!response.ok) {
      $("detail-title").textContent = "Request " + seq + " is no longer in the journal";
      $("detail-request").textContent = "";
      $("detail-response").textContent = "";
      $("detail-body").textContent = "";
      return;
    }
    const entry = await response.json();
    $("detail-title").textContent = entry.method + " " + entry.path + queryText(entry.query) + " → " + statusText(entry) +
      (entry.status != null && entry.complete === false ? " (" + cutText(entry) + ")" : "");
    $("detail-request").textContent = headerText(entry.headers);
    $("detail-response").textContent = headerText(entry.responseHeaders);
    $("detail-body").textContent = entry.responsePreview + (entry.previewTruncated ? "\\n… (first 4 KiB of " + entry.responseBytes + " bytes)" : "");
  }

  rows.addEventListener("click", (event) => {
    const tr = event.target.closest("tr");
    if (tr) void show(Number(tr.dataset.seq));
  });
  rows.addEventListener("keydown", (event) => {
    const tr = event.target.closest("tr");
    if (tr && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      void show(Number(tr.dataset.seq));
    }
  });
  $("filter-path").addEventListener("input", refilter);
  $("filter-status").addEventListener("change", refilter);
  $("clear").addEventListener("click", () => void api("/__playground/requests", { method: "DELETE" }));
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token").value.trim();
    sessionStorage.setItem("playground-admin-token", token);
    $("token-form").hidden = true;
    void connect();
  });

  function handle(event, data, id) {
    if (event === "request") add(JSON.parse(data));
    else if (event === "cleared" || event === "reset") clearList();
    if (id !== "") lastSeq = Math.max(lastSeq, Number(id));
  }

  async function connect() {
    let response;
    try {
      response = await api("/__playground/requests/stream?since=" + lastSeq, { headers: { Accept: "text/event-stream" } });
    } catch {
      setConnection("down", "disconnected, retrying…");
      setTimeout(() => void connect(), 1000);
      return;
    }
    if (response.status === 403) {
      const { error } = await response.json();
      setConnection("down", error);
      // Say plainly that nothing can be shown, rather than "no requests yet".
      $("summary-empty").textContent = "This page cannot see the journal: " + error;
      $("summary-empty").hidden = false;
      if (/Admin-Token/.test(error)) $("token-form").hidden = false;
      return;
    }
    if (!response.ok || !response.body) {
      setConnection("down", "stream answered " + response.status + ", retrying…");
      setTimeout(() => void connect(), 1000);
      return;
    }
    setConnection("live", "live");
    scheduleSummary();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch {
        break;
      }
      if (chunk.done) break;
      buffer += chunk.value;
      let end;
      while ((end = buffer.indexOf("\\n\\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message", data = "", id = "";
        for (const line of block.split("\\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
          else if (line.startsWith("id: ")) id = line.slice(4);
        }
        if (data !== "") handle(event, data, id);
      }
    }
    setConnection("down", "disconnected, retrying…");
    setTimeout(() => void connect(), 1000);
  }

  void connect();
})();
`;

/** The page's own headers (see page-headers.ts), never stored. */
export const INSPECT_PAGE_HEADERS = pageHeaders(STYLE, SCRIPT, { "Cache-Control": "no-store" });

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inspector · ${PACKAGE_NAME}</title>
<link rel="icon" href="/favicon.ico">
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Inspector</h1>
<p class="muted">Every request to the API as it arrives, newest on top (secrets redacted). <a href="/docs">API docs</a> ·
<a href="/__playground/requests">journal as JSON</a> · <span id="connection" class="down">connecting…</span></p>
<form id="token-form" hidden><label>Admin token: <input id="token" type="password" autocomplete="off"></label> <button type="submit">Connect</button></form>
<h2 id="summary-title">Sync summary</h2>
<div class="scroll"><table id="summary" aria-labelledby="summary-title">
<thead><tr><th>Endpoint</th><th class="num">Pages</th><th class="num">Records</th><th class="num" title="Records served two or more times in the current sync run (a first page starts a new run)">Served 2×+</th><th class="num hide-narrow">4xx</th><th class="num hide-narrow">429</th><th class="num hide-narrow">5xx</th><th class="num hide-narrow">Retries</th><th class="hide-narrow">Flags</th></tr></thead>
<tbody id="summary-rows"></tbody></table></div>
<p id="summary-empty" class="muted">No API requests yet: point a client at this server.</p>
<h2 id="requests-title">Requests (<span id="count">0</span>)</h2>
<div class="bar">
<label>Path <input id="filter-path" placeholder="e.g. /pagination" size="16"></label>
<label>Status <select id="filter-status"><option value="">all</option><option value="2xx">2xx</option><option value="4xx">4xx</option><option value="429">429</option><option value="5xx">5xx</option><option value="none">dropped</option><option value="fault">simulated</option></select></label>
<button id="clear" type="button" class="danger">Clear journal</button>
</div>
<section id="detail" hidden aria-live="polite">
<h2 id="detail-title"></h2>
<h3>Request headers</h3><pre id="detail-request"></pre>
<h3>Response headers</h3><pre id="detail-response"></pre>
<h3>Response body (first 4 KiB)</h3><pre id="detail-body"></pre>
</section>
<div class="scroll"><table id="requests" aria-labelledby="requests-title">
<thead><tr><th class="hide-narrow">Time</th><th>Method</th><th>Path</th><th>Status</th><th class="num hide-narrow">Duration</th><th>Notes</th></tr></thead>
<tbody id="request-rows"></tbody></table></div>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;

export function inspectPage(): PlainResponse {
  return { status: 200, headers: INSPECT_PAGE_HEADERS, body: PAGE };
}
