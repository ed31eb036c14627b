/** Command-line parsing for `playground`: pure, so every flag and error is unit-tested. */
import { invalid } from "../errors.js";
import { checkHost } from "../http/address.js";
import { parseEpoch } from "../simulate/clock.js";
import { isAllowedHostEntry } from "../codecs/host.js";
import { REQUIRE_AUTH_SCHEMES, type RequireAuth } from "../types.js";
import { parseChurnMix } from "../simulate/churn.js";
import { registrableRedirect } from "../codecs/redirect.js";
import { describeRange, isAdminToken, isFieldName, isPrintableSecret, MIN_ADMIN_TOKEN, faultPathsProblem, isLatencyRange, MAX_LATENCY_MS, parseSetting, SETTINGS, type NumberSetting } from "../options.js";
import { closest } from "../codecs/suggest.js";

export const DEFAULT_PORT = SETTINGS.port.default;

export interface StartCommand {
  readonly kind: "start";
  readonly port: number;
  readonly host: string;
  readonly seed: number | undefined;
  readonly records: number;
  readonly rateLimit: boolean;
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly tokenTtlSeconds: number;
  readonly quiet: boolean;
  readonly latency: number | readonly [number, number];
  readonly errorRate: number;
  readonly dropRate: number;
  readonly slowBodyRate: number;
  readonly faultPaths: readonly string[] | undefined;
  readonly churnSeconds: number | undefined;
  readonly allowedHosts: readonly string[];
  /** One JSON object (the config) on the first line, then log entries as JSON lines. */
  readonly json: boolean;
  /** `--banner short`: the address, credentials and links, without the endpoint tables (absent: the full banner). */
  readonly banner?: "short";
  /** `--resources FILE`: the file declaring your API's resources (read and checked by the CLI). */
  readonly resourcesFile?: string;
  /** `--https` (a certificate made at start-up), or `--tls-cert` and `--tls-key` (files); absent: plain HTTP. */
  readonly https?: true | { readonly certFile: string; readonly keyFile: string };
  /** `--epoch` as epoch ms. */
  readonly epochMs: number | undefined;
  /** `--credentials FILE`: the file's path (read by the CLI). */
  readonly credentialsFile: string | undefined;
  readonly adminToken: string | undefined;
  readonly journal: number;
  readonly retryAfterFormat: "seconds" | "http-date";
  readonly accessTokenTtlSeconds: number;
  readonly refreshRotation: boolean;
  /** `--oauth-redirect-uris`: redirect URIs registered besides loopback ones and /oauth/callback. */
  readonly oauthRedirectUris: readonly string[] | undefined;
  readonly requireAuth: RequireAuth | undefined;
  readonly compression: boolean;
  /** `--churn-mix` as given (checked here, parsed by createServer). */
  readonly churnMix: string | undefined;
  readonly softDelete: boolean;
  readonly schemaDriftMinutes: number | undefined;
  readonly exportJobSeconds: number;
}

/** `playground verify FILE --url URL [--admin-token T] [--updated-field NAME]`: upload what a connector ended with to the verifier. */
export interface VerifyCommand {
  readonly kind: "verify";
  readonly file: string;
  readonly url: URL;
  readonly adminToken: string | undefined;
  /** The field or column holding each record's updatedAt, when neither `updatedAt` nor `updated_at`. */
  readonly updatedField?: string;
  /** `--resource NAME`: verify a declared resource (by its own id field and change cursor). */
  readonly resource?: string;
}

/** `help` names the command whose help was asked for (`playground start --help`), if any. */
export type Command = StartCommand | VerifyCommand | { readonly kind: "help"; readonly command?: string } | { readonly kind: "version" };


