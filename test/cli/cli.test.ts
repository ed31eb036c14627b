import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpsRequest } from "node:https";
import { after, test } from "node:test";
import { createServer } from "../../src/server.js";
import { getJson, send } from "../helpers.js";

const CLI = ["--import", "tsx", "src/cli.ts"];
const VERSION = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<RegExpMatchArray>;
  exit(): Promise<number | null>;
}

/** Every CLI a test started: whatever a failed assertion skipped, none outlives the file (or keeps it from ending). */
const children = new Set<ChildProcessWithoutNullStreams>();
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function launch(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env } });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const running: Running = {
    child,
    stdout: "",
    stderr: "",
    waitFor(pattern, stream = "stdout") {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stdout: ${running.stdout} stderr: ${running.stderr}`)), 15_000);
        const check = (): void => {
          const match = running[stream].match(pattern);
          if (match !== null) {
            clearTimeout(timer);
            resolve(match);
          } else {
            child[stream].once("data", check);
          }
        };
        check();
      });
    },
    exit: () => exited,
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => { running.stdout += chunk; });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => { running.stderr += chunk; });
  return running;
}

test("--version and --help print and exit 0 without starting anything", () => {
  assert.deepEqual(run(["--version"]), { status: 0, stdout: `${VERSION}\n`, stderr: "" });
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: playground start \[options\]/);
  assert.match(help.stdout, /--rate-limit \[BOOL\]/);
  const startHelp = run(["start", "--help"]);
  assert.equal(startHelp.status, 0);
  assert.match(startHelp.stdout, /^Usage: playground start \[options\]\n\nStarts the API server/);
  const verifyHelp = run(["verify", "--help"]);
  assert.match(verifyHelp.stdout, /^Usage: playground verify FILE --url URL/);
  for (const text of [help.stdout, startHelp.stdout, verifyHelp.stdout]) assert.deepEqual(text.split("\n").filter((line) => line.length > 100), []);
});

test("bad flags and unknown commands: one line on stderr, exit code 2, no stack trace", () => {
  for (const [args, message] of [
    [["start", "--prot", "1"], "playground: error: unknown option '--prot': did you mean '--port'? (see 'playground start --help')\n"],
    [["launch"], "playground: error: unknown command 'launch': use 'playground start' or 'playground verify' (see 'playground --help')\n"],
    [["start", "--capacity", "zero"], "playground: error: --capacity must be an integer from 1 to 1000000000, got 'zero'\n"],
  ] as const) {
    assert.deepEqual(run([...args]), { status: 2, stdout: "", stderr: message });
  }
});

test("start --port 0: the banner shows the real port and this seed's credentials, requests are logged, SIGTERM exits 0", async () => {
  const cli = launch(["start", "--port", "0", "--seed", "42"]);
  const [, port] = await cli.waitFor(/Starting Local API on port (\d+) \.\.\./);
  await cli.waitFor(/Press CTRL\+C to quit/);
  const expected = createServer({ seed: 42 }).credentials;
  assert.ok(cli.stdout.includes(`Username: ${expected.basic.username} Password: ${expected.basic.password}`));
  assert.ok(cli.stdout.includes(`Bearer Token: ${expected.bearer}`));
  assert.ok(cli.stdout.includes(`API Key: ${expected.apiKey}`));
  assert.ok(cli.stdout.includes(`POST http://127.0.0.1:${port}/auth/session_token/login\n${" ".repeat(31)}|   Username: ${expected.session.username}  Password: ${expected.session.password}`));
  assert.ok(cli.stdout.includes(`\nconnector-playground ${VERSION} | http://127.0.0.1:${port} | docs: http://127.0.0.1:${port}/docs\nSeed: 42 (--seed 42 replays this run's data and credentials)\n`));
  assert.deepEqual(cli.stdout.split("\n").filter((line) => line.length > 100), []);
  assert.ok(cli.stdout.includes(`GET http://127.0.0.1:${port}/pagination/next_page_url`));
  assert.ok(cli.stdout.includes(`You can read about the API documentation for each endpoint on: \nhttp://127.0.0.1:${port}/docs\n`));
  const url = new URL(`http://127.0.0.1:${port}/`);
  const { status, body } = await getJson(url, "/pagination/offset?limit=2", { Authorization: "Bearer secret-should-not-be-logged" });
  assert.equal(status, 200);
  assert.equal(body.data.length, 2);
  await send(url, "/nope");
  await cli.waitFor(/"GET \/nope HTTP\/1\.1" 404 -/);
  assert.match(cli.stdout, /\n127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4} \d{2}:\d{2}:\d{2}\] "GET \/pagination\/offset\?limit=2 HTTP\/1\.1" 200 -\n/);
  assert.equal(cli.stdout.includes("secret-should-not-be-logged"), false);
  assert.equal(cli.stdout.includes("\u001b["), false, "no colour when stdout is not a terminal");
  cli.child.kill("SIGTERM");
  assert.equal(await cli.exit(), 0);
  assert.equal(cli.stderr, "");
});

