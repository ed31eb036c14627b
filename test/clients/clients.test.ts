/**
 * Standard, unmodified OAuth2 and HTTP client libraries against the CLI: requests-oauthlib, Authlib,
 * requests and httpx (Debian's python3-requests-oauthlib, python3-authlib, python3-httpx; .ci/run installs
 * them). Without them the test is skipped, unless REQUIRE_CLIENTS is set (CI sets it), when it fails.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { test } from "node:test";

const root = resolve(import.meta.dirname, "../..");
// Debian's interpreter, where Debian's packages are (a pyenv or venv python3 on PATH would not see them).
const PYTHON = "/usr/bin/python3";
const available = spawnSync(PYTHON, ["-c", "import requests_oauthlib, authlib, httpx"]).status === 0;
const skip = available ? false : "needs Debian's python3-requests-oauthlib, python3-authlib and python3-httpx";
if (!available && process.env.REQUIRE_CLIENTS) throw new Error(`REQUIRE_CLIENTS is set but the test cannot run: ${skip}`);

test("requests-oauthlib, Authlib, requests and httpx complete their flows and walks", { skip }, async () => {
  const cli = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), "start", "--port", "0", "--seed", "9", "--records", "100", "--quiet"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await new Promise<string>((done, fail) => {
      let out = "";
      cli.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) done(out.trim());
      });
      cli.once("exit", () => fail(new Error(`the CLI exited: ${out}`)));
    });
    const run = spawnSync(PYTHON, [join(root, "test/clients/oauth_clients.py"), url], {
      encoding: "utf8", timeout: 120_000,
      // Both libraries refuse plain http unless told it is fine (a local playground has no TLS).
      env: { ...process.env, OAUTHLIB_INSECURE_TRANSPORT: "1", AUTHLIB_INSECURE_TRANSPORT: "1", PYTHONDONTWRITEBYTECODE: "1" },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, [
      "ok requests-oauthlib client_credentials", "ok requests-oauthlib refresh rotates", "ok a used refresh token is invalid_grant",
      "ok expired token: 401 invalid_token", "ok requests-oauthlib recovers by refreshing", "ok authorize redirects with code and state",
      "ok authlib code + PKCE", "ok authlib refresh as a public client", "ok authlib client_secret_post", "ok requests follows Link to the end",
      "ok httpx follows Link to the end", "ok requests gets a coding and decodes it", "ok httpx gets a coding and decodes it", "",
    ].join("\n"));
  } finally {
    cli.kill("SIGTERM");
  }
});
