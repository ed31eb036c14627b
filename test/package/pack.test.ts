/**
 * The package as users get it: `npm pack`, then `npm install --offline` of the tarball into an empty
 * project, then every way of using it. Run with `npm run test:package` (also from .ci/run).
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";

const repo = resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
let work: string;
let project: string;
let tarball: string;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });
}

/** Starts `node <cli> start --port 0 --quiet`, fetches one page, stops it with SIGTERM; resolves with the page. */
function startAndFetch(cli: string, cwd: string, extra: string[] = [], path = "/pagination/offset?limit=2"): Promise<{ status: number; body: string; exitCode: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, "start", "--port", "0", "--quiet", ...extra], { cwd });
    let stdout = "";
    child.on("error", reject);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /^(http:\/\/\S+)\n/.exec(stdout);
      if (match === null) return;
      get(new URL(path, match[1]), (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (c: string) => { body += c; }).on("end", () => {
          child.once("exit", (code) => resolvePromise({ status: res.statusCode ?? 0, body, exitCode: code }));
          child.kill("SIGTERM");
        });
      }).on("error", reject);
    });
  });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), "playground-package-"));
  const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], repo)) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path).sort();
  // Only what runs and documents the package.
  for (const file of files) assert.match(file, /^(dist\/.*\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/, `unexpected file in the tarball: ${file}`);
  assert.ok(files.includes("dist/cli.js") && files.includes("dist/index.d.ts") && files.includes("LICENSE") && files.includes("README.md"));
  assert.equal(packed[0]!.filename, `connector-playground-${version}.tgz`);
  // The figures README quotes come from this line, and must agree with it: sizes within 10 %, the file count exactly.
  console.log(`# tarball ${packed[0]!.filename}: ${(packed[0]!.size / 1000).toFixed(0)} kB (${(packed[0]!.unpackedSize / 1000).toFixed(0)} kB unpacked), ${files.length} files`);
  const quoted = /The tarball is\s+about (\d+) kB \((\d+) kB unpacked, (\d+) files/.exec(readFileSync(join(repo, "README.md"), "utf8"));
  assert.ok(quoted !== null, "README states the tarball's figures");
  const [, packedKb, unpackedKb, fileCount] = quoted.map(Number);
  assert.ok(Math.abs(packedKb! * 1000 - packed[0]!.size) <= packed[0]!.size * 0.1, `README says ${packedKb} kB, npm pack ${packed[0]!.size} bytes`);
  assert.ok(Math.abs(unpackedKb! * 1000 - packed[0]!.unpackedSize) <= packed[0]!.unpackedSize * 0.1, `README says ${unpackedKb} kB unpacked, npm pack ${packed[0]!.unpackedSize} bytes`);
  assert.equal(fileCount, files.length, "README's file count");
  project = join(work, "project");
  cpSync(join(repo, "test", "package", "fixture"), project, { recursive: true });
  run(npm, ["install", "--offline", "--no-audit", "--no-fund", tarball], project);
});
after(() => rmSync(work, { recursive: true, force: true }));

test("the installed project holds exactly one package and no dependencies", () => {
  const installed = readdirSync(join(project, "node_modules")).filter((name) => !name.startsWith("."));
  assert.deepEqual(installed, ["connector-playground"]);
  const manifest = JSON.parse(readFileSync(join(project, "node_modules", "connector-playground", "package.json"), "utf8")) as Record<string, unknown>;
  assert.equal(manifest.dependencies, undefined);
});

test("npx playground --version prints the version; --help lists the flags; the bin connector-playground is the same command", () => {
  assert.equal(run(npm, ["exec", "--offline", "--", "playground", "--version"], project).trim(), version);
  assert.equal(run(npm, ["exec", "--offline", "--", "connector-playground", "--version"], project).trim(), version);
  const help = run(npm, ["exec", "--offline", "--", "playground", "--help"], project);
  for (const flag of ["--port", "--host", "--seed", "--records", "--rate-limit", "--capacity", "--token-ttl"]) assert.ok(help.includes(flag));
});

