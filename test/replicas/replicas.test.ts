/**
 * `npm run test:replicas`: three playgrounds with the same seed and epoch behind HAProxy (round-robin),
 * walked through the balancer: every pagination style, the incremental endpoints and the export see every
 * record exactly once, and tokens issued by one replica are accepted by the others. Needs Debian's haproxy.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";

const root = resolve(import.meta.dirname, "../..");
const HAPROXY = ["/usr/sbin/haproxy", "/usr/bin/haproxy", "haproxy"].find((path) => {
  try {
    execFileSync(path, ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});
if (HAPROXY === undefined) {
  process.stderr.write("test:replicas needs HAProxy: install it with `apt-get install haproxy` (Debian package haproxy), then run it again\n");
  process.exit(1);
}

const SEED = 77;
const EPOCH = "2026-06-01T00:00:00Z";
const RECORDS = 230;
const children: ChildProcess[] = [];
const replicas: URL[] = [];
let balancer: URL;

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Starts the CLI and resolves with its base URL (the one line --quiet prints). */
function replica(): Promise<URL> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), "start", "--port", "0", "--quiet", "--seed", String(SEED),
    "--epoch", EPOCH, "--records", String(RECORDS), "--allowed-hosts", "*"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((done, fail) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) done(new URL(`${out.trim()}/`));
    });
    child.once("exit", () => fail(new Error(`a replica exited: ${out}`)));
  });
}

before(async () => {
  replicas.push(...await Promise.all([replica(), replica(), replica()]));
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "playground-haproxy-"));
  const config = join(dir, "haproxy.cfg");
  writeFileSync(config, haproxyConfig(port, replicas));
  const proxy = spawn(HAPROXY, ["-f", config, "-db"], { stdio: ["ignore", "ignore", "inherit"] });
  children.push(proxy);
  balancer = new URL(`http://127.0.0.1:${port}/`);
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(new URL("/__playground/health", balancer))).ok) break;
    } catch {
      if (attempt > 100) throw new Error("HAProxy did not start");
    }
    await new Promise((done) => setTimeout(done, 50));
  }
});

after(() => {
  for (const child of children) child.kill("SIGTERM");
});

/** The configuration README gives, with these ports. */
export function haproxyConfig(port: number, backends: readonly URL[]): string {
  return `global
    maxconn 1024

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend playground
    bind 127.0.0.1:${port}
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /__playground/health
${backends.map((url, k) => `    server replica${k + 1} ${url.host} check`).join("\n")}
`;
}

async function json(url: URL | string, init?: RequestInit): Promise<any> {
  const reply = await fetch(url, init);
  assert.equal(reply.status, 200, `${String(url)}: ${reply.status}`);
  return reply.json();
}

const at = (path: string): URL => new URL(path, balancer);
let truth: string[];

test("the replicas answer byte for byte the same", async () => {
  for (const path of ["/pagination/page_number?per_page=50&page=3", "/incremental/timestamp", "/export/csv", "/pagination/cursor?limit=10", "/auth/http_basic"]) {
    const bodies = await Promise.all(replicas.map(async (url) => {
      // Each replica's own credentials (the same, since the seed is pinned).
      const { basic } = (await json(new URL("/__playground/config", url))).credentials;
      const headers: Record<string, string> = path.startsWith("/auth") ? { Authorization: `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString("base64")}` } : {};
      return Buffer.from(await (await fetch(new URL(path, url), { headers })).arrayBuffer()).toString("base64");
    }));
    assert.equal(new Set(bodies).size, 1, path);
  }
  truth = ((await json(new URL("/incremental/timestamp", replicas[0]))).data as { id: string }[]).map((row) => row.id).sort();
  assert.equal(truth.length, RECORDS);
});

/** Asserts every record was seen exactly once. */
function exactlyOnce(ids: string[], label: string): void {
  assert.equal(ids.length, RECORDS, `${label}: ${ids.length} rows`);
  assert.deepEqual([...ids].sort(), truth, label);
}