test("a busy port is one clear line and exit code 1", async () => {
  const blocker = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const result = run(["start", "--port", String(port)]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `playground: error: port ${port} is already in use on 127.0.0.1; choose another with --port N, or --port 0 for any free port\n`);
  } finally {
    blocker.close();
  }
});

test("an invalid host is one clear line and exit code 1", () => {
  const result = run(["start", "--port", "0", "--host", "203.0.113.77"]);
  assert.equal(result.status, 1);
  assert.equal(result.stderr, "playground: error: cannot listen on host '203.0.113.77': no such local address\n");
});

test("--quiet prints only the base URL, without a trailing slash, so base + path works; SIGINT exits 0", async () => {
  const cli = launch(["start", "--port", "0", "--quiet"]);
  const [, base] = await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)\n/);
  const reply = await fetch(`${base}/pagination/keyset`);
  assert.equal(reply.status, 200);
  assert.equal((await reply.json() as { data: unknown[] }).data.length, 50);
  cli.child.kill("SIGINT");
  assert.equal(await cli.exit(), 0);
  assert.equal(cli.stdout, `${base}\n`);
});

test("--capacity alone turns the rate limit on and the banner says so; a host name is a usage error", async () => {
  const cli = launch(["start", "--port", "0", "--capacity", "5"]);
  await cli.waitFor(/Press CTRL\+C to quit/);
  assert.match(cli.stdout, /\| Rate limit: on \(capacity 5, 10 tokens\/s\) \|/);
  const [, port] = cli.stdout.match(/Starting Local API on port (\d+)/)!;
  assert.equal((await send(new URL(`http://127.0.0.1:${port}`), "/pagination/offset")).headers["x-ratelimit-limit"], "5");
  cli.child.kill("SIGTERM");
  assert.equal(await cli.exit(), 0);
  assert.deepEqual(run(["start", "--host", "example.com"]), {
    status: 2, stdout: "", stderr: "playground: error: --host must be an IP address or 'localhost' (host names are not resolved), got 'example.com'\n",
  });
});

test("--host 0.0.0.0 warns that anyone who can reach the port can use the API, and with --seed that the credentials are guessable", async () => {
  const cli = launch(["start", "--port", "0", "--host", "0.0.0.0", "--quiet"]);
  // Warnings are wrapped at 100 columns (where depends on the port's digits): compare them unwrapped.
  const unwrapped = (text: string): string => text.replaceAll("\n  ", " ");
  const [, port] = await cli.waitFor(/port (\d+) can use the API with(?: |\n {2})the(?: |\n {2})credentials below\n/, "stderr");
  assert.equal(unwrapped(cli.stderr), `playground: warning: listening on 0.0.0.0: anyone who can reach port ${port} can use the API with the credentials below\n`);
  assert.deepEqual(cli.stderr.split("\n").filter((line) => line.length > 100), []);
  cli.child.kill("SIGTERM");
  assert.equal(await cli.exit(), 0);
  const seeded = launch(["start", "--port", "0", "--host", "0.0.0.0", "--seed", "42", "--quiet"]);
  const [, again] = await seeded.waitFor(/\(with an oauth2 client\)\n/, "stderr").then(() => seeded.stderr.match(/port (\d+) can use/) ?? []);
  assert.equal(unwrapped(seeded.stderr), `playground: warning: listening on 0.0.0.0: anyone who can reach port ${again} can use the API with the credentials below\n` +
    "playground: warning: with --seed and no --credentials FILE, the credentials follow from the seed, and the data served gives the seed away: " +
    `anyone who can reach port ${again} can work them out; give --credentials FILE (with an oauth2 client)\n`);
  assert.deepEqual(seeded.stderr.split("\n").filter((line) => line.length > 100), []);
  // Off loopback, neither the docs page nor the config shows the seed.
  const base = new URL(`http://127.0.0.1:${again}`);
  const docs = (await send(base, "/docs")).text;
  assert.equal(docs.includes("--seed 42"), false);
  assert.equal(docs.includes(">Seed<"), false);
  seeded.child.kill("SIGTERM");
  assert.equal(await seeded.exit(), 0);
});

