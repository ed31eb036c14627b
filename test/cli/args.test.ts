import assert from "node:assert/strict";
import { test } from "node:test";
import { describeListenError, parseCommandLine } from "../../src/cli/args.js";
import { HELP } from "../../src/cli/help.js";
import { invalid, PlaygroundError } from "../../src/errors.js";

const NO_FAULTS = { latency: 0, errorRate: 0, dropRate: 0, slowBodyRate: 0, faultPaths: undefined, churnSeconds: undefined, allowedHosts: [],
  json: false, epochMs: undefined, credentialsFile: undefined, adminToken: undefined, oauthRedirectUris: undefined, journal: 1000, retryAfterFormat: "seconds",
  accessTokenTtlSeconds: 3600, refreshRotation: true, requireAuth: undefined, compression: true,
  churnMix: undefined, softDelete: false, schemaDriftMinutes: undefined, exportJobSeconds: 6 };
const DEFAULTS = { kind: "start", port: 5001, host: "127.0.0.1", seed: undefined, records: 200, rateLimit: false, capacity: 20, refillPerSecond: 10, tokenTtlSeconds: 3600, quiet: false, ...NO_FAULTS };

test("start with defaults, and every flag in both --flag value and --flag=value forms", () => {
  assert.deepEqual(parseCommandLine(["start"]), DEFAULTS);
  assert.deepEqual(parseCommandLine(["start", "--port", "0", "--host=0.0.0.0", "--seed", "42", "--records=1000", "--rate-limit", "--capacity", "5",
    "--refill-rate", "2.5", "--token-ttl", "1", "--quiet"]),
  { kind: "start", port: 0, host: "0.0.0.0", seed: 42, records: 1000, rateLimit: true, capacity: 5, refillPerSecond: 2.5, tokenTtlSeconds: 1, quiet: true, ...NO_FAULTS });
  assert.deepEqual(parseCommandLine(["start", "--latency", "100-500", "--error-rate", "0.3", "--drop-rate=.1", "--slow-body-rate", "1", "--fault-paths", "/pagination/*, /auth/**", "--churn", "5"]),
    { ...DEFAULTS, latency: [100, 500], errorRate: 0.3, dropRate: 0.1, slowBodyRate: 1, faultPaths: ["/pagination/*", "/auth/**"], churnSeconds: 5 });
  assert.equal((parseCommandLine(["start", "--latency", "250"]) as { latency: number }).latency, 250);
  assert.deepEqual((parseCommandLine(["start", "--allowed-hosts", "play.corp.test, .lab.test,*"]) as { allowedHosts: readonly string[] }).allowedHosts, ["play.corp.test", ".lab.test", "*"]);
});

