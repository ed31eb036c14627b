/**
 * The playground's lifecycle: options checked once, the run built (src/run/run.ts), the node:http server
 * set up with its timeouts and limits, requests handed to the pipeline (src/http/pipeline.ts), listen and close.
 */
import { randomInt } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createSecureContext } from "node:tls";
import { makeLocalCertificate } from "./http/certificate.js";
import { describeProblems, readResourceFile, type ResourceSpec } from "./resources/schema.js";
import type { AddressInfo, Socket } from "node:net";
import { checkHost, isLoopback, originOf } from "./http/address.js";
import { formatEpoch, formatInstant, parseEpoch, PlaygroundClock } from "./simulate/clock.js";
import { parseScript, type ScriptStep } from "./simulate/fault-script.js";
import type { JournalEntry } from "./control/journal.js";
import { completeFaults, type ChurnChange, type ClockReading, type FaultSettings, type PlaygroundConfig, type RateLimitSettings } from "./run/settings.js";
import { Run } from "./run/run.js";
import type { EndpointSummary } from "./control/summary.js";
import type { LogEntry } from "./http/log.js";
import { parseChurnMix, UPDATES_ONLY, type ChurnMix } from "./simulate/churn.js";
import { checkSetting, isAdminToken, isPrintableSecret, MIN_ADMIN_TOKEN, SETTINGS } from "./options.js";
import { invalid, MESSAGES } from "./errors.js";
import type { FaultOptions } from "./simulate/faults.js";
import { isAllowedHostEntry } from "./codecs/host.js";
import { registrableRedirect } from "./codecs/redirect.js";
import { DEFAULT_HOST } from "./http/read.js";
import { answerClientError, StallWatch, WireHeaders, writeRawError } from "./http/write.js";
import { RequestLogFormat } from "./http/log.js";
import { handleRequest, survive, type RetryAfterFormat, type ServerContext } from "./http/pipeline.js";
import { HostPolicy } from "./http/host-policy.js";
import { Negotiator, Validators } from "./http/represent.js";
import { Encoder } from "./codecs/encoding.js";
import { REQUIRE_AUTH_SCHEMES, type Credentials, type CredentialsInput, type RequireAuth } from "./types.js";

export { DEFAULT_HOST, MAX_BODY_BYTES, MAX_TARGET_LENGTH, originForm } from "./http/read.js";

export const DEFAULT_CAPACITY = SETTINGS.capacity.default;
export const DEFAULT_REFILL_PER_SECOND = SETTINGS.refillRate.default;
export const DEFAULT_STALL_TIMEOUT_MS = SETTINGS.stallTimeout.default;
export const DEFAULT_MAX_CONNECTIONS = SETTINGS.maxConnections.default;

export interface RateLimitOptions {
  /** Bucket size, the largest burst (integer >= 1, default 20). */
  readonly capacity?: number;
  /** Tokens added per second (default 10). */
  readonly refillPerSecond?: number;
}

