/**
 * Throughput and latency of every read endpoint against bare node:http writing the same bytes, in the
 * same run, with rounds interleaved so both share the machine's noise. The playground runs as the real
 * CLI (request log on, written to a file). Uses wrk when installed, else scripts/load.ts. With `--peers DIR`
 * (or PLAYGROUND_PEERS), the peer mock servers installed there (scripts/bench-peers.ts) serve the same
 * 50-record page and are measured in the same rounds.
 * Usage: npm run bench [-- --records N --quick --rounds R --seconds S --connections C --peers DIR]
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createServer } from "../src/index.js";
import { hasWrk, machineState, median, runLoad, startChild, table, type LoadResult } from "./bench-lib.js";
import { startPeers } from "./bench-peers.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "200" },
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string", default: "16" },
    peers: { type: "string", default: process.env.PLAYGROUND_PEERS },
  },
});
const records = Number(values.records);
const rounds = Number(values.rounds ?? (values.quick ? 1 : 3));
const seconds = Number(values.seconds ?? (values.quick ? 2 : 4));
const connections = Number(values.connections);
const SEED = 1;
const useWrk = hasWrk();
const dir = mkdtempSync(join(tmpdir(), "playground-bench-"));

const playground = await startChild(["dist/cli.js", "start", "--port", "0", "--seed", String(SEED), "--records", String(records)], join(dir, "playground.log"),
  /Starting Local API on port (\d+)/);
const base = playground.url;
// Two more of the same CLI, serving only the journal comparison (so both start equally fresh): journal on
// (the default) and off; its cost is the difference on the hot path.
const journaled = await startChild(["dist/cli.js", "start", "--port", "0", "--seed", String(SEED), "--records", String(records)],
  join(dir, "playground-journal.log"), /Starting Local API on port (\d+)/);
const unjournaled = await startChild(["dist/cli.js", "start", "--port", "0", "--seed", String(SEED), "--records", String(records), "--journal", "0"],
  join(dir, "playground-no-journal.log"), /Starting Local API on port (\d+)/);
const credentials = createServer({ seed: SEED, records: 1 }).credentials;

/** Headers the bare server copies (so both answer with the same bytes); framing and dates are Node's own. */
const OWN_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

/** The exact bytes an answer carries (no client-side decompression: what the load tool will get too). */
function fetchBytes(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: init.method ?? "GET", headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !OWN_HEADERS.has(name)).map(([name, value]) => [name, String(value)]));
        resolve({ headers, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

// A timestamp in the middle of the data, and the second keyset page's cursor.
const all = JSON.parse((await fetchBytes("/incremental/timestamp")).body.toString()).data as { updatedAt: string }[];
const middle = all[Math.floor(all.length / 2)]!.updatedAt;
const scroll = JSON.parse((await fetchBytes("/pagination/keyset")).body.toString()).scroll_param as string | null;
const cursor = JSON.parse((await fetchBytes("/pagination/cursor?limit=50")).body.toString()).next_cursor as string;
const oauth = JSON.parse((await fetchBytes("/oauth/token", {
  method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ grant_type: "client_credentials", client_id: credentials.oauth2.clientId, client_secret: credentials.oauth2.clientSecret }).toString(),
})).body.toString()) as { access_token: string };
const login = JSON.parse((await fetchBytes("/auth/session_token/login", {
  method: "POST", body: JSON.stringify({ username: credentials.session.username, password: credentials.session.password }),
})).body.toString()) as { token: string };