test("control-plane flags: --json, --epoch, --credentials, --admin-token, --journal", () => {
  assert.deepEqual(parseCommandLine(["start", "--json", "--epoch", "2026-01-01T00:00:00Z", "--credentials=creds.json", "--admin-token", "s3cret-s3cret", "--journal", "0"]),
    { ...DEFAULTS, json: true, epochMs: Date.UTC(2026, 0, 1), credentialsFile: "creds.json", adminToken: "s3cret-s3cret", journal: 0 });
  assert.equal((parseCommandLine(["start", "--retry-after-format=http-date"]) as { retryAfterFormat: string }).retryAfterFormat, "http-date");
  assert.deepEqual(parseCommandLine(["start", "--access-token-ttl", "60", "--oauth-refresh-rotation=FALSE", "--require-auth", "oauth2"]),
    { ...DEFAULTS, accessTokenTtlSeconds: 60, refreshRotation: false, requireAuth: "oauth2" });
  assert.equal((parseCommandLine(["start", "--compression", "false"]) as { compression: boolean }).compression, false);
  for (const scheme of ["basic", "bearer", "api_key", "session"]) {
    assert.equal((parseCommandLine(["start", `--require-auth=${scheme}`]) as { requireAuth: string }).requireAuth, scheme);
  }
  const usage: [string[], string][] = [
    [["--epoch", "2026-01-01"], "--epoch must be a UTC time as YYYY-MM-DDTHH:MM:SSZ (whole seconds, years 2000-2999), got '2026-01-01'"],
    [["--epoch", "1999-12-31T23:59:59Z"], "--epoch must be a UTC time as YYYY-MM-DDTHH:MM:SSZ (whole seconds, years 2000-2999), got '1999-12-31T23:59:59Z'"],
    [["--journal", "-1"], "--journal must be an integer from 0 to 1000000, got '-1'"],
    [["--admin-token", "has space but long"], "--admin-token must be 12-200 printable characters without spaces"],
    [["--admin-token", "s3cret"], "--admin-token must be 12-200 printable characters without spaces"],
    [["--json=yes"], "--json takes no value"],
    [["--access-token-ttl", "0"], "--access-token-ttl must be an integer from 1 to 315360000, got '0'"],
    [["--oauth-refresh-rotation", "maybe"], "--oauth-refresh-rotation must be true or false, got 'maybe'"],
    [["--compression", "off"], "--compression must be true or false, got 'off'"],
    [["--require-auth", "digest"], "--require-auth must be one of basic, bearer, api_key, session, oauth2, got 'digest'"],
    [["--json", "--quiet"], "--json and --quiet cannot be used together (--json prints only JSON lines)"],
    [["--credentials", " "], "--credentials needs a file"],
    [["--retry-after-format", "date"], "--retry-after-format must be seconds or http-date, got 'date'"],
  ];
  for (const [flags, message] of usage) assert.throws(() => parseCommandLine(["start", ...flags]), invalid(message), flags.join(" "));
});

test("--rate-limit takes an optional true/false in any case; the bare flag means on", () => {
  const cases: [string[], boolean][] = [
    [["--rate-limit"], true], [["--rate-limit", "true"], true], [["--rate-limit", "FALSE"], false], [["--rate-limit=False"], false],
    [["--rate-limit", "--capacity", "5"], true], [["--rate-limit=TRUE"], true], [["--rate-limit", "false", "--port", "1"], false],
  ];
  for (const [flags, expected] of cases) assert.equal((parseCommandLine(["start", ...flags]) as { rateLimit: boolean }).rateLimit, expected, flags.join(" "));
});

test("--capacity or --refill-rate turn the rate limit on (never silently ignored); hosts are IP addresses or localhost", () => {
  assert.deepEqual(parseCommandLine(["start", "--capacity", "5"]), { ...DEFAULTS, rateLimit: true, capacity: 5 });
  assert.deepEqual(parseCommandLine(["start", "--refill-rate", "2"]), { ...DEFAULTS, rateLimit: true, refillPerSecond: 2 });
  assert.deepEqual(parseCommandLine(["start", "--rate-limit", "true", "--capacity=7"]), { ...DEFAULTS, rateLimit: true, capacity: 7 });
  for (const host of ["::1", "0.0.0.0", "localhost", "LOCALHOST", "192.168.1.10", "::"]) {
    assert.equal((parseCommandLine(["start", "--host", host]) as { host: string }).host, host);
  }
});

test("help and version win wherever they appear", () => {
  assert.deepEqual(parseCommandLine(["--help"]), { kind: "help" });
  assert.deepEqual(parseCommandLine(["start", "-h"]), { kind: "help", command: "start" });
  assert.deepEqual(parseCommandLine(["verify", "--help"]), { kind: "help", command: "verify" });
  assert.deepEqual(parseCommandLine(["serve", "--help"]), { kind: "help" });
  assert.deepEqual(parseCommandLine(["--version"]), { kind: "version" });
  assert.deepEqual(parseCommandLine(["-v"]), { kind: "version" });
  for (const flag of ["--port", "--host", "--seed", "--records", "--rate-limit", "--capacity", "--refill-rate", "--token-ttl", "--quiet", "--help", "--version",
    "--latency", "--error-rate", "--drop-rate", "--slow-body-rate", "--fault-paths", "--churn", "--allowed-hosts"]) {
    assert.ok(HELP.includes(flag), `help mentions ${flag}`);
  }
});