export interface PlaygroundOptions {
  /**
   * Seed for records, simulated changes and faults, and for the credentials; when absent, a random seed
   * (reported as `seed`) drives the data and the credentials come from node:crypto instead, so the
   * public data cannot reveal them.
   */
  readonly seed?: number;
  /**
   * This run's credentials, set explicitly (each a non-empty printable string without spaces; usernames
   * without `:`). Without `oauth2`, the OAuth2 client is generated from the seed.
   */
  readonly credentials?: CredentialsInput;
  /** Number of user records, 1–1,000,000,000 (default 200): computed when asked for, never stored. */
  readonly records?: number;
  /**
   * While bound to loopback, Host names answered besides loopback ones and the bound address (DNS
   * rebinding protection): host names, `.example.com` for a domain and its subdomains, or `*` for any.
   */
  readonly allowedHosts?: readonly string[];
  /** Address to bind: an IP address or `localhost` (default 127.0.0.1); host names are refused with a PlaygroundError (a RangeError). */
  readonly host?: string;
  /** The token-bucket rate limit: `true` for the defaults, an object to tune it; off when absent or `false`. */
  readonly rateLimit?: boolean | RateLimitOptions;
  /** Session token lifetime in seconds (default 3600). */
  readonly tokenTtlSeconds?: number;
  /** OAuth2 access token lifetime in seconds (default 3600). */
  readonly accessTokenTtlSeconds?: number;
  /** Whether a used refresh token is rejected afterwards (default true, as RFC 9700 advises). */
  readonly refreshRotation?: boolean;
  /**
   * OAuth2 redirect URIs the client may use besides loopback ones (any port) and this server's own
   * `/oauth/callback`: absolute http(s) URLs without a fragment, compared without their query.
   */
  readonly oauthRedirectUris?: readonly string[];
  /**
   * Guard every pagination, incremental, export and cursor endpoint with one scheme (`basic`, `bearer`,
   * `api_key`, `session` or `oauth2`), answering as that scheme's auth endpoint does. Off by default.
   */
  readonly requireAuth?: RequireAuth;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /**
   * Where request log lines go (one call per line, no newline); `false` or absent: no log. A function that
   * declares a second parameter also gets each line's structured entry (the journal entry of an API request).
   */
  readonly log?: false | ((line: string, entry: LogEntry) => void);
  /** Failure simulation (all off by default, all seeded): latency, error, drop and slow-body rates, and the paths they apply to. */
  readonly faults?: FaultOptions;
  /** Every this many seconds, a few random records change (off when absent): see `churnMix`. */
  readonly churnSeconds?: number;
  /**
   * What churn does: relative weights of updates, inserts and deletes, as an object or as `--churn-mix`
   * text (`"update:8,insert:1,delete:1"`). Default: updates only.
   */
  readonly churnMix?: Partial<ChurnMix> | string;
  /** Deleted records stay in every list with `deletedAt` set (null on live records) instead of leaving them. */
  readonly softDelete?: boolean;
  /**
   * Schema drift: this many minutes after the epoch on the playground's clock, every record gains a
   * `phone` member (and the CSV export a last column). Off when absent; `driftSchema()` applies it at once.
   */
  readonly schemaDriftMinutes?: number;
  /** How long an export job takes in seconds, queued then running (default 6; each job within 20 % of it, seeded). */
  readonly exportJobSeconds?: number;
  /**
   * A response whose bytes the client has not taken for this long is abandoned and its connection closed
   * (default 15,000 ms), so clients that never read cannot pin memory. Waiting (latency) is not stalling.
   */
  readonly stallTimeoutMs?: number;
  /** A request body must arrive within this long, else 408 (default 10,000 ms); an upload to the verifier may not pause this long. */
  readonly bodyTimeoutMs?: number;
  /** Most simultaneous connections; more are closed at once (default 2,048). */
  readonly maxConnections?: number;
  /**
   * The instant the data is built from and the clock starts at: `YYYY-MM-DDTHH:MM:SSZ`, a Date or epoch
   * ms (whole seconds, years 2000-2999). With a seed, every start gives byte-identical data. Default: now.
   */
  readonly epoch?: string | number | Date;
  /**
   * How Retry-After is written on 429s and simulated 503s: `seconds` (default) or `http-date` (RFC 9110
   * allows both; many clients only parse the first).
   */
  readonly retryAfterFormat?: RetryAfterFormat;
  /**
   * Compress JSON and CSV answers of 1 KiB or more (and every stream) with br, gzip or deflate when the
   * request's Accept-Encoding accepts one (default true; false: always identity, no Vary).
   */
  readonly compression?: boolean;
  /**
   * Serve HTTPS on the same port: `true` makes a local certificate authority and a certificate for
   * localhost, 127.0.0.1 and ::1 at start-up (trust `certificateAuthority`); `{ cert, key }` (PEM) brings
   * your own. Off by default: plain HTTP, as the original.
   */
  readonly https?: boolean | { readonly cert: string; readonly key: string };
  /**
   * Your own API's resources (the shape of a `--resources` file, see README "Declare your API's
   * resources"): each served at its path with its fields, paging, envelope and auth. Checked at once: a
   * PlaygroundError lists every problem, one per line, each with its JSON path.
   */
  readonly resources?: unknown;
  /** Journal entries kept (default 1,000; 0 turns the journal, its event stream and the summary off). */
  readonly journal?: number;
  /** When set, every control-plane request (but health and the inspector page) needs `X-Playground-Admin-Token: <token>`, on any address. */
  readonly adminToken?: string;
}

