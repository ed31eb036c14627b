/**
 * The peer mock servers a user could pick instead of the playground, when they are present: mockttp,
 * dyson, msw (with @mswjs/http-middleware), WireMock (its standalone jar, run by `java`) and Prism, each
 * serving the same 50-record page at /page50 with its usual API, so `npm run bench` can load them beside
 * bare node:http and the playground. Nothing is installed here: they are looked for in a folder a user
 * installed them into (`npm install --prefix DIR mockttp dyson msw @mswjs/http-middleware wiremock
 * @stoplight/prism-cli`), given as `--peers DIR` or PLAYGROUND_PEERS; those missing are named and skipped.
 * Not part of CI (the registry is needed to install them).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";

/** Where every peer serves the page. */
export const PEER_PATH = "/page50";

export interface Peer {
  readonly name: string;
  readonly url: URL;
  readonly process: ChildProcess;
}

/** What a peer needs to be started: its launch command, or why it is not present. */
type Launch = { readonly command: string; readonly args: readonly string[] } | { readonly missing: string };

/** A free port on the loopback interface (taken, then let go for the peer to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Resolves a package from the peers folder, or undefined when it is not installed there. */
function resolveIn(peersDir: string, name: string): string | undefined {
  try {
    return createRequire(join(peersDir, "package.json")).resolve(name);
  } catch {
    return undefined;
  }
}

/** Whether a command runs (`java -version`). */
function runs(command: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
}

/** A Node script that requires the peer's packages from the peers folder and serves the page. */
function nodeLaunch(dir: string, name: string, peersDir: string, needs: readonly string[], body: string): Launch {
  const missing = needs.filter((pkg) => resolveIn(peersDir, pkg) === undefined);
  if (missing.length > 0) return { missing: `not installed in ${peersDir}: ${missing.join(", ")}` };
  const file = join(dir, `peer-${name}.cjs`);
  writeFileSync(file, `const require_ = require("node:module").createRequire(${JSON.stringify(join(peersDir, "package.json"))});\n${body}\n`);
  return { command: process.execPath, args: [file] };
}

/**
 * Each peer's launch: the page's bytes (`body`, JSON) with its Content-Type, on `port`, with the API a
 * user of that tool would write.
 */