/** `barePath`: where the bare server keeps the same bytes, when another row already uses `path` there. */
interface Endpoint { readonly name: string; readonly path: string; readonly headers: Record<string, string>; readonly barePath?: string }
const endpoints: Endpoint[] = [
  { name: "page_number (50, page 2)", path: "/pagination/page_number?per_page=50&page=2", headers: {} },
  { name: "next_page_url (50, page 2)", path: "/pagination/next_page_url?per_page=50&page=2", headers: {} },
  { name: "offset (50 from 50)", path: "/pagination/offset?limit=50&offset=50", headers: {} },
  { name: "keyset first page", path: "/pagination/keyset", headers: {} },
  { name: "keyset with scroll_param", path: scroll === null ? "/pagination/keyset" : `/pagination/keyset?scroll_param=${encodeURIComponent(scroll)}`, headers: {} },
  { name: "page_number updated_since", path: `/pagination/page_number?per_page=50&page=1&updated_since=${middle}`, headers: {} },
  { name: "offset createdAt desc since", path: `/pagination/offset?limit=50&order_by=createdAt&order_type=desc&updated_since=${middle}`, headers: {} },
  { name: "cursors/companies", path: "/cursors/companies", headers: {} },
  { name: "cursors/1/departments", path: "/cursors/1/departments", headers: {} },
  { name: "auth/http_basic", path: "/auth/http_basic", headers: { Authorization: `Basic ${Buffer.from(`${credentials.basic.username}:${credentials.basic.password}`).toString("base64")}` } },
  { name: "auth/session_token/data", path: "/auth/session_token/data", headers: { Authorization: `Token ${login.token}` } },
  { name: `export/csv (${records} rows)`, path: "/export/csv", headers: {} },
  { name: "link_header (50, page 2)", path: "/pagination/link_header?per_page=50&page=2", headers: {} },
  { name: "cursor (50, page 2)", path: `/pagination/cursor?limit=50&cursor=${encodeURIComponent(cursor)}`, headers: {} },
  { name: "auth/oauth2/data", path: "/auth/oauth2/data", headers: { Authorization: `Bearer ${oauth.access_token}` } },
  // Compressed: the bare server sends the same gzip bytes the playground does.
  { name: "page_number (50, page 2) gzip", path: "/pagination/page_number?per_page=50&page=2", headers: { "Accept-Encoding": "gzip" }, barePath: "/gzip/page_number" },
];
const barePathOf = (endpoint: Endpoint): string => endpoint.barePath ?? endpoint.path;

const stored: Record<string, { headers: Record<string, string>; body: string }> = {};
for (const endpoint of endpoints) {
  const { headers, body } = await fetchBytes(endpoint.path, { headers: endpoint.headers });
  stored[barePathOf(endpoint)] = { headers, body: body.toString("base64") };
}
const responsesFile = join(dir, "responses.json");
writeFileSync(responsesFile, JSON.stringify(stored));
const bare = await startChild(["--import", "tsx", "scripts/bare-server.ts", responsesFile], join(dir, "bare.log"), /^(http:\/\/\S+)\n/m);

console.log(`connector-playground bench: ${records} records, ${rounds} round(s) x ${seconds} s, ${connections} connections, load by ${useWrk ? "wrk -t1" : "scripts/load.ts"}`);
console.log(`machine: ${machineState()}; request log: on, to ${join(dir, "playground.log")}`);

// Warm-up, not measured: each endpoint once on both servers, so the first rows are not measured cold (JIT, caches).
for (const endpoint of endpoints) {
  runLoad(new URL(barePathOf(endpoint), bare.url).href, connections, 1, endpoint.headers, useWrk);
  runLoad(new URL(endpoint.path, base).href, connections, 1, endpoint.headers, useWrk);
}
const results = new Map<string, { bare: LoadResult[]; playground: LoadResult[] }>(endpoints.map((e) => [e.name, { bare: [], playground: [] }]));
const page50 = endpoints[0]!;
for (let round = 0; round < rounds; round++) {
  // Each round starts at a different row, so no endpoint is always measured first (or right after the same one).
  const offset = Math.floor((round * endpoints.length) / rounds);
  for (const endpoint of [...endpoints.slice(offset), ...endpoints.slice(0, offset)]) {
    const entry = results.get(endpoint.name)!;
    const order = round % 2 === 0 ? ["bare", "playground"] as const : ["playground", "bare"] as const;
    for (const which of order) {
      const path = which === "bare" ? barePathOf(endpoint) : endpoint.path;
      entry[which].push(runLoad(new URL(path, which === "bare" ? bare.url : base).href, connections, seconds, endpoint.headers, useWrk));
    }
  }
}