test("every pagination style walks every record exactly once through the balancer, round-robin", async () => {
  let ids: string[] = [];
  for (let next: string | null = at("/pagination/next_page_url?per_page=17").href; next !== null;) {
    const page = await json(next);
    ids.push(...page.data.map((row: { id: string }) => row.id));
    next = page.next_page_url;
  }
  exactlyOnce(ids, "next_page_url");
  ids = [];
  for (let page = 1; ; page++) {
    const body = await json(at(`/pagination/page_number?per_page=19&page=${page}&order_by=createdAt&order_type=desc`));
    ids.push(...body.data.map((row: { id: string }) => row.id));
    if (page >= body.total_pages) break;
  }
  exactlyOnce(ids, "page_number");
  ids = [];
  for (let offset = 0; offset < RECORDS; offset += 23) ids.push(...(await json(at(`/pagination/offset?limit=23&offset=${offset}`))).data.map((row: { id: string }) => row.id));
  exactlyOnce(ids, "offset");
  ids = [];
  for (let scroll: string | null = null; ;) {
    const body = await json(at(`/pagination/keyset${scroll === null ? "" : `?scroll_param=${encodeURIComponent(scroll)}`}`));
    ids.push(...body.data.map((row: { id: string }) => row.id));
    if (body.scroll_param === null) break;
    scroll = body.scroll_param;
  }
  exactlyOnce(ids, "keyset");
  ids = [];
  for (let next: string | undefined = at("/pagination/link_header?per_page=29").href; next !== undefined;) {
    const reply = await fetch(next);
    ids.push(...((await reply.json()) as { id: string }[]).map((row) => row.id));
    next = /<([^>]+)>; rel="next"/.exec(reply.headers.get("link") ?? "")?.[1];
  }
  exactlyOnce(ids, "link_header");
  ids = [];
  for (let cursor: string | null = null; ;) {
    const body = await json(at(`/pagination/cursor?limit=31${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`));
    ids.push(...body.data.map((row: { id: string }) => row.id));
    if (!body.has_more) break;
    cursor = body.next_cursor;
  }
  exactlyOnce(ids, "cursor");
});

test("the incremental endpoints and the export through the balancer", async () => {
  const rows: { id: string; updatedAt: string }[] = [];
  let since = "2000-01-01T00:00:00Z";
  // Three small windows a request, so the loop spans all replicas.
  for (;;) {
    const body = await json(at(`/incremental/timestamp?since=${since}`));
    if (body.data.length === 0) break;
    const part = body.data.slice(0, 40);
    rows.push(...part);
    since = part.at(-1).updatedAt;
  }
  exactlyOnce(rows.map((row) => row.id), "incremental/timestamp");
  const step: string[] = [];
  for (let start = 1; start <= RECORDS; start += 37) step.push(...(await json(at(`/incremental/step?start_id=${start}&end_id=${start + 36}`))).data.map((row: { id: string }) => row.id));
  assert.deepEqual(step, Array.from({ length: RECORDS }, (_, k) => String(k + 1)), "incremental/step");
  const csv = (await (await fetch(at("/export/csv"))).text()).trim().split("\r\n").slice(1).map((line) => line.slice(0, 36));
  exactlyOnce(csv, "export/csv");
});

test("a session token from one replica and an OAuth2 token from another are accepted by every replica", async () => {
  const config = await json(new URL("/__playground/config", replicas[0]));
  const login = await json(at("/auth/session_token/login"), { method: "POST", body: JSON.stringify(config.credentials.session) });
  const { clientId, clientSecret } = config.credentials.oauth2;
  const oauth = await json(at("/oauth/token"), {
    method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  });
  // Round-robin: six requests reach every replica twice.
  for (let k = 0; k < 6; k++) {
    assert.equal((await fetch(at("/auth/session_token/data"), { headers: { Authorization: `Token ${login.token}` } })).status, 200, `session, request ${k}`);
    assert.equal((await fetch(at("/auth/oauth2/data"), { headers: { Authorization: `Bearer ${oauth.access_token}` } })).status, 200, `oauth2, request ${k}`);
  }
  // And each replica directly, to be sure no request was lucky.
  for (const url of replicas) {
    assert.equal((await fetch(new URL("/auth/session_token/data", url), { headers: { Authorization: `Token ${login.token}` } })).status, 200);
    assert.equal((await fetch(new URL("/auth/oauth2/data", url), { headers: { Authorization: `Bearer ${oauth.access_token}` } })).status, 200);
  }
  // Round-robin reached every replica: each journal holds a third of the API requests, give or take.
  const counts = await Promise.all(replicas.map(async (url) => (await json(new URL("/__playground/requests?limit=100000", url))).length as number));
  const total = counts.reduce((sum, count) => sum + count, 0);
  for (const count of counts) assert.ok(count > total / 4, `requests per replica: ${counts.join(", ")}`);
  process.stdout.write(`# requests per replica through the balancer: ${counts.join(", ")}\n`);
  process.stdout.write(`# ${replicas.length} replicas (seed ${SEED}, epoch ${EPOCH}, ${RECORDS} records) behind HAProxy at ${balancer.origin}: every walk exact, tokens accepted everywhere\n`);
});