export interface Playground {
  /** The underlying node:http server, for embedding. */
  readonly server: Server;
  /**
   * With `https: true`, the certificate authority that signed this run's certificate (PEM): what clients
   * trust (`requests`' `verify=`, `NODE_EXTRA_CA_CERTS`, `curl --cacert`). Undefined otherwise.
   */
  readonly certificateAuthority: string | undefined;
  /** The declared resources (`resources`): name, path and auth scheme of each; empty without any. */
  readonly resources: readonly { readonly name: string; readonly path: string; readonly auth: string }[];
  /** The base URL once listening (e.g. `http://127.0.0.1:5001/`); reading it before `listen` throws. */
  readonly url: URL;
  /** This run's credentials for the auth endpoints. */
  readonly credentials: Credentials;
  /** The seed in use (the given one, or the random one chosen). */
  readonly seed: number;
  /** The instant the data was built from (`epoch`, or the start time), as `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly epoch: string;
  /** The number of user records. */
  readonly records: number;
  /** The rate limit in force, or `undefined` when off. */
  readonly rateLimit: Required<RateLimitOptions> | undefined;
  /** The session token lifetime in seconds. */
  readonly tokenTtlSeconds: number;
  /** The OAuth2 access token lifetime in seconds. */
  readonly accessTokenTtlSeconds: number;
  /** The scheme guarding every data endpoint, or undefined. */
  readonly requireAuth: RequireAuth | undefined;
  /** How the data changes beyond churn (soft deletes, schema drift, export job length), in one line. */
  readonly dataChanges: string;
  /** The active failure simulations in one line (`none` when off), as the banner shows them. */
  readonly simulations: string;
  /** Everything about this run, as `GET /__playground/config` answers it (credentials included only while on loopback). */
  config(): PlaygroundConfig;
  /** The journal, oldest first: entries with seq > `since`, at most `limit`. */
  requests(options?: { readonly since?: number; readonly limit?: number }): JournalEntry[];
  /** Empties the journal and the sync summary (seq keeps counting). */
  clearRequests(): void;
  /** The sync summary per endpoint (what the inspector shows above the list). */
  summary(): EndpointSummary[];
  /** The playground's clock: token expiry, the bucket's refill, churn and timestamps all follow it. */
  readonly clock: ClockControl;
  /** Back to the state right after start: data, bucket, fault stream, script and settings, clock offset, revocations, journal. */
  reset(): void;
  /**
   * Applies `ticks` churn ticks now (default 1; what the `churnSeconds` timer does each time): each
   * gives one to three records a new, later updatedAt. Returns the ids and new updatedAt values.
   */
  churn(ticks?: number): ChurnChange[];
  /** Replaces every fault setting (missing fields take their defaults). */
  setFaults(faults: FaultOptions): FaultSettings;
  /** Queues exact failures ahead of the random ones (see README, "Scripted faults"); returns the whole queue. */
  scriptFaults(steps: readonly ScriptStep[]): (ScriptStep & { readonly remaining: number })[];
  /** Turns the rate limit on or off and tunes it; the bucket starts full. */
  setRateLimit(options: { readonly enabled?: boolean; readonly capacity?: number; readonly refillPerSecond?: number }): RateLimitSettings;
  /** Every session token issued so far is rejected from now on. */
  revokeTokens(): { readonly revokedAt: string };
  /** Schema drift now: every record gains `phone` (the CSV export a last column), as `schemaDriftMinutes` does when due. */
  driftSchema(): { readonly drifted: true; readonly at: string };
  /** Starts listening (port 0 picks a free port; default 0) and resolves with the base URL. */
  listen(port?: number, host?: string): Promise<URL>;
  /** Stops listening, ends event streams and idle keep-alive sockets, and resolves when the server is closed. */
  close(): Promise<void>;
  /** `await using playground = createServer(...)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}


/** The playground's clock (`playground.clock`). */
export interface ClockControl {
  /** The playground's time now, in epoch milliseconds (the real time plus every `advance`). */
  now(): number;
  /**
   * Moves the clock forward by `seconds` (0 to 10 years; never past 9999-12-31): tokens expire, the
   * bucket refills and timestamps move as if that time had passed. Returns the clock's reading after it.
   */
  advance(seconds: number): ClockReading;
  /** The clock's reading: now, the epoch, and the seconds added since the start or the last reset. */
  read(): ClockReading;
}

/**
 * Creates a playground server (not yet listening).
 * @example
 * const playground = createServer({ seed: 42, records: 500 });
 * const url = await playground.listen(0);
 * await fetch(new URL("/pagination/offset?limit=5", url));
 * await playground.close();
 */
export function createServer(options: PlaygroundOptions = {}): Playground {
  const seed = options.seed === undefined ? randomInt(0, 2 ** 32) : checkSetting(SETTINGS.seed, options.seed);
  const records = checkSetting(SETTINGS.records, options.records);
  const tokenTtlSeconds = checkSetting(SETTINGS.tokenTtl, options.tokenTtlSeconds);
  const accessTokenTtlSeconds = checkSetting(SETTINGS.accessTokenTtl, options.accessTokenTtlSeconds);
  const refreshRotation = options.refreshRotation ?? true;
  if (typeof refreshRotation !== "boolean") throw invalid(`refreshRotation must be true or false, got ${JSON.stringify(refreshRotation)}`);
  const oauthRedirectUris = checkRedirectUris(options.oauthRedirectUris ?? []);
  const compression = options.compression ?? true;
  if (typeof compression !== "boolean") throw invalid(`compression must be true or false, got ${JSON.stringify(compression)}`);
  const requireAuth = options.requireAuth;
  if (requireAuth !== undefined && !REQUIRE_AUTH_SCHEMES.includes(requireAuth)) {
    throw invalid(`requireAuth must be one of ${REQUIRE_AUTH_SCHEMES.join(", ")}, got ${JSON.stringify(requireAuth)}`);
  }
  const log = options.log === false || options.log === undefined ? undefined : options.log;
  const rateLimit = resolveRateLimit(options.rateLimit);
  const defaultHost = options.host === undefined ? DEFAULT_HOST : checkHost(options.host, (message) => invalid(`host ${message}`));
  const churnSeconds = options.churnSeconds === undefined ? undefined : checkSetting(SETTINGS.churn, options.churnSeconds);
  const churnMix = checkChurnMix(options.churnMix);
  const schemaDriftMinutes = options.schemaDriftMinutes === undefined ? undefined : checkSetting(SETTINGS.schemaDrift, options.schemaDriftMinutes);
  const softDelete = options.softDelete ?? false;
  const exportJobSeconds = checkSetting(SETTINGS.exportJobSeconds, options.exportJobSeconds);
  if (typeof softDelete !== "boolean") throw invalid(`softDelete must be true or false, got ${JSON.stringify(softDelete)}`);
  const journalSize = checkSetting(SETTINGS.journal, options.journal);
  const adminToken = options.adminToken === undefined ? undefined : checkAdminToken(options.adminToken);
  // Described (and validated) before the records are built.
  const faultSettings = completeFaults(options.faults ?? {});
  const clock = new PlaygroundClock(options.now ?? Date.now, options.epoch === undefined ? undefined : parseEpoch(options.epoch));
  const tls = checkHttps(options.https);
  const resources = options.resources === undefined ? undefined : checkResources(options.resources);
  const run = new Run({
    seed, records, clock, tokenTtlSeconds, accessTokenTtlSeconds, refreshRotation, oauthRedirectUris, requireAuth, softDelete, exportJobSeconds,
    schemaDriftMinutes, journal: journalSize, adminToken, faults: faultSettings, churnSeconds, churnMix, compression,
    credentials: options.credentials !== undefined ? checkCredentials(options.credentials) : options.seed === undefined ? "random" : "seed",
    rateLimit: { enabled: rateLimit !== undefined, capacity: rateLimit?.capacity ?? DEFAULT_CAPACITY, refillPerSecond: rateLimit?.refillPerSecond ?? DEFAULT_REFILL_PER_SECOND },
    origin: () => (url === undefined ? "" : url.origin),
    ...(tls === undefined ? {} : { https: { certificateAuthority: tls.ca ?? null } }),
    ...(resources === undefined ? {} : { resources }),
    onChurn: log === undefined ? undefined : (changed) => {
      const line = changed.every((c) => c.kind === "update")
        ? `[churn] ${changed.length} record(s) updated: ${changed.map((c) => `${c.id} -> ${c.updatedAt}`).join(", ")}`
        : `[churn] ${changed.length} change(s): ${changed.map((c) => c.kind === "update" ? `updated ${c.id} -> ${c.updatedAt}`
          : c.kind === "insert" ? `inserted ${c.id} at ${c.updatedAt}` : `deleted ${c.id} at ${c.deletedAt}`).join(", ")}`;
      if (structuredLog) log(line, { event: "churn", time: formatInstant(clock.now()), changed });
      else (log as (line: string) => void)(line);
    },
  });

  const serverOptions: ServerOptions = {
    // Slow or stalled clients are dropped: headers within 5 s (a body within 10 s: see readBody; an upload
    // may not pause for 10 s), idle keep-alive sockets after 5 s, checked every second.
    headersTimeout: 5_000,
    requestTimeout: 0,
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: 1_000,
    // HTTP/1.0 clients and hand-written requests without Host still get answers (origin from the socket).
    requireHostHeader: false,
  };
  const server: Server = tls === undefined ? createHttpServer(serverOptions) : createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key });
  const allowedHosts = checkAllowedHosts(options.allowedHosts ?? []);
  const stallTimeoutMs = checkSetting(SETTINGS.stallTimeout, options.stallTimeoutMs);
  const bodyTimeoutMs = checkSetting(SETTINGS.bodyTimeout, options.bodyTimeoutMs);
  server.maxConnections = checkSetting(SETTINGS.maxConnections, options.maxConnections);
  const stalls = new StallWatch(stallTimeoutMs);
  const hosts = new HostPolicy(run.binding, allowedHosts);
  let url: URL | undefined;
  const structuredLog = log !== undefined && log.length >= 2;
  const retryAfterFormat = options.retryAfterFormat ?? "seconds";
  if (retryAfterFormat !== "seconds" && retryAfterFormat !== "http-date") {
    throw invalid(`retryAfterFormat must be "seconds" or "http-date", got ${JSON.stringify(retryAfterFormat)}`);
  }
  const context: ServerContext = {
    run, now: clock.now, log, structuredLog, hosts, wire: new WireHeaders(), stalls, logFormat: new RequestLogFormat(), retryAfterFormat,
    validators: new Validators(), bodyTimeoutMs, encoder: compression ? new Encoder() : undefined, negotiator: new Negotiator(),
  };
  let churnTimer: NodeJS.Timeout | undefined;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    try {
      handleRequest(req, res, context);
    } catch (error) {
      // A bug before the pipeline could answer: this connection is closed, the server keeps serving.
      console.error(error);
      res.destroy();
    }
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  // CONNECT is not routed to "request" by Node; answer it rather than drop the socket.
  server.on("connect", (_req: IncomingMessage, socket: Socket) => writeRawError(socket, 405, MESSAGES.methodNotAllowed));

  const close = (): Promise<void> => {
    clearInterval(churnTimer);
    stalls.stop();
    churnTimer = undefined;
    run.recorder.close();
    return new Promise((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      // In-flight responses get a moment to finish; then every socket is cut.
      const force = setTimeout(() => server.closeAllConnections(), 2_000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  };
  const playground: Playground = {
    server,
    certificateAuthority: tls?.ca,
    resources: (resources ?? []).map((spec) => ({ name: spec.name, path: spec.path, auth: spec.api.auth })),
    get url(): URL {
      if (url === undefined) throw new Error("the playground is not listening yet: await listen() first");
      return new URL(url.href);
    },
    credentials: run.credentials,
    seed,
    epoch: formatEpoch(clock.epochMs),
    records,
    get rateLimit() {
      const current = run.rateLimit();
      return current.enabled ? { capacity: current.capacity, refillPerSecond: current.refillPerSecond } : undefined;
    },
    tokenTtlSeconds,
    accessTokenTtlSeconds,
    requireAuth,
    get simulations() {
      return run.settings.simulations;
    },
    dataChanges: run.settings.dataChanges,
    config: () => run.config(),
    requests: (query = {}) => run.recorder.requests(query.since ?? 0, query.limit),
    clearRequests: () => run.recorder.clearRequests(),
    summary: () => run.recorder.endpoints(),
    clock: { now: clock.now, advance: (seconds) => run.advanceClock(seconds), read: () => run.clockReading() },
    reset: () => run.reset(),
    churn: (ticks = 1) => run.churn(ticks),
    setFaults: (faults) => run.setFaults(faults),
    scriptFaults: (steps) => run.scriptFaults(parseScript(steps)),
    setRateLimit: (settings) => run.setRateLimit(settings),
    revokeTokens: () => run.revokeTokens(),
    driftSchema: () => run.driftSchema(),
    listen(port = 0, host = defaultHost): Promise<URL> {
      return new Promise((resolve, reject) => {
        checkHost(host, (message) => invalid(`host ${message}`));
        const onError = (error: Error): void => reject(error);
        server.once("error", onError);
        server.listen(port, host, () => {
          server.off("error", onError);
          run.binding.loopback = isLoopback((server.address() as AddressInfo).address);
          run.binding.address = (server.address() as AddressInfo).address;
          hosts.forget();
          if (churnSeconds !== undefined && churnTimer === undefined) {
            // A full change history stops the timer's churn until a reset (the control run's churn says why).
            churnTimer = setInterval(() => survive(() => { if (!run.historyFull) run.churn(1); }), churnSeconds * 1000);
            churnTimer.unref();
          }
          url = new URL(`${originOf(server.address() as AddressInfo, tls === undefined ? "http" : "https")}/`);
          resolve(new URL(url.href));
        });
      });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
  return playground;
}

/** The `resources` option checked (every problem at once, one a line), or its resources. */
function checkResources(value: unknown): readonly ResourceSpec[] {
  const read = readResourceFile(value);
  if ("problems" in read) throw invalid(describeProblems(read.problems));
  return read.resources;
}

/** The `https` option checked: the certificate and key to serve with (made here for `true`), or undefined for plain HTTP. */
function checkHttps(https: PlaygroundOptions["https"]): { readonly cert: string; readonly key: string; readonly ca?: string } | undefined {
  if (https === undefined || https === false) return undefined;
  if (https === true) return makeLocalCertificate();
  const pemOf = (value: unknown, label: string): value is string => typeof value === "string" && value.includes(`-----BEGIN `) && value.includes(label);
  if (typeof https !== "object" || https === null || !pemOf(https.cert, "CERTIFICATE") || !pemOf(https.key, "PRIVATE KEY")) {
    throw invalid("https must be true, false or { cert, key } with a PEM certificate and a PEM private key");
  }
  try {
    createSecureContext({ cert: https.cert, key: https.key });
  } catch (error) {
    throw invalid(`https: the certificate and key do not go together or do not load (${(error as Error).message})`);
  }
  return { cert: https.cert, key: https.key };
}

/** `churnMix` as an object of weights or `--churn-mix` text, checked (an `invalid` error) and completed. */
function checkChurnMix(mix: PlaygroundOptions["churnMix"]): ChurnMix {
  if (mix === undefined) return UPDATES_ONLY;
  const parsed = typeof mix === "string" ? parseChurnMix(mix)
    : typeof mix === "object" && mix !== null ? parseChurnMix(Object.entries(mix).map(([kind, weight]) => `${kind}:${String(weight)}`).join(",")) : undefined;
  if (parsed === undefined) {
    throw invalid(`churnMix must give whole-number weights 0-1000 to update, insert and delete (at least one above 0), like "update:8,insert:1,delete:1", got ${JSON.stringify(mix)}`);
  }
  return parsed;
}

/** The admin token: printable, no spaces, 12-200 characters (it travels in a header); the error never repeats it. */
function checkAdminToken(token: unknown): string {
  if (!isAdminToken(token)) {
    throw invalid(`adminToken must be ${MIN_ADMIN_TOKEN}-200 printable characters without spaces, got ${typeof token === "string" ? `${token.length} characters` : typeof token}`);
  }
  return token;
}


/** Explicit credentials, checked: printable, no spaces, usernames without `:` (Basic and session tokens split on it). */
function checkCredentials(credentials: CredentialsInput): CredentialsInput {
  const oauth2 = credentials.oauth2;
  const fields: [string, unknown, boolean][] = [
    ["credentials.basic.username", credentials.basic?.username, true], ["credentials.basic.password", credentials.basic?.password, false],
    ["credentials.bearer", credentials.bearer, false], ["credentials.apiKey", credentials.apiKey, false],
    ["credentials.session.username", credentials.session?.username, true], ["credentials.session.password", credentials.session?.password, false],
    ...(oauth2 === undefined ? [] : [["credentials.oauth2.clientId", oauth2.clientId, true], ["credentials.oauth2.clientSecret", oauth2.clientSecret, false]] as [string, unknown, boolean][]),
  ];
  for (const [name, value, username] of fields) {
    if (!isPrintableSecret(value) || (username && value.includes(":"))) {
      throw invalid(`${name} must be 1-200 printable characters without spaces${username ? " or ':'" : ""}, got ${JSON.stringify(value)}`);
    }
  }
  return {
    basic: { ...credentials.basic }, bearer: credentials.bearer, apiKey: credentials.apiKey, session: { ...credentials.session },
    ...(oauth2 === undefined ? {} : { oauth2: { clientId: oauth2.clientId, clientSecret: oauth2.clientSecret } }),
  };
}

/** `oauthRedirectUris`: at most 100 absolute http(s) URLs without a fragment, kept without their query. */
function checkRedirectUris(uris: readonly string[]): readonly string[] {
  if (!Array.isArray(uris) || uris.length > 100) throw invalid("oauthRedirectUris must be an array of at most 100 URLs");
  return uris.map((uri) => {
    const registered = typeof uri === "string" ? registrableRedirect(uri) : undefined;
    if (registered === undefined) throw invalid(`oauthRedirectUris entries must be absolute http or https URLs without a fragment, got ${JSON.stringify(uri)}`);
    return registered;
  });
}

/** `allowedHosts` entries: non-empty, no spaces or slashes (a host name, `.domain` or `*`). */
function checkAllowedHosts(hosts: readonly string[]): readonly string[] {
  for (const host of hosts) {
    if (typeof host !== "string" || !isAllowedHostEntry(host)) {
      throw invalid(`allowedHosts entries must be host names, '.domain' or '*', got ${JSON.stringify(host)}`);
    }
  }
  return [...hosts];
}

function resolveRateLimit(option: PlaygroundOptions["rateLimit"]): Required<RateLimitOptions> | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = option === true ? {} : option;
  return { capacity: checkSetting(SETTINGS.capacity, settings.capacity), refillPerSecond: checkSetting(SETTINGS.refillRate, settings.refillPerSecond) };
}