test("mistakes are one-line usage errors", () => {
  const cases: [string[], string][] = [
    [[], "missing command: use 'playground start' (see 'playground --help')"],
    [["serve"], "unknown command 'serve': use 'playground start' or 'playground verify' (see 'playground --help')"],
    [["strat"], "unknown command 'strat': did you mean 'playground start'? (see 'playground --help')"],
    [["verfiy", "a.csv"], "unknown command 'verfiy': did you mean 'playground verify'? (see 'playground --help')"],
    [["start", "--prot", "1"], "unknown option '--prot': did you mean '--port'? (see 'playground start --help')"],
    [["start", "--recrods=5"], "unknown option '--recrods': did you mean '--records'? (see 'playground start --help')"],
    [["start", "--colour"], "unknown option '--colour' (see 'playground start --help')"],
    [["start", "extra"], "unexpected argument 'extra' (see 'playground start --help')"],
    [["start", "--port"], "--port needs a value"],
    [["start", "--port", "--quiet"], "--port needs a value"],
    [["start", "--port", "abc"], "--port must be an integer from 0 to 65535, got 'abc'"],
    [["start", "--port", "70000"], "--port must be an integer from 0 to 65535, got '70000'"],
    [["start", "--records", "0"], "--records must be an integer from 1 to 1000000000, got '0'"],
    [["start", "--seed", "-1"], "--seed must be an integer from 0 to 9007199254740991, got '-1'"],
    [["start", "--capacity", "0"], "--capacity must be an integer from 1 to 1000000000, got '0'"],
    [["start", "--token-ttl", "1.5"], "--token-ttl must be an integer from 1 to 315360000, got '1.5'"],
    [["start", "--refill-rate", "0"], "--refill-rate must be a number > 0, got '0'"],
    [["start", "--refill-rate", "-1"], "--refill-rate must be a number > 0, got '-1'"],
    [["start", "--rate-limit=maybe"], "--rate-limit must be true or false, got 'maybe'"],
    // The same mistake in both spellings gets the same words.
    [["start", "--rate-limit", "yes"], "--rate-limit must be true or false, got 'yes'"],
    [["start", "--rate-limit=0"], "--rate-limit must be true or false, got '0'"],
    [["start", "--rate-limit", "0"], "--rate-limit must be true or false, got '0'"],
    [["start", "--rate-limit", "false", "--capacity", "5"], "--capacity has no effect with --rate-limit false"],
    [["start", "--refill-rate=2", "--rate-limit=FALSE"], "--refill-rate has no effect with --rate-limit false"],
    [["start", "--host", "example.com"], "--host must be an IP address or 'localhost' (host names are not resolved), got 'example.com'"],
    [["start", "--quiet=yes"], "--quiet takes no value"],
    [["start", "--host", " "], "--host needs a value"],
    [["start", "--latency", "fast"], "--latency takes milliseconds (MS or MIN-MAX, at most 600000), got 'fast'"],
    [["start", "--latency", "500-100"], "--latency MIN-MAX needs MIN at most MAX (like 100-500), got '500-100'"],
    [["start", "--latency", "5-700000"], "--latency takes milliseconds (MS or MIN-MAX, at most 600000), got '5-700000'"],
    [["start", "--error-rate", "1.5"], "--error-rate must be a number from 0 to 1, got '1.5'"],
    [["start", "--drop-rate", "-0.1"], "--drop-rate must be a number from 0 to 1, got '-0.1'"],
    [["start", "--slow-body-rate", "half"], "--slow-body-rate must be a number from 0 to 1, got 'half'"],
    [["start", "--error-rate", "0.6", "--drop-rate", "0.5"], "--error-rate and --drop-rate together must not exceed 1"],
    [["start", "--fault-paths", "pagination"], "--fault-paths takes comma-separated globs starting with '/', got 'pagination'"],
    [["start", "--fault-paths", ","], "--fault-paths takes comma-separated globs starting with '/', got ','"],
    [["start", "--churn", "0"], "--churn must be an integer from 1 to 86400, got '0'"],
    [["start", "--allowed-hosts", "a b"], "--allowed-hosts takes comma-separated host names ('.domain' for subdomains, '*' for any), got 'a b'"],
    [["start", "--allowed-hosts", ","], "--allowed-hosts takes comma-separated host names ('.domain' for subdomains, '*' for any), got ','"],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseCommandLine(argv), (error: unknown) => error instanceof PlaygroundError && error.message === message, argv.join(" "));
  }
});