/** CPU seconds a process has used (user + system), from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

// The journal's cost on page50: on (default) and off, many short alternations (this machine's noise
// swamps a few long runs), each measured as throughput and as the server's CPU time per request.
const journalRounds = Math.max(10, rounds * 4);
const journalRows = { on: [] as { rps: number; cpuUs: number | undefined }[], off: [] as { rps: number; cpuUs: number | undefined }[] };
for (let round = 0; round < journalRounds; round++) {
  for (const which of round % 2 === 0 ? ["on", "off"] as const : ["off", "on"] as const) {
    const child = which === "on" ? journaled : unjournaled;
    const before = cpuSeconds(child.process.pid);
    const result = runLoad(new URL(page50.path, child.url).href, connections, 2, page50.headers, useWrk);
    const after = cpuSeconds(child.process.pid);
    const cpuUs = before === undefined || after === undefined ? undefined : ((after - before) * 1e6) / (result.requestsPerSecond * 2);
    journalRows[which].push({ rps: result.requestsPerSecond, cpuUs });
  }
}

// The peers present serve the same page's body; each round loads bare, the playground and every peer in turn.
const page50Body = Buffer.from(stored[barePathOf(page50)]!.body, "base64");
const { peers, skipped } = await startPeers(dir, values.peers, page50Body);
const peerRows: string[][] = [];
if (peers.length > 0) {
  const servers = [{ name: "bare node:http", url: new URL(barePathOf(page50), bare.url) }, { name: "connector-playground", url: new URL(page50.path, base) },
    ...peers.map((peer) => ({ name: peer.name, url: peer.url }))];
  for (const server of servers) runLoad(server.url.href, connections, 1, {}, useWrk);
  const measured = new Map<string, number[]>(servers.map((server) => [server.name, []]));
  for (let round = 0; round < rounds; round++) {
    const offset = round % servers.length;
    for (const server of [...servers.slice(offset), ...servers.slice(0, offset)]) measured.get(server.name)!.push(runLoad(server.url.href, connections, seconds, {}, useWrk).requestsPerSecond);
  }
  const bareRps = median(measured.get("bare node:http")!);
  const oursRps = median(measured.get("connector-playground")!);
  for (const server of servers) {
    const rps = median(measured.get(server.name)!);
    peerRows.push([server.name, rps.toFixed(0), (rps / bareRps).toFixed(2), (oursRps / rps).toFixed(2)]);
  }
}
for (const peer of peers) peer.process.kill("SIGTERM");

const pageNumber = median(results.get(endpoints[0]!.name)!.playground.map((r) => r.requestsPerSecond));
const rows = endpoints.map((endpoint) => {
  const entry = results.get(endpoint.name)!;
  const ours = median(entry.playground.map((r) => r.requestsPerSecond));
  const theirs = median(entry.bare.map((r) => r.requestsPerSecond));
  const p99 = median(entry.playground.map((r) => r.p99Ms));
  const bareP99 = median(entry.bare.map((r) => r.p99Ms));
  return [endpoint.name, Buffer.from(stored[barePathOf(endpoint)]!.body, "base64").length.toString(), ours.toFixed(0), theirs.toFixed(0), (ours / theirs).toFixed(2),
    (ours / pageNumber).toFixed(2), median(entry.playground.map((r) => r.p50Ms)).toFixed(2), p99.toFixed(2), bareP99.toFixed(2), (p99 / bareP99).toFixed(2)];
});
console.log(table(["endpoint", "bytes", "req/s", "bare req/s", "ratio", "vs page_number", "p50 ms", "p99 ms", "bare p99", "p99 ratio"], rows));

const medianOf = (rows: { rps: number; cpuUs: number | undefined }[], pick: "rps" | "cpuUs"): number => median(rows.map((row) => row[pick] ?? Number.NaN));
const onRps = medianOf(journalRows.on, "rps");
const offRps = medianOf(journalRows.off, "rps");
const onCpu = medianOf(journalRows.on, "cpuUs");
const offCpu = medianOf(journalRows.off, "cpuUs");
console.log(`\nThe journal's cost (${page50.name}, ${journalRounds} alternations x 2 s, medians):`);
console.log(table(["playground", "req/s", "server CPU µs/request"], [
  ["--journal 1000 (default)", onRps.toFixed(0), onCpu.toFixed(1)],
  ["--journal 0", offRps.toFixed(0), offCpu.toFixed(1)],
]));
console.log(`journal on / off: throughput ${(onRps / offRps).toFixed(3)}, CPU per request ${(onCpu / offCpu).toFixed(3)}`);

console.log(`\nPeer mock servers on the same ${page50Body.length}-byte page (${page50.name}; ${rounds} round(s), medians):`);
if (peerRows.length > 0) console.log(table(["server", "req/s", "vs bare", "playground vs it"], peerRows));
for (const reason of skipped) console.log(`  not measured: ${reason}`);

playground.process.kill("SIGTERM");
journaled.process.kill("SIGTERM");
unjournaled.process.kill("SIGTERM");
bare.process.kill("SIGTERM");
