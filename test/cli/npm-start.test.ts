/**
 * `npm start`, as README tells a new user to run it: its quiet form prints only the URL, and a signal to
 * npm (what a test harness sends to the process it started) stops the server too, freeing the port.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { resolve } from "node:path";
import { after, test } from "node:test";

const repo = resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); done(true); });
    socket.once("error", () => done(false));
  });
}

/** Every npm a test started: a failed assertion must not leave one running (nor keep this file from ending). */
const children = new Set<ReturnType<typeof spawn>>();
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

// SIGTERM and SIGINT reach the server (npm forwards them, and the start script execs node); SIGKILL
// cannot be forwarded, so the server notices that its launcher is gone.
for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"] as const) {
  test(`npm start --silent -- --quiet prints only the URL; ${signal} to npm frees the port within 2 s`, async () => {
    const child = spawn(npm, ["start", "--silent", "--", "--port", "0", "--quiet"], { cwd: repo, env: { ...process.env, NO_COLOR: "1" } });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const base = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL within 90 s; stdout: ${stdout} stderr: ${stderr}`)), 90_000);
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const match = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (match !== null) {
          clearTimeout(timer);
          done(match[1]!);
        }
      });
    });
    const port = Number(new URL(base).port);
    assert.equal((await fetch(`${base}/pagination/offset?limit=1`)).status, 200);
    child.kill(signal);
    await exited;
    const signalledAt = Date.now();
    while (await listening(port)) {
      assert.ok(Date.now() - signalledAt < 2_000, `port ${port} still taken 2 s after npm got ${signal}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    assert.equal(stdout, `${base}\n`, "only the URL on stdout");
    assert.equal(stderr, "", "nothing on stderr");
  });
}