test("listen failures are described in one line", () => {
  const error = (code: string, message = "boom"): NodeJS.ErrnoException => Object.assign(new Error(message), { code });
  // No guessed port (the next one may be busy too): --port 0 always works.
  assert.equal(describeListenError(error("EADDRINUSE"), "127.0.0.1", 5001),
    "port 5001 is already in use on 127.0.0.1; choose another with --port N, or --port 0 for any free port");
  assert.equal(describeListenError(error("EACCES"), "127.0.0.1", 80),
    "no permission to listen on 127.0.0.1:80 (ports below 1024 usually need privileges); try --port 5001");
  assert.equal(describeListenError(error("ENOTFOUND"), "nowhere.invalid", 5001), "cannot listen on host 'nowhere.invalid': no such local address");
  assert.equal(describeListenError(error("EOTHER", "strange"), "::1", 1), "cannot listen on ::1:1: strange");
});

test("verify FILE --url URL [--admin-token T], and its mistakes", () => {
  assert.deepEqual(parseCommandLine(["verify", "out.json", "--url", "http://127.0.0.1:5001"]),
    { kind: "verify", file: "out.json", url: new URL("http://127.0.0.1:5001"), adminToken: undefined });
  assert.deepEqual(parseCommandLine(["verify", "--url=http://h:1/", "--admin-token=t", "x.csv"]), { kind: "verify", file: "x.csv", url: new URL("http://h:1/"), adminToken: "t" });
  assert.deepEqual(parseCommandLine(["verify", "x.csv", "--url", "http://h:1/", "--updated-field", "modified_at"]),
    { kind: "verify", file: "x.csv", url: new URL("http://h:1/"), adminToken: undefined, updatedField: "modified_at" });
  assert.throws(() => parseCommandLine(["verify", "x.csv", "--url", "http://h:1/", "--updated-field", "a b"]), { message: "--updated-field must be 1-100 printable characters without spaces" });
  const mistakes: [string[], string][] = [
    [["verify", "a", "b", "--url", "http://h"], "unexpected argument 'b' (verify takes one file)"],
    [["verify", "a", "--port", "1"], "unknown option '--port' for verify (see 'playground verify --help')"],
    [["verify", "a", "--ulr", "http://h"], "unknown option '--ulr' for verify: did you mean '--url'? (see 'playground verify --help')"],
    [["verify", "a", "--url"], "--url needs a value"],
    [["verify", "a", "--url", "nope"], "--url must be the playground's http URL, like http://127.0.0.1:5001, got 'nope'"],
    [["verify", "a", "--url", "http://h", "--admin-token", "a b"], "--admin-token must be 1-200 printable characters without spaces"],
  ];
  for (const [argv, message] of mistakes) assert.throws(() => parseCommandLine(argv), (error: unknown) => error instanceof PlaygroundError && error.message === message, argv.join(" "));
  assert.match(HELP, /playground verify FILE --url URL/);
});

