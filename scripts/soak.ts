/**
 * Memory soak: starts the real CLI in a child process, sends N requests (default 200,000) across every
 * endpoint over keep-alive connections, and prints the server's RSS before, during and after. RSS must
 * settle, not climb. Usage: npm run soak [-- --requests N --concurrency C --journal N] (journal: the CLI's
 * --journal, default its own default of 1,000 entries).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { createServer } from "../src/server.js";

const { values } = parseArgs({ options: { requests: { type: "string", default: "200000" }, concurrency: { type: "string", default: "32" }, journal: { type: "string" } } });
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
const SEED = 7;

function rssMiB(pid: number): string {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return (kb / 1024).toFixed(1);
  } catch {
    return "n/a";
  }
}

const credentials = createServer({ seed: SEED }).credentials;
const basic = `Basic ${Buffer.from(`${credentials.basic.username}:${credentials.basic.password}`).toString("base64")}`;
const loginBody = JSON.stringify({ username: credentials.session.username, password: credentials.session.password });

const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "start", "--port", "0", "--seed", String(SEED), "--quiet",
  ...(values.journal === undefined ? [] : ["--journal", values.journal])], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise<URL>((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve(new URL(chunk.toString().trim()))));
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

interface Plan { method: string; path: string; headers?: Record<string, string>; body?: string }
let token = "";
const plans: ((i: number) => Plan)[] = [
  (i) => ({ method: "GET", path: `/pagination/next_page_url?page=${(i % 20) + 1}&per_page=10` }),
  (i) => ({ method: "GET", path: `/pagination/page_number?page=${(i % 4) + 1}&per_page=50&order_by=createdAt&order_type=desc` }),
  (i) => ({ method: "GET", path: `/pagination/offset?offset=${i % 200}&limit=25&updated_since=2000-01-01T00:00:00Z` }),
  () => ({ method: "GET", path: "/pagination/keyset" }),
  () => ({ method: "GET", path: "/export/csv" }),
  () => ({ method: "GET", path: "/incremental/timestamp?since=2026-11-20T00:00:00Z" }),
  (i) => ({ method: "GET", path: `/incremental/step?start_id=${(i % 190) + 1}&end_id=${(i % 190) + 10}` }),
  () => ({ method: "GET", path: "/auth/http_basic", headers: { Authorization: basic } }),
  () => ({ method: "GET", path: "/auth/http_bearer", headers: { Authorization: `Bearer ${credentials.bearer}` } }),
  () => ({ method: "GET", path: "/auth/api_key", headers: { Authorization: "apiKey wrong" } }),
  () => ({ method: "POST", path: "/auth/session_token/login", headers: { "Content-Type": "application/json" }, body: loginBody }),
  () => ({ method: "GET", path: "/auth/session_token/data", headers: { Authorization: `Token ${token}` } }),
  () => ({ method: "GET", path: "/cursors/companies?order_by=createdAt" }),
  (i) => ({ method: "GET", path: `/cursors/${(i % 8) + 1}/departments` }),
  (i) => ({ method: "GET", path: `/nope/${i}?x=${i}` }),
  () => ({ method: "GET", path: "/pagination/offset?limit=0&__proto__=1" }),
];

function send(plan: Plan): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method: plan.method, path: plan.path, headers: plan.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        if (plan.path === "/auth/session_token/login") token = (JSON.parse(Buffer.concat(chunks).toString()) as { token: string }).token;
        resolve(res.statusCode ?? 0);
      });
    });
    req.on("error", reject);
    req.end(plan.body);
  });
}

console.log(`server pid ${child.pid}, ${total} requests, concurrency ${concurrency}`);
console.log(`RSS at start: ${rssMiB(child.pid!)} MiB`);
const statuses = new Map<number, number>();
let sent = 0;
let done = 0;
const started = Date.now();
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (sent < total) {
    const i = sent++;
    const status = await send(plans[i % plans.length]!(i));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (++done % 50_000 === 0) console.log(`after ${done} requests: RSS ${rssMiB(child.pid!)} MiB`);
  }
}));
const seconds = (Date.now() - started) / 1000;
console.log(`done in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} req/s); statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
agent.destroy();
await new Promise((resolve) => setTimeout(resolve, 2_000));
console.log(`RSS 2 s after the last request: ${rssMiB(child.pid!)} MiB`);
if ([...statuses.keys()].some((status) => status >= 500)) {
  console.error("a 5xx was answered");
  process.exitCode = 1;
}
child.kill("SIGTERM");
