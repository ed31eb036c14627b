/**
 * The single executable (`npm run build:exe`), run as someone without Node.js would: copied out of the
 * clone, with a PATH that holds no `node`, it serves a pagination walk and verifies the sync.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pythonRecipe } from "../helpers.js";

const built = join(import.meta.dirname, "..", "..", "dist", "exe", process.platform === "win32" ? "connector-playground.exe" : "connector-playground");
const home = mkdtempSync(join(tmpdir(), "playground-exe-"));
after(() => rmSync(home, { recursive: true, force: true }));
/** A PATH with one empty folder: no node, no npm. */
const emptyBin = join(home, "bin");
mkdirSync(emptyBin);
const env = { PATH: emptyBin, HOME: home };

test("the executable exists (npm run build:exe) and there is no node on the PATH it runs with", () => {
  assert.ok(existsSync(built), `${built} is missing: run npm run build:exe first`);
  const node = spawnSync("node", ["--version"], { env, cwd: home });
  assert.equal((node.error as NodeJS.ErrnoException | undefined)?.code, "ENOENT");
});

test("copied out of the clone, with no node on PATH: --version, a pagination walk, and verify says OK", async () => {
  const exe = join(home, "connector-playground");
  copyFileSync(built, exe);
  const version = spawnSync(exe, ["--version"], { env, cwd: home, encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);

  const server = spawn(exe, ["start", "--port", "0", "--quiet", "--seed", "7", "--epoch", "2026-01-01T00:00:00Z"], { env, cwd: home });
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      let out = "";
      server.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        const match = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (match !== null) resolve(match[1]!);
      });
      server.on("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
    // Walk next_page_url to the end, as a connector would.
    const synced: { id: string; updatedAt: string }[] = [];
    let next: string | null = `${origin}/pagination/next_page_url?per_page=50`;
    while (next !== null) {
      const page = await (await fetch(next)).json() as { data: { id: string; updatedAt: string }[]; next_page_url: string | null };
      synced.push(...page.data.map(({ id, updatedAt }) => ({ id, updatedAt })));
      next = page.next_page_url;
    }
    assert.equal(synced.length, 200);
    assert.equal(new Set(synced.map((row) => row.id)).size, 200);
    const file = join(home, "synced.ndjson");
    writeFileSync(file, synced.map((row) => JSON.stringify(row)).join("\n"));
    const verify = spawnSync(exe, ["verify", file, "--url", origin], { env, cwd: home, encoding: "utf8" });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK: 200 record\(s\) expected, 200 received\n/);
    // One record fewer: verify says what is missing and exits 1.
    writeFileSync(file, synced.slice(1).map((row) => JSON.stringify(row)).join("\n"));
    const short = spawnSync(exe, ["verify", file, "--url", origin], { env, cwd: home, encoding: "utf8" });
    assert.equal(short.status, 1);
    assert.match(short.stdout, new RegExp(`^NOT OK: 200 record\\(s\\) expected, 199 received\\n +1  missing: [^\\n]*\\n +${synced[0]!.id}\\n`));
  } finally {
    server.kill("SIGTERM");
  }
});

test("README's Python recipe with its default command: connector-playground found on PATH, no node anywhere on it", () => {
  const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
  assert.equal(python.status, 0, "python3 is needed for this test (.ci/run installs it)");
  const onPath = join(home, "path");
  mkdirSync(onPath, { recursive: true });
  copyFileSync(built, join(onPath, "connector-playground"));
  const project = join(home, "project");
  mkdirSync(project, { recursive: true });
  for (const [name, text] of pythonRecipe()) writeFileSync(join(project, name), text);
  const runner = join(import.meta.dirname, "..", "python", "run_recipe.py");
  const result = spawnSync(python.stdout.trim(), ["-I", runner, project], {
    cwd: project, encoding: "utf8", timeout: 120_000, env: { PATH: `${onPath}:${emptyBin}`, HOME: home, PYTHONDONTWRITEBYTECODE: "1" },
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.equal(result.stdout, "passed test_config_has_everything\npassed test_fail_twice_then_succeed\npassed test_journal_and_summary\npassed test_the_same_sync_over_https\n4 passed\n");
});