test("data-change flags: --churn-mix, --soft-delete, --schema-drift, --export-job-seconds, and their mistakes", () => {
  assert.deepEqual(parseCommandLine(["start", "--churn-mix", "update:8,insert:1,delete:1", "--soft-delete", "--schema-drift=30", "--export-job-seconds", "2"]),
    { ...DEFAULTS, churnMix: "update:8,insert:1,delete:1", softDelete: true, schemaDriftMinutes: 30, exportJobSeconds: 2 });
  const mistakes: [string[], string][] = [
    [["--churn-mix", "upsert:1"], "--churn-mix takes weights 0-1000 for update, insert and delete (at least one above 0), like update:8,insert:1,delete:1, got 'upsert:1'"],
    [["--soft-delete=yes"], "--soft-delete takes no value"],
    [["--schema-drift", "0"], "--schema-drift must be an integer from 1 to 525600, got '0'"],
    [["--export-job-seconds", "3601"], "--export-job-seconds must be an integer from 1 to 3600, got '3601'"],
  ];
  for (const [flags, message] of mistakes) {
    assert.throws(() => parseCommandLine(["start", ...flags]), (error: unknown) => error instanceof PlaygroundError && error.message === message, flags.join(" "));
  }
  for (const flag of ["--churn-mix MIX", "--soft-delete", "--schema-drift MINUTES", "--export-job-seconds SECONDS"]) assert.ok(HELP.includes(flag), flag);
});

test("npm start --port 5010 without '--': npm keeps the option, the value arrives alone, and the error says what to type", () => {
  const npm = { npm_lifecycle_event: "start", npm_config_port: "true", npm_config_seed: "true" };
  assert.throws(() => parseCommandLine(["start", "5010", "3"], npm), (error: unknown) => error instanceof PlaygroundError && error.message ===
    "unexpected argument '5010': npm kept --port, --seed for itself; put playground's options after '--', like: npm start -- --port 5010 " +
    "(see 'playground start --help')");
  // Outside npm, or with no option of ours taken, the plain message.
  assert.throws(() => parseCommandLine(["start", "5010"], { npm_config_port: "true" }), { message: "unexpected argument '5010' (see 'playground start --help')" });
  assert.throws(() => parseCommandLine(["start", "5010"], { npm_lifecycle_event: "start" }), { message: "unexpected argument '5010' (see 'playground start --help')" });
});

test("--https, or --tls-cert with --tls-key; one without the other is a usage error", () => {
  const https = parseCommandLine(["start", "--https"]);
  assert.equal(https.kind === "start" ? https.https : undefined, true);
  const own = parseCommandLine(["start", "--tls-cert", "c.pem", "--tls-key=k.pem"]);
  assert.deepEqual(own.kind === "start" ? own.https : undefined, { certFile: "c.pem", keyFile: "k.pem" });
  const plain = parseCommandLine(["start"]);
  assert.equal(plain.kind === "start" ? plain.https : "?", undefined);
  assert.throws(() => parseCommandLine(["start", "--tls-cert", "c.pem"]), { message: "--tls-cert and --tls-key go together: give both files (PEM)" });
  assert.throws(() => parseCommandLine(["start", "--https=yes"]), { message: "--https takes no value" });
  assert.throws(() => parseCommandLine(["start", "--htps"]), { message: "unknown option '--htps': did you mean '--https'? (see 'playground start --help')" });
});

test("verify --resource NAME checks a declared resource; a name that cannot be one is a usage error", () => {
  assert.deepEqual(parseCommandLine(["verify", "x.csv", "--url", "http://h:1/", "--resource", "invoices"]),
    { kind: "verify", file: "x.csv", url: new URL("http://h:1/"), adminToken: undefined, resource: "invoices" });
  assert.throws(() => parseCommandLine(["verify", "x.csv", "--url", "http://h:1/", "--resource", "Invoices!"]),
    { message: "--resource must be a declared resource's name (lower case letters, digits and _), got 'Invoices!'" });
});