const FLAGS_WITH_VALUE = new Set(["--port", "--host", "--seed", "--records", "--capacity", "--refill-rate", "--token-ttl",
  "--latency", "--error-rate", "--drop-rate", "--slow-body-rate", "--fault-paths", "--churn", "--allowed-hosts", "--epoch", "--credentials",
  "--admin-token", "--journal", "--retry-after-format", "--access-token-ttl", "--oauth-refresh-rotation", "--oauth-redirect-uris", "--require-auth", "--compression", "--churn-mix", "--schema-drift", "--export-job-seconds", "--banner", "--tls-cert", "--tls-key", "--resources"]);

/** Every flag `start` takes, for "did you mean". */
const START_FLAGS: readonly string[] = [...FLAGS_WITH_VALUE, "--rate-limit", "--quiet", "--json", "--soft-delete", "--https", "--help", "--version"];

/** Every flag `verify` takes, for "did you mean". */
const VERIFY_FLAGS: readonly string[] = ["--url", "--admin-token", "--updated-field", "--resource", "--help", "--version"];

/**
 * Under npm (`npm start --port 5010`, without `--`), npm keeps the options for itself, sets
 * `npm_config_port=true` and passes only the value on: what to type instead, or "" when that is not it.
 */
function npmTookFlags(env: Readonly<Record<string, string | undefined>>, argument: string): string {
  if (env.npm_lifecycle_event === undefined) return "";
  const taken = START_FLAGS.filter((flag) => env[`npm_config_${flag.slice(2).replaceAll("-", "_")}`] !== undefined);
  const first = taken[0];
  if (first === undefined) return "";
  return `: npm kept ${taken.join(", ")} for itself; put playground's options after '--', like: npm start -- ${first} ${argument}`;
}

/** A numeric flag read per its row in the settings table. */
function numberFlag(setting: NumberSetting & { readonly flag: string }, text: string): number {
  const value = parseSetting(setting, text);
  if (value === undefined) throw invalid(`${setting.flag} must be ${describeRange(setting)}, got '${text}'`);
  return value;
}

function latencyFlag(text: string): number | readonly [number, number] {
  const match = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(text);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? min : Number(match[2]);
  if (match === null || !isLatencyRange(min, max)) {
    const reversed = match !== null && min > max && max <= MAX_LATENCY_MS;
    throw invalid(reversed ? `--latency MIN-MAX needs MIN at most MAX (like ${max}-${min}), got '${text}'`
      : `--latency takes milliseconds (MS or MIN-MAX, at most ${MAX_LATENCY_MS}), got '${text}'`);
  }
  return match[2] === undefined ? min : [min, max];
}

