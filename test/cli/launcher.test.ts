import assert from "node:assert/strict";
import { test } from "node:test";
import { launchedByNpm, parentOf } from "../../src/cli/launcher.js";

test("launchedByNpm reads the variables npm sets for scripts and npm exec", () => {
  assert.equal(launchedByNpm({}), false);
  assert.equal(launchedByNpm({ npm_lifecycle_event: "start" }), true);
  assert.equal(launchedByNpm({ npm_command: "exec" }), true);
});

test("parentOf reads the parent pid from /proc/<pid>/stat, even when the command name holds spaces and parentheses", () => {
  assert.equal(parentOf(10, () => "10 (node) S 4321 10 10 0 -1 4194560"), 4321);
  assert.equal(parentOf(10, () => "10 (my (odd) name) S 77 10 10 0"), 77);
  // init, or no /proc: nothing to watch.
  assert.equal(parentOf(10, () => "10 (node) S 1 10 10"), undefined);
  assert.equal(parentOf(10, () => { throw new Error("ENOENT"); }), undefined);
  assert.equal(parentOf(process.pid), process.platform === "linux" ? process.ppid : undefined);
});