test("npx playground start --quiet prints only the URL; SIGTERM to npx frees the port within 2 s", async () => {
  const child = spawn(npm, ["exec", "--offline", "--", "playground", "start", "--port", "0", "--quiet"], { cwd: project });
  let stdout = "";
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const base = await new Promise<string>((done) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (match !== null) done(match[1]!);
    });
  });
  assert.equal(stdout, `${base}\n`);
  child.kill("SIGTERM");
  await exited;
  const port = Number(new URL(base).port);
  const signalledAt = Date.now();
  const listening = (): Promise<boolean> => new Promise((done) => {
    const socket = connect(port, "127.0.0.1").once("connect", () => { socket.destroy(); done(true); }).once("error", () => done(false));
  });
  while (await listening()) {
    assert.ok(Date.now() - signalledAt < 2_000, `port ${port} still taken 2 s after npx got SIGTERM`);
    await new Promise((done) => setTimeout(done, 50));
  }
});

test("the installed CLI starts on a free port and serves a request", async () => {
  const reply = await startAndFetch(join(project, "node_modules", "connector-playground", "dist", "cli.js"), project);
  assert.equal(reply.status, 200);
  assert.equal((JSON.parse(reply.body) as { data: unknown[] }).data.length, 2);
  assert.equal(reply.exitCode, 0);
});

test("import { createServer } from 'connector-playground' works from an .mjs file", () => {
  const out = run(process.execPath, ["use.mjs"], project);
  assert.equal(out.trim(), "200 5 10");
});

test("a .ts file type-checks against the shipped declarations with tsc --noEmit", () => {
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "ES2022", skipLibCheck: false,
      types: ["node"], typeRoots: [join(repo, "node_modules", "@types")],
    },
    files: ["use.ts"],
  }));
  run(process.execPath, [tsc, "-p", "tsconfig.json"], project);
  // And a type error is reported, so the check above means something.
  writeFileSync(join(project, "bad.ts"), 'import { createServer } from "connector-playground";\ncreateServer({ records: "many" });\n');
  writeFileSync(join(project, "tsconfig.bad.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["bad.ts"] }));
  assert.throws(() => run(process.execPath, [tsc, "-p", "tsconfig.bad.json"], project),
    (error: { stdout?: string }) => /bad\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/.test(error.stdout ?? ""));
});

test("a vendored copy runs with no node_modules at all", async () => {
  const vendored = join(work, "air-gapped", "connector-playground");
  cpSync(join(project, "node_modules", "connector-playground"), vendored, { recursive: true });
  assert.equal(statSync(join(vendored, "dist", "cli.js")).isFile(), true);
  const reply = await startAndFetch(join(vendored, "dist", "cli.js"), join(work, "air-gapped"));
  assert.equal(reply.status, 200);
  assert.equal(reply.exitCode, 0);
});

test("the installed CLI serves a billion computed records, the same bytes on every start with the same seed and epoch", async () => {
  const cli = join(project, "node_modules", "connector-playground", "dist", "cli.js");
  const args = ["--records", "1000000000", "--seed", "9", "--epoch", "2026-06-01T00:00:00Z"];
  const path = "/incremental/step?start_id=999999999&end_id=1000000002";
  const reply = await startAndFetch(cli, project, args, path);
  assert.equal(reply.status, 200);
  const records = (JSON.parse(reply.body) as { data: { id: string; updatedAt: string }[] }).data;
  assert.deepEqual(records.map((r) => r.id), ["999999999", "1000000000"]);
  assert.deepEqual(records.map((r) => r.updatedAt), ["2026-05-31T23:59:58Z", "2026-05-31T23:59:59Z"]);
  const again = await startAndFetch(cli, project, args, path);
  assert.equal(again.body, reply.body);
});

test("README's tarball route: npm i -g of the .tgz puts playground and connector-playground on PATH", () => {
  const prefix = join(work, "global");
  run(npm, ["install", "--global", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, tarball], work);
  for (const bin of ["playground", "connector-playground"]) {
    const path = process.platform === "win32" ? join(prefix, `${bin}.cmd`) : join(prefix, "bin", bin);
    assert.equal(run(path, ["--version"], work).trim(), version, bin);
  }
});