test("--token-ttl 3 with the real clock: a token works at once and has expired a little over three seconds later; --rate-limit headers", async () => {
  const cli = launch(["start", "--port", "0", "--seed", "3", "--token-ttl", "3", "--rate-limit", "--capacity", "50", "--quiet"]);
  const [, href] = await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)\n/);
  const url = new URL(href!);
  const { username, password } = createServer({ seed: 3 }).credentials.session;
  const login = await send(url, "/auth/session_token/login", { method: "POST", body: JSON.stringify({ username, password }) });
  const { token, expires_in } = JSON.parse(login.text);
  assert.equal(expires_in, 3);
  assert.equal(login.headers["x-ratelimit-limit"], "50");
  assert.equal((await getJson(url, "/auth/session_token/data", { Authorization: `Token ${token}` })).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 3_100));
  assert.deepEqual(await getJson(url, "/auth/session_token/data", { Authorization: `Token ${token}` }).then((r) => [r.status, r.body]),
    [401, { error: "Token has expired" }]);
  cli.child.kill("SIGTERM");
  assert.equal(await cli.exit(), 0);
});

test("SIGTERM during a large CSV download cuts it cleanly and exits 0 within 5 s", async () => {
  const cli = launch(["start", "--port", "0", "--records", "200000", "--quiet"]);
  const [, href] = await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)\n/);
  const url = new URL(href!);
  const download = await new Promise<IncomingMessage>((resolve, reject) => {
    httpRequest({ host: url.hostname, port: url.port, path: "/export/csv", agent: false }, resolve).on("error", reject).end();
  });
  download.on("error", () => undefined);
  download.pause();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const signalledAt = Date.now();
  cli.child.kill("SIGTERM");
  assert.equal(await cli.exit(), 0);
  assert.ok(Date.now() - signalledAt < 5_000, `exit took ${Date.now() - signalledAt} ms`);
  assert.equal(cli.stderr, "");
  download.destroy();
});

test("--json: the first line is the config (credentials included), then one JSON object per request; --credentials and --epoch apply", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(`${tmpdir()}/playground-`);
  const credentials = { basic: { username: "ana", password: "pw-1" }, bearer: "bearer-1", apiKey: "key-1", session: { username: "sam", password: "pw-2" } };
  writeFileSync(`${dir}/creds.json`, JSON.stringify(credentials));
  const cli = launch(["start", "--port", "0", "--json", "--seed", "4", "--epoch", "2026-01-01T00:00:00Z", "--credentials", `${dir}/creds.json`, "--journal", "50"]);
  try {
    const [firstLine] = await cli.waitFor(/^.*\n/);
    const config = JSON.parse(firstLine);
    // Without an oauth2 entry, the file's credentials get this seed's OAuth2 client.
    const { createServer } = await import("../../src/server.js");
    const oauth2 = createServer({ seed: 4, credentials }).credentials.oauth2;
    assert.deepEqual([config.seed, config.epoch, config.credentials, config.journal, config.records], [4, "2026-01-01T00:00:00Z", { ...credentials, oauth2 }, { size: 50, entries: 0 }, 200]);
    const url = new URL(config.url);
    const auth = await send(url, "/auth/http_bearer", { headers: { Authorization: "Bearer bearer-1" } });
    assert.equal(auth.status, 200);
    const [requestLine] = await cli.waitFor(/\n(\{"event":"request".*)\n/);
    const entry = JSON.parse(requestLine.trim());
    assert.deepEqual([entry.seq, entry.path, entry.status, entry.headers.authorization], [1, "/auth/http_bearer", 200, "Bearer [redacted]"]);
    assert.equal(cli.stdout.includes("bearer-1"), true, "only the first line (the local terminal's config) holds secrets");
    assert.equal(cli.stdout.split("\n").slice(1).join("\n").includes("bearer-1"), false);
    assert.equal(cli.stderr, "");
  } finally {
    cli.child.kill("SIGTERM");
    assert.equal(await cli.exit(), 0);
  }
  const bad = run(["start", "--credentials", `${dir}/missing.json`]);
  assert.deepEqual([bad.status, bad.stdout], [2, ""]);
  assert.equal(bad.stderr, `playground: error: cannot read --credentials file ${dir}/missing.json: ENOENT\n`);
  writeFileSync(`${dir}/bad.json`, JSON.stringify({ ...credentials, bearer: "has space" }));
  const invalid = run(["start", "--credentials", `${dir}/bad.json`]);
  assert.deepEqual([invalid.status, invalid.stderr],
    [2, `playground: error: ${dir}/bad.json: credentials.bearer must be 1-200 printable characters without spaces, got "has space"\n`]);
});