function booleanText(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

/**
 * Parses `process.argv.slice(2)`.
 * @example parseCommandLine(["start", "--port", "0"]).kind // "start"
 */
export function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Command {
  if (argv.includes("--help") || argv.includes("-h")) return argv[0] === "start" || argv[0] === "verify" ? { kind: "help", command: argv[0] } : { kind: "help" };
  if (argv.includes("--version") || argv.includes("-v")) return { kind: "version" };
  const [command, ...rest] = argv;
  if (command === undefined) throw invalid("missing command: use 'playground start' (see 'playground --help')");
  if (command === "verify") return parseVerify(rest);
  if (command !== "start") {
    const meant = closest(command, ["start", "verify"]);
    throw invalid(`unknown command '${command}': ${meant === undefined ? "use 'playground start' or 'playground verify'" : `did you mean 'playground ${meant}'?`} (see 'playground --help')`);
  }
  let port: number = SETTINGS.port.default;
  let host = "127.0.0.1";
  let seed: number | undefined;
  let records: number = SETTINGS.records.default;
  let rateLimit = false;
  let capacity: number = SETTINGS.capacity.default;
  let refillPerSecond: number = SETTINGS.refillRate.default;
  let tokenTtlSeconds: number = SETTINGS.tokenTtl.default;
  let quiet = false;
  let banner: "full" | "short" = "full";
  let latency: number | readonly [number, number] = 0;
  let errorRate = 0;
  let dropRate = 0;
  let slowBodyRate = 0;
  let faultPaths: readonly string[] | undefined;
  let churnSeconds: number | undefined;
  let rateLimitGiven = false;
  let allowedHosts: string[] = [];
  let json = false;
  let epochMs: number | undefined;
  let credentialsFile: string | undefined;
  let https = false;
  let resourcesFile: string | undefined;
  let tlsCert: string | undefined;
  let tlsKey: string | undefined;
  let adminToken: string | undefined;
  let journal: number = SETTINGS.journal.default;
  let retryAfterFormat: "seconds" | "http-date" = "seconds";
  let accessTokenTtlSeconds: number = SETTINGS.accessTokenTtl.default;
  let refreshRotation = true;
  let oauthRedirectUris: readonly string[] | undefined;
  let requireAuth: RequireAuth | undefined;
  let compression = true;
  let churnMix: string | undefined;
  let softDelete = false;
  let schemaDriftMinutes: number | undefined;
  let exportJobSeconds: number = SETTINGS.exportJobSeconds.default;
  const tuning: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    let inline = equals === -1 ? undefined : arg.slice(equals + 1);
    if (flag === "--rate-limit") {
      // Optional value: `--rate-limit`, `--rate-limit=false`, `--rate-limit FALSE`; a following word that
      // is not a flag is its value too, so `--rate-limit yes` is the same mistake as `--rate-limit=yes`.
      if (inline === undefined && rest[i + 1] !== undefined && !(rest[i + 1] as string).startsWith("-")) inline = rest[++i];
      const value = inline === undefined ? true : booleanText(inline);
      if (value === undefined) throw invalid(`--rate-limit must be true or false, got '${inline}'`);
      rateLimit = value;
      rateLimitGiven = inline !== undefined;
      continue;
    }
    if (flag === "--quiet" || flag === "--json" || flag === "--soft-delete" || flag === "--https") {
      if (inline !== undefined) throw invalid(`${flag} takes no value`);
      if (flag === "--quiet") quiet = true;
      else if (flag === "--json") json = true;
      else if (flag === "--https") https = true;
      else softDelete = true;
      continue;
    }
    if (!FLAGS_WITH_VALUE.has(flag)) {
      if (!arg.startsWith("-")) throw invalid(`unexpected argument '${arg}'${npmTookFlags(env, arg)} (see 'playground start --help')`);
      const meant = closest(flag, START_FLAGS);
      throw invalid(`unknown option '${flag}'${meant === undefined ? "" : `: did you mean '${meant}'?`} (see 'playground start --help')`);
    }
    const value = inline ?? rest[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw invalid(`${flag} needs a value`);
    switch (flag) {
      case "--port": port = numberFlag(SETTINGS.port, value); break;
      case "--host":
        if (value.trim() === "") throw invalid("--host needs a value");
        host = checkHost(value, (message) => invalid(`--host ${message}`));
        break;
      case "--seed": seed = numberFlag(SETTINGS.seed, value); break;
      case "--records": records = numberFlag(SETTINGS.records, value); break;
      case "--capacity": capacity = numberFlag(SETTINGS.capacity, value); tuning.push(flag); break;
      case "--refill-rate": refillPerSecond = numberFlag(SETTINGS.refillRate, value); tuning.push(flag); break;
      case "--token-ttl": tokenTtlSeconds = numberFlag(SETTINGS.tokenTtl, value); break;
      case "--latency": latency = latencyFlag(value); break;
      case "--error-rate": errorRate = numberFlag(SETTINGS.errorRate, value); break;
      case "--drop-rate": dropRate = numberFlag(SETTINGS.dropRate, value); break;
      case "--slow-body-rate": slowBodyRate = numberFlag(SETTINGS.slowBodyRate, value); break;
      case "--churn": churnSeconds = numberFlag(SETTINGS.churn, value); break;
      case "--journal": journal = numberFlag(SETTINGS.journal, value); break;
      case "--access-token-ttl": accessTokenTtlSeconds = numberFlag(SETTINGS.accessTokenTtl, value); break;
      case "--oauth-redirect-uris": {
        const uris = value.split(",").map((uri) => uri.trim()).filter((uri) => uri !== "");
        if (uris.length === 0 || uris.length > 100 || uris.some((uri) => registrableRedirect(uri) === undefined)) {
          throw invalid(`--oauth-redirect-uris takes comma-separated absolute http or https URLs without a fragment, got '${value}'`);
        }
        oauthRedirectUris = uris;
        break;
      }
      case "--oauth-refresh-rotation": {
        const rotation = booleanText(value);
        if (rotation === undefined) throw invalid(`--oauth-refresh-rotation must be true or false, got '${value}'`);
        refreshRotation = rotation;
        break;
      }
      case "--export-job-seconds": exportJobSeconds = numberFlag(SETTINGS.exportJobSeconds, value); break;
      case "--schema-drift": schemaDriftMinutes = numberFlag(SETTINGS.schemaDrift, value); break;
      case "--churn-mix":
        if (parseChurnMix(value) === undefined) {
          throw invalid(`--churn-mix takes weights 0-1000 for update, insert and delete (at least one above 0), like update:8,insert:1,delete:1, got '${value}'`);
        }
        churnMix = value;
        break;
      case "--compression": {
        const on = booleanText(value);
        if (on === undefined) throw invalid(`--compression must be true or false, got '${value}'`);
        compression = on;
        break;
      }
      case "--require-auth":
        if (!(REQUIRE_AUTH_SCHEMES as readonly string[]).includes(value)) {
          throw invalid(`--require-auth must be one of ${REQUIRE_AUTH_SCHEMES.join(", ")}, got '${value}'`);
        }
        requireAuth = value as RequireAuth;
        break;
      case "--banner":
        if (value !== "short" && value !== "full") throw invalid(`--banner must be full or short, got '${value}'`);
        banner = value;
        break;
      case "--retry-after-format":
        if (value !== "seconds" && value !== "http-date") throw invalid(`--retry-after-format must be seconds or http-date, got '${value}'`);
        retryAfterFormat = value;
        break;
      case "--epoch":
        try {
          epochMs = parseEpoch(value, "--epoch");
        } catch (error) {
          throw invalid(`${(error as Error).message.replace(/, got .*$/, "")}, got '${value}'`);
        }
        break;
      case "--credentials":
        if (value.trim() === "") throw invalid("--credentials needs a file");
        credentialsFile = value;
        break;
      case "--resources":
        if (value.trim() === "") throw invalid("--resources needs a file");
        resourcesFile = value;
        break;
      case "--tls-cert":
      case "--tls-key":
        if (value.trim() === "") throw invalid(`${flag} needs a file`);
        if (flag === "--tls-cert") tlsCert = value;
        else tlsKey = value;
        break;
      case "--admin-token":
        if (!isAdminToken(value)) throw invalid(`--admin-token must be ${MIN_ADMIN_TOKEN}-200 printable characters without spaces`);
        adminToken = value;
        break;
      case "--allowed-hosts": {
        const hosts = value.split(",").map((host) => host.trim()).filter((host) => host !== "");
        if (hosts.length === 0 || hosts.some((host) => !isAllowedHostEntry(host))) {
          throw invalid(`--allowed-hosts takes comma-separated host names ('.domain' for subdomains, '*' for any), got '${value}'`);
        }
        allowedHosts = hosts;
        break;
      }
      case "--fault-paths": {
        const globs = value.split(",").map((glob) => glob.trim()).filter((glob) => glob !== "");
        const problem = faultPathsProblem(globs);
        if (problem === "must be globs starting with '/'") {
          throw invalid(`--fault-paths takes comma-separated globs starting with '/', got '${value}'`);
        }
        if (problem !== undefined) throw invalid(`--fault-paths: ${problem}`);
        faultPaths = globs;
        break;
      }
    }
  }
  if (errorRate + dropRate > 1) throw invalid("--error-rate and --drop-rate together must not exceed 1");
  if (json && quiet) throw invalid("--json and --quiet cannot be used together (--json prints only JSON lines)");
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw invalid("--tls-cert and --tls-key go together: give both files (PEM)");
  // Tuning the bucket means wanting it: never silently ignore --capacity or --refill-rate.
  if (tuning.length > 0) {
    if (!rateLimit && rateLimitGiven) throw invalid(`${tuning[0]} has no effect with --rate-limit false`);
    rateLimit = true;
  }
  return {
    kind: "start", port, host, seed, records, rateLimit, capacity, refillPerSecond, tokenTtlSeconds, quiet,
    latency, errorRate, dropRate, slowBodyRate, faultPaths, churnSeconds, allowedHosts, json, epochMs, credentialsFile, adminToken, journal,
    retryAfterFormat, accessTokenTtlSeconds, refreshRotation, oauthRedirectUris, requireAuth, compression, churnMix, softDelete, schemaDriftMinutes, exportJobSeconds,
    ...(banner === "short" ? { banner } : {}),
    ...(resourcesFile === undefined ? {} : { resourcesFile }),
    ...(tlsCert !== undefined && tlsKey !== undefined ? { https: { certFile: tlsCert, keyFile: tlsKey } } : https ? { https: true as const } : {}),
  };
}

function parseVerify(rest: readonly string[]): VerifyCommand {
  let file: string | undefined;
  let url: URL | undefined;
  let adminToken: string | undefined;
  let updatedField: string | undefined;
  let resource: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (flag === "--url" || flag === "--admin-token" || flag === "--updated-field" || flag === "--resource") {
      const value = equals === -1 ? rest[++i] : arg.slice(equals + 1);
      if (value === undefined || value === "") throw invalid(`${flag} needs a value`);
      if (flag === "--resource") {
        if (!/^[a-z][a-z0-9_]{0,39}$/.test(value)) throw invalid(`--resource must be a declared resource's name (lower case letters, digits and _), got '${value.slice(0, 50)}'`);
        resource = value;
      } else if (flag === "--updated-field") {
        if (!isFieldName(value)) throw invalid("--updated-field must be 1-100 printable characters without spaces");
        updatedField = value;
      } else if (flag === "--admin-token") {
        if (!isPrintableSecret(value)) throw invalid("--admin-token must be 1-200 printable characters without spaces");
        adminToken = value;
      } else {
        try {
          url = new URL(value);
        } catch {
          url = undefined;
        }
        if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) throw invalid(`--url must be the playground's http URL, like http://127.0.0.1:5001, got '${value}'`);
      }
    } else if (arg.startsWith("-")) {
      const meant = closest(flag, VERIFY_FLAGS);
      throw invalid(`unknown option '${flag}' for verify${meant === undefined ? "" : `: did you mean '${meant}'?`} (see 'playground verify --help')`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw invalid(`unexpected argument '${arg}' (verify takes one file)`);
    }
  }
  if (file === undefined) throw invalid("verify needs a file: playground verify FILE --url URL");
  if (url === undefined) throw invalid("verify needs --url, the playground's address, like http://127.0.0.1:5001");
  return { kind: "verify", file, url, adminToken, ...(updatedField === undefined ? {} : { updatedField }), ...(resource === undefined ? {} : { resource }) };
}

/** One line explaining why the server could not listen. */
export function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case "EADDRINUSE":
      return `port ${port} is already in use on ${host}; choose another with --port N, or --port 0 for any free port`;
    case "EACCES":
      return `no permission to listen on ${host}:${port} (ports below 1024 usually need privileges); try --port 5001`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot listen on host '${host}': no such local address`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}
