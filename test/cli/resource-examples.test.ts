/**
 * README's "Three APIs to copy", run as written: each resource file and its Python sync loop copied out of
 * README.md; the CLI started with the file, the loop run with python3's standard library against it, and
 * the verifier's answer must be OK.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";

const root = resolve(import.meta.dirname, "../..");
const folder = mkdtempSync(join(tmpdir(), "playground-examples-"));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Every block README marks with `<!-- file: NAME -->`, by name. */
function files(): Map<string, string> {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  return new Map([...readme.matchAll(/<!-- file: (\S+) -->\n```\w+\n([\s\S]*?)```/g)].map((match) => [match[1]!, match[2]!]));
}

/** Starts the CLI with a resource file; resolves with its URL. */
function start(resources: string): Promise<{ url: string; stop: () => void }> {
  const cli = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), "start", "--port", "0", "--quiet", "--seed", "11", "--resources", resources],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  cli.stderr.on("data", (chunk: Buffer) => { err += chunk.toString(); });
  return new Promise((done, fail) => {
    let out = "";
    cli.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) done({ url: out.trim(), stop: () => cli.kill("SIGTERM") });
    });
    cli.once("exit", (code) => fail(new Error(`the CLI exited with ${code}: ${err}`)));
  });
}

const EXAMPLES: [string, string, string][] = [
  ["stripe.json", "sync_stripe.py", "OK 2500 charges\n"],
  ["crm.json", "sync_crm.py", "OK 300 companies\nOK 4000 contacts\n"],
  ["github.json", "sync_github.py", "OK 700 issues\n"],
];

test("README marks three resource files and three sync loops", () => {
  assert.deepEqual([...files().keys()].sort(), EXAMPLES.flatMap(([json, python]) => [json, python]).sort());
});

for (const [json, python, expected] of EXAMPLES) {
  test(`${python} syncs ${json} and the verifier says OK`, async () => {
    const blocks = files();
    writeFileSync(join(folder, json), blocks.get(json)!);
    writeFileSync(join(folder, python), blocks.get(python)!);
    const server = await start(join(folder, json));
    try {
      const run = spawnSync("python3", ["-I", join(folder, python)], { encoding: "utf8", timeout: 120_000, env: { ...process.env, PLAYGROUND_URL: server.url } });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, expected);
    } finally {
      server.stop();
    }
  });
}