test("the banner names the inspector on loopback, and the epoch when pinned", async () => {
  const cli = launch(["start", "--port", "0", "--epoch", "2026-01-01T00:00:00Z", "--seed", "2"]);
  try {
    const [, origin] = await cli.waitFor(/Watch every request live in the inspector: \n(http:\/\/127\.0\.0\.1:\d+)\/__playground\/inspect\n/);
    assert.match(cli.stdout, /\nSeed: 2 \(--seed 2 replays this run's data and credentials\) \| Epoch: 2026-01-01T00:00:00Z\nRecords: 200 \|/);
    assert.equal((await send(new URL(origin as string), "/__playground/inspect")).status, 200);
  } finally {
    cli.child.kill("SIGTERM");
    await cli.exit();
  }
});

test("--banner short prints the address, this run's credentials and the links, without the tables; a bad value is a usage error", async () => {
  const cli = launch(["start", "--port", "0", "--seed", "42", "--banner", "short"]);
  try {
    const [, port] = await cli.waitFor(/Starting Local API on port (\d+) \.\.\./);
    await cli.waitFor(/Press CTRL\+C to quit/);
    const expected = createServer({ seed: 42 }).credentials;
    assert.ok(cli.stdout.includes(`\n  OAuth2 client   ${expected.oauth2.clientId}  ${expected.oauth2.clientSecret}\n`));
    assert.ok(cli.stdout.includes(`docs: http://127.0.0.1:${port}/docs\n`));
    assert.equal(cli.stdout.includes("Pagination Type"), false);
    assert.equal(cli.stdout.split("\n").length < 25, true);
  } finally {
    cli.child.kill("SIGTERM");
    await cli.exit();
  }
  assert.deepEqual(run(["start", "--banner", "tiny"]), { status: 2, stdout: "", stderr: "playground: error: --banner must be full or short, got 'tiny'\n" });
});

test("--https --json: the first line names the certificate authority's file, which verifies the server and is removed at exit", async () => {
  const cli = launch(["start", "--port", "0", "--https", "--json", "--seed", "3"]);
  let caFile = "";
  try {
    await cli.waitFor(/\n/);
    const config = JSON.parse(cli.stdout.split("\n")[0]!) as { url: string; https: { certificateAuthority: string; caFile: string } };
    assert.match(config.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    caFile = config.https.caFile;
    assert.equal(readFileSync(caFile, "utf8"), config.https.certificateAuthority);
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest(`${config.url}/__playground/health`, { ca: readFileSync(caFile), agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); })
        .on("error", reject).end();
    });
    assert.equal(status, 200);
  } finally {
    cli.child.kill("SIGTERM");
  }
  assert.equal(await cli.exit(), 0);
  assert.equal(existsSync(caFile), false);
  assert.deepEqual(run(["start", "--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"]),
    { status: 2, stdout: "", stderr: "playground: error: cannot read --tls-cert file /nonexistent/c.pem: ENOENT\n" });
});

test("--resources FILE serves the declared resources; a bad file lists every problem against its name, exit code 2", async () => {
  const folder = mkdtempSync(join(tmpdir(), "playground-resources-"));
  try {
    const good = join(folder, "shop.json");
    writeFileSync(good, JSON.stringify({ resources: [{ name: "orders", path: "/v1/orders", records: 3, fields: { id: { kind: "id", format: "sequence" }, at: { kind: "timestamp" } } }] }));
    const cli = launch(["start", "--port", "0", "--quiet", "--resources", good]);
    try {
      const [, origin] = await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)\n/);
      const { status, body } = await getJson(new URL(origin!), "/v1/orders?limit=10");
      assert.equal(status, 200);
      assert.deepEqual(body.data.map((row: { id: number }) => row.id), [1, 2, 3]);
      const synced = join(folder, "synced.ndjson");
      writeFileSync(synced, body.data.map((row: { id: number; at: string }) => JSON.stringify({ id: row.id, at: row.at })).join("\n"));
      const verified = run(["verify", synced, "--url", origin!, "--resource", "orders"]);
      assert.equal(verified.status, 0, verified.stderr);
      assert.match(verified.stdout, /^OK: 3 record\(s\) expected, 3 received\n/);
    } finally {
      cli.child.kill("SIGTERM");
      await cli.exit();
    }
    const bad = join(folder, "bad.json");
    writeFileSync(bad, JSON.stringify({ resources: [{ name: "orders", path: "/v1/orders", records: 3, fields: { id: { kind: "id" }, at: { kind: "timestamp" }, n: { kind: "integer", min: 5, max: 1 } } }] }));
    assert.deepEqual(run(["start", "--resources", bad]), {
      status: 2, stdout: "", stderr: `playground: error: ${bad}: the resources have a problem:\n  resources[0].fields.n.max: must be ≥ min (got 1 < 5)\n`,
    });
    writeFileSync(bad, "{ nope");
    const notJson = run(["start", "--resources", bad]);
    assert.equal(notJson.status, 2);
    assert.match(notJson.stderr, new RegExp(`^playground: error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not JSON: `));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
