#!/usr/bin/env node
/** `playground`: parse flags, start the server, print the banner, log requests, shut down on a signal. */
import { describeListenError, parseCommandLine, type StartCommand, type VerifyCommand } from "./cli/args.js";
import type { VerifyReport } from "./control/verify.js";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogEntry } from "./http/log.js";
import { packageVersion } from "./package-info.js";
import type { Playground } from "./server.js";
import type { CredentialsInput } from "./types.js";
import { PlaygroundError } from "./errors.js";
import { helpFor, wrap } from "./cli/help.js";
import { describeProblems, readResourceFile } from "./resources/schema.js";

/** `--credentials FILE`: JSON in the shape of `config.credentials` (checked by createServer). */
function readCredentials(file: string): CredentialsInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    fail(`cannot read --credentials file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected a JSON object");
    return parsed as CredentialsInput;
  } catch (error) {
    fail(`--credentials file ${file} is not a JSON object like {"basic": {"username", "password"}, "bearer", "apiKey", "session": {"username", "password"}}: ${(error as Error).message}`, 2);
  }
}

/** The status of a request log line (`... HTTP/1.1" 200 -`), or 0 for other lines. */
function statusOf(line: string): number {
  return Number(/" (\d{3}) -/.exec(line)?.[1] ?? 0);
}

function fail(message: string, code: number): never {
  process.stderr.write(`playground: error: ${message}\n`);
  process.exit(code);
}

/** Log lines are gathered and written once per turn of the event loop: one syscall for many requests. */
function batchedWriter(write: (text: string) => void): (line: string) => void {
  let pending: string[] = [];
  const flush = (): void => {
    const text = pending.join("\n") + "\n";
    pending = [];
    write(text);
  };
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

async function start(command: StartCommand): Promise<void> {
  // Loaded only to start: --help and --version stay instant.
  const [{ createServer }, { isLoopback }, { renderBanner, renderShortBanner }, { colorizeLog }, { launchedByNpm, watchLauncher }] = await Promise.all([
    import("./server.js"), import("./http/address.js"), import("./describe/banner.js"), import("./http/log.js"), import("./cli/launcher.js"),
  ]);
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR && !command.json;
  const writeLog = batchedWriter((text) => process.stdout.write(text));
  let credentials: CredentialsInput | undefined;
  if (command.credentialsFile !== undefined) credentials = readCredentials(command.credentialsFile);
  const resources = command.resourcesFile === undefined ? undefined : readResources(command.resourcesFile);
  const https = command.https === undefined || command.https === true ? command.https
    : { cert: readText(command.https.certFile, "--tls-cert"), key: readText(command.https.keyFile, "--tls-key") };
  const log = command.quiet ? false as const
    : command.json ? (_line: string, entry: LogEntry) => writeLog(JSON.stringify(entry))
      : (line: string) => writeLog(color ? colorizeLog(line, statusOf(line)) : line);
  let playground: Playground;
  try {
    playground = createServer({
    seed: command.seed,
    records: command.records,
    host: command.host,
    allowedHosts: command.allowedHosts,
    rateLimit: command.rateLimit ? { capacity: command.capacity, refillPerSecond: command.refillPerSecond } : false,
    tokenTtlSeconds: command.tokenTtlSeconds,
    accessTokenTtlSeconds: command.accessTokenTtlSeconds,
    refreshRotation: command.refreshRotation,
    ...(command.oauthRedirectUris === undefined ? {} : { oauthRedirectUris: command.oauthRedirectUris }),
    compression: command.compression,
    softDelete: command.softDelete,
    exportJobSeconds: command.exportJobSeconds,
    ...(command.schemaDriftMinutes === undefined ? {} : { schemaDriftMinutes: command.schemaDriftMinutes }),
    ...(command.churnMix === undefined ? {} : { churnMix: command.churnMix }),
    ...(command.requireAuth === undefined ? {} : { requireAuth: command.requireAuth }),
    faults: {
      latency: command.latency, errorRate: command.errorRate, dropRate: command.dropRate, slowBodyRate: command.slowBodyRate,
      ...(command.faultPaths === undefined ? {} : { faultPaths: command.faultPaths }),
    },
    ...(command.churnSeconds === undefined ? {} : { churnSeconds: command.churnSeconds }),
    ...(command.epochMs === undefined ? {} : { epoch: command.epochMs }),
    ...(credentials === undefined ? {} : { credentials }),
    ...(command.adminToken === undefined ? {} : { adminToken: command.adminToken }),
    journal: command.journal,
    retryAfterFormat: command.retryAfterFormat,
    ...(https === undefined ? {} : { https }),
    ...(resources === undefined ? {} : { resources }),
    log,
    });
  } catch (error) {
    if (error instanceof PlaygroundError) fail(command.credentialsFile === undefined ? error.message : `${command.credentialsFile}: ${error.message}`, 2);
    throw error;
  }
  // Signals are handled before anything is printed, so a signal sent on seeing the banner is never lost.
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(0);
    stopping = true;
    void playground.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Started by npm (`npm start`, `npx playground start`): a signal to npm does not reach this process,
  // so it stops by itself once npm, or the shell npm ran it in, is gone.
  if (launchedByNpm(process.env)) watchLauncher(stop);
  let url: URL;
  try {
    url = await playground.listen(command.port, command.host);
  } catch (error) {
    fail(describeListenError(error as NodeJS.ErrnoException, command.host, command.port), 1);
  }
  const address = playground.server.address() as AddressInfo;
  const caFile = playground.certificateAuthority === undefined ? undefined : writeCertificateAuthority(playground.certificateAuthority);
  // Warnings first, so they lead the screen rather than follow 50 lines of banner.
  if (!isLoopback(address.address)) {
    warn(`listening on ${address.address}: anyone who can reach port ${address.port} can use the API with the credentials below`);
    if (command.seed !== undefined && credentials?.oauth2 === undefined) {
      warn(`with --seed and no --credentials FILE, the credentials follow from the seed, and the data served gives the seed away: ` +
        `anyone who can reach port ${address.port} can work them out; give --credentials FILE (with an oauth2 client)`);
    }
  }
  if (command.quiet) {
    // The origin, without a trailing slash: `${url}/pagination/offset` is then a single-slash path.
    process.stdout.write(`${url.origin}\n`);
    if (caFile !== undefined) process.stderr.write(`playground: https: clients trust the certificate authority in ${caFile}\n`);
  } else if (command.json) {
    // One line a harness reads to know everything; the credentials are there even off loopback (this is the local terminal).
    const config = playground.config();
    const https = config.https === undefined || caFile === undefined ? {} : { https: { ...config.https, caFile } };
    process.stdout.write(`${JSON.stringify({ ...config, seed: playground.seed, credentials: playground.credentials, ...https })}\n`);
  } else {
    const rateLimit = playground.rateLimit === undefined ? "off"
      : `on (capacity ${playground.rateLimit.capacity}, ${playground.rateLimit.refillPerSecond} tokens/s)`;
    process.stdout.write((command.banner === "short" ? renderShortBanner : renderBanner)({
      version: packageVersion(),
      origin: url.origin,
      port: address.port,
      credentials: playground.credentials,
      seed: playground.seed,
      seedPinned: command.seed !== undefined,
      records: playground.records,
      rateLimit,
      simulations: playground.simulations,
      tokenTtlSeconds: playground.tokenTtlSeconds,
      accessTokenTtlSeconds: playground.accessTokenTtlSeconds,
      ...(playground.requireAuth === undefined ? {} : { requireAuth: playground.requireAuth }),
      dataChanges: playground.dataChanges,
      docs: `${url.origin}/docs`,
      ...(isLoopback(address.address) || command.adminToken !== undefined ? { inspector: `${url.origin}/__playground/inspect` } : {}),
      ...(caFile === undefined ? {} : { caFile }),
      ...(playground.resources.length === 0 ? {} : { declared: playground.resources }),
      ...(command.epochMs === undefined ? {} : { epoch: playground.epoch }),
    }) + "\n");
  }
}

/** `--resources FILE`: JSON, checked here so each problem is reported against the file's name. */
function readResources(file: string): unknown {
  const text = readText(file, "--resources");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`${file} is not JSON: ${(error as Error).message}`, 2);
  }
  const read = readResourceFile(parsed);
  if ("problems" in read) fail(`${file}: ${describeProblems(read.problems)}`, 2);
  return parsed;
}

/** A PEM file the CLI was given (`--tls-cert`, `--tls-key`); a usage error when it cannot be read. */
function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    fail(`cannot read ${flag} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
  }
}

/** The certificate authority of `--https`, written for clients to trust: a new folder per run, removed at exit. */
function writeCertificateAuthority(pem: string): string {
  const folder = mkdtempSync(join(tmpdir(), "connector-playground-tls-"));
  const file = join(folder, "ca.pem");
  writeFileSync(file, pem);
  process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
  return file;
}

/** A warning on stderr, wrapped to 100 columns (later lines indented by two spaces). */
function warn(message: string): void {
  process.stderr.write(`${wrap(`playground: warning: ${message}`, 98).join("\n  ")}\n`);
}

function main(argv: readonly string[]): void {
  let command;
  try {
    command = parseCommandLine(argv, process.env);
  } catch (error) {
    if (error instanceof PlaygroundError) fail(error.message, 2);
    throw error;
  }
  if (command.kind === "help") process.stdout.write(helpFor(command.command));
  else if (command.kind === "version") process.stdout.write(`${packageVersion()}\n`);
  else if (command.kind === "verify") void verify(command);
  else void start(command);
}

/** Content types by file extension (anything else: the server looks at the first character). */
const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  ".json": "application/json", ".ndjson": "application/x-ndjson", ".jsonl": "application/x-ndjson", ".csv": "text/csv",
};

/** `playground verify FILE --url URL`: streams the file to the verifier, prints the report, exits 0 (ok) or 1. */
async function verify(command: VerifyCommand): Promise<void> {
  const [{ createReadStream, statSync }, { request }, { extname }, { formatReport }] = await Promise.all([
    import("node:fs"), import("node:http"), import("node:path"), import("./control/verify-report.js"),
  ]);
  try {
    if (!statSync(command.file).isFile()) fail(`${command.file} is not a file`, 2);
  } catch (error) {
    fail(`cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
  }
  const type = UPLOAD_TYPES[extname(command.file).toLowerCase()];
  const target = new URL("/__playground/verify", command.url);
  if (command.updatedField !== undefined) target.searchParams.set("updated_field", command.updatedField);
  if (command.resource !== undefined) target.searchParams.set("resource", command.resource);
  const reply = await new Promise<{ status: number; text: string }>((resolve) => {
    const req = request(target, {
      method: "POST",
      headers: { "Content-Type": type ?? "application/octet-stream", ...(command.adminToken === undefined ? {} : { "X-Playground-Admin-Token": command.adminToken }) },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => { text += chunk; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => fail(`cannot reach the playground at ${command.url.origin}: ${error.code ?? error.message}`, 2));
    createReadStream(command.file).on("error", (error: NodeJS.ErrnoException) => fail(`cannot read ${command.file}: ${error.code ?? error.message}`, 2)).pipe(req);
  });
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    fail(`the playground answered ${reply.status} with something that is not JSON`, 2);
  }
  if (reply.status !== 200) fail(`the playground refused the upload (${reply.status}): ${(body as { error?: string }).error ?? reply.text}`, 2);
  const report = body as VerifyReport;
  process.stdout.write(formatReport(report));
  process.exit(report.ok ? 0 : 1);
}

main(process.argv.slice(2));
