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

const EXPECTED = [
  "ok requests-oauthlib client_credentials", "ok requests-oauthlib refresh rotates", "ok a used refresh token is invalid_grant",
  "ok expired token: 401 invalid_token", "ok requests-oauthlib recovers by refreshing", "ok authorize redirects with code and state",
  "ok authlib code + PKCE", "ok authlib refresh as a public client", "ok authlib client_secret_post", "ok requests follows Link to the end",
  "ok httpx follows Link to the end", "ok requests gets a coding and decodes it", "ok httpx gets a coding and decodes it", "",
].join("\n");

/** Starts the CLI with --quiet and these flags; resolves with its URL and what it said on stderr once listening. */
async function startCli(flags: string[]): Promise<{ cli: ReturnType<typeof spawn>; url: string; stderr: () => string }> {
  const cli = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), "start", "--port", "0", "--seed", "9", "--records", "100", "--quiet", ...flags],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  cli.stderr!.on("data", (chunk: Buffer) => { err += chunk.toString(); });
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    cli.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) done(out.trim());
    });
    cli.once("exit", () => fail(new Error(`the CLI exited: ${out} ${err}`)));
  });
  return { cli, url, stderr: () => err };
}

test("requests-oauthlib, Authlib, requests and httpx complete their flows and walks", { skip }, async () => {
  const { cli, url } = await startCli([]);
  try {
    const run = spawnSync(PYTHON, [join(root, "test/clients/oauth_clients.py"), url], {
      encoding: "utf8", timeout: 120_000,
      // Both libraries refuse plain http unless told it is fine (see the HTTPS test below for the other way).
      env: { ...process.env, OAUTHLIB_INSECURE_TRANSPORT: "1", AUTHLIB_INSECURE_TRANSPORT: "1", PYTHONDONTWRITEBYTECODE: "1" },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, EXPECTED);
  } finally {
    cli.kill("SIGTERM");
  }
});

test("with --https, the same unmodified flows pass with no insecure-transport variable, verifying the printed certificate authority", { skip }, async () => {
  const { cli, url, stderr } = await startCli(["--https"]);
  try {
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((done) => setTimeout(done, 100));
    const caFile = /clients trust the certificate authority in (\S+)\n/.exec(stderr())?.[1];
    assert.ok(caFile !== undefined, stderr());
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: "1", REQUESTS_CA_BUNDLE: caFile, SSL_CERT_FILE: caFile };
    delete env.OAUTHLIB_INSECURE_TRANSPORT;
    delete env.AUTHLIB_INSECURE_TRANSPORT;
    const run = spawnSync(PYTHON, [join(root, "test/clients/oauth_clients.py"), url], { encoding: "utf8", timeout: 120_000, env });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, EXPECTED);
    // Without the authority, verification fails: the certificate is checked, not waved through.
    const { REQUESTS_CA_BUNDLE: _a, SSL_CERT_FILE: _b, ...untrusting } = env;
    const refused = spawnSync(PYTHON, ["-c", "import requests, sys; requests.get(sys.argv[1] + '/__playground/health')", url], { encoding: "utf8", env: untrusting });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /CERTIFICATE_VERIFY_FAILED/);
  } finally {
    cli.kill("SIGTERM");
  }
});