async function launches(dir: string, peersDir: string, body: Buffer, port: (name: string) => number): Promise<[string, Launch][]> {
  const text = JSON.stringify(body.toString("utf8"));
  const page = JSON.stringify(PEER_PATH);
  const result: [string, Launch][] = [];
  result.push(["mockttp", nodeLaunch(dir, "mockttp", peersDir, ["mockttp"], `
const mockttp = require_("mockttp");
const server = mockttp.getLocal();
server.start(${port("mockttp")}).then(() => server.forGet(${page}).thenReply(200, ${text}, { "Content-Type": "application/json" }));`)]);
  result.push(["dyson", nodeLaunch(dir, "dyson", peersDir, ["dyson"], `
const dyson = require_("dyson");
const app = dyson.createServer({ port: ${port("dyson")} });
dyson.registerServices(app, {}, [{ path: ${page}, method: "get", template: JSON.parse(${text}) }]);`)]);
  result.push(["msw", nodeLaunch(dir, "msw", peersDir, ["msw", "@mswjs/http-middleware"], `
const { http, HttpResponse } = require_("msw");
const { createServer } = require_("@mswjs/http-middleware");
createServer(http.get(${page}, () => new HttpResponse(${text}, { headers: { "Content-Type": "application/json" } }))).listen(${port("msw")}, "127.0.0.1");`)]);
  // WireMock: its standalone jar (the npm package ships it), a mapping and the body as a file.
  const wiremockMain = resolveIn(peersDir, "wiremock/package.json");
  const jarDir = wiremockMain === undefined ? undefined : join(wiremockMain, "..", "build");
  const jar = jarDir !== undefined && existsSync(jarDir) ? readdirSync(jarDir).find((file) => /^wiremock-standalone-.*\.jar$/.test(file)) : undefined;
  if (jar === undefined) {
    result.push(["WireMock", { missing: `not installed in ${peersDir}: wiremock (its standalone jar)` }]);
  } else if (!(await runs("java", ["-version"]))) {
    result.push(["WireMock", { missing: "java is not on PATH" }]);
  } else {
    const root = join(dir, "wiremock");
    mkdirSync(join(root, "mappings"), { recursive: true });
    mkdirSync(join(root, "__files"), { recursive: true });
    writeFileSync(join(root, "__files", "page50.json"), body);
    writeFileSync(join(root, "mappings", "page50.json"), JSON.stringify({
      request: { method: "GET", url: PEER_PATH },
      response: { status: 200, bodyFileName: "page50.json", headers: { "Content-Type": "application/json" } },
    }));
    result.push(["WireMock", { command: "java", args: ["-jar", join(jarDir as string, jar), "--port", String(port("WireMock")), "--bind-address", "127.0.0.1", "--root-dir", root, "--disable-banner"] }]);
  }
  // Prism: an OpenAPI document whose one operation has the page as its example.
  const prism = resolveIn(peersDir, "@stoplight/prism-cli/package.json");
  if (prism === undefined) {
    result.push(["Prism", { missing: `not installed in ${peersDir}: @stoplight/prism-cli` }]);
  } else {
    const spec = join(dir, "prism.json");
    writeFileSync(spec, JSON.stringify({
      openapi: "3.0.3", info: { title: "page50", version: "1" },
      paths: { [PEER_PATH]: { get: { responses: { 200: { description: "a page", content: { "application/json": { example: JSON.parse(body.toString("utf8")) } } } } } } },
    }));
    result.push(["Prism", { command: process.execPath, args: [join(prism, "..", "dist", "index.js"), "mock", spec, "--host", "127.0.0.1", "--port", String(port("Prism"))] }]);
  }
  return result;
}

/** Waits until `url` answers 200 (a peer that has started), or throws after `timeoutMs`. */
async function answering(url: URL, child: ChildProcess, timeoutMs: number): Promise<void> {
  const began = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - began > timeoutMs) throw new Error(`not answering after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts every peer present in `peersDir` serving `body` at PEER_PATH (each logging to a file in `dir`);
 * `skipped` says why the others are not measured.
 */
export async function startPeers(dir: string, peersDir: string | undefined, body: Buffer): Promise<{ peers: Peer[]; skipped: string[] }> {
  if (peersDir === undefined) return { peers: [], skipped: ["no peers folder (--peers DIR or PLAYGROUND_PEERS)"] };
  const ports = new Map<string, number>();
  for (const name of ["mockttp", "dyson", "msw", "WireMock", "Prism"]) ports.set(name, await freePort());
  const peers: Peer[] = [];
  const skipped: string[] = [];
  for (const [name, launch] of await launches(dir, peersDir, body, (peer) => ports.get(peer) as number)) {
    if ("missing" in launch) {
      skipped.push(`${name}: ${launch.missing}`);
      continue;
    }
    const log = openSync(join(dir, `peer-${name}.log`), "w");
    const child = spawn(launch.command, launch.args, { stdio: ["ignore", log, log] });
    const url = new URL(`http://127.0.0.1:${ports.get(name)}${PEER_PATH}`);
    try {
      await answering(url, child, 90_000);
      const answer = Buffer.from(await (await fetch(url)).arrayBuffer());
      if (!answer.equals(body)) skipped.push(`${name}: answered with other bytes than the page (${answer.length} vs ${body.length}); measured all the same`);
      peers.push({ name, url, process: child });
    } catch (error) {
      child.kill("SIGKILL");
      skipped.push(`${name}: did not start (${(error as Error).message}; see ${join(dir, `peer-${name}.log`)})`);
    }
  }
  return { peers, skipped };
}
