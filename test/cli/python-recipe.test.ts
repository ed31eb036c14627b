/**
 * README's "Use from Python tests", run as written: its three files are copied out of README.md and run
 * against this checkout with python3's standard library only (a stand-in for pytest.fixture,
 * test/python/run_recipe.py), and with pytest itself where it is installed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { pythonRecipe } from "../helpers.js";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";

const root = resolve(import.meta.dirname, "../..");
const FILES = ["playground_fixture.py", "conftest.py", "test_connector.py"];

const recipe = pythonRecipe;

// The playground as the recipe starts it: this checkout's CLI through tsx (a fresh clone has no dist/).
const env = { ...process.env, PLAYGROUND_COMMAND: `${process.execPath} --import tsx ${join(root, "src/cli.ts")}`, PYTHONDONTWRITEBYTECODE: "1" };

test("the README's Python recipe passes with the standard library only, and under pytest where installed", () => {
  const files = recipe();
  assert.deepEqual([...files.keys()], FILES);
  const directory = mkdtempSync(join(tmpdir(), "playground-python-"));
  try {
    for (const [name, text] of files) writeFileSync(join(directory, name), text);
    const stdlib = spawnSync("python3", ["-I", join(root, "test/python/run_recipe.py"), directory], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    assert.equal(stdlib.status, 0, `${stdlib.stdout}\n${stdlib.stderr}`);
    assert.equal(stdlib.stdout, "passed test_config_has_everything\npassed test_fail_twice_then_succeed\npassed test_journal_and_summary\npassed test_the_same_sync_over_https\n4 passed\n");
    const hasPytest = spawnSync("python3", ["-c", "import pytest"], { env }).status === 0;
    if (hasPytest) {
      const pytest = spawnSync("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", directory], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
      assert.equal(pytest.status, 0, `${pytest.stdout}\n${pytest.stderr}`);
      assert.match(pytest.stdout, /4 passed/);
    } else {
      console.log("# pytest not installed: the recipe ran with the standard library only");
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
