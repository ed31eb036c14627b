/**
 * The playground's lifecycle: options checked once, state built, the node:http server set up with its
 * timeouts and limits, requests handed to the pipeline (pipeline.ts), listen and close.
 */
import { randomInt } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { checkHost, isLoopback, originOf } from "./address.js";
import { createState } from "./app.js";
import { checkSetting, SETTINGS } from "./options.js";
import { pickChurn } from "./churn.js";
import { formatTimestamp } from "./codecs/timestamp.js";
import { Prng } from "./data/prng.js";
import { MESSAGES } from "./errors.js";
import { FaultInjector, type FaultOptions } from "./faults.js";
import { isAllowedHostEntry } from "./host-check.js";
import { DEFAULT_HOST } from "./http/read.js";
import { answerClientError, StallWatch, writeRawError } from "./http/write.js";
import { RequestLogFormat } from "./log.js";
import { handleRequest, HostPolicy, type ServerContext } from "./pipeline.js";
import { TokenBucket } from "./token-bucket.js";
import type { Credentials } from "./types.js";

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
  /** This run's credentials, set explicitly (each a non-empty printable string without spaces; usernames without `:`). */
  readonly credentials?: Credentials;
  /** Number of user records, 1–1,000,000 (default 200). */
  readonly records?: number;
  /**
   * While bound to loopback, Host names answered besides loopback ones and the bound address (DNS
   * rebinding protection): host names, `.example.com` for a domain and its subdomains, or `*` for any.
   */
  readonly allowedHosts?: readonly string[];
  /** Address to bind: an IP address or `localhost` (default 127.0.0.1); host names are refused with a RangeError. */
  readonly host?: string;
  /** The token-bucket rate limit: `true` for the defaults, an object to tune it; off when absent or `false`. */
  readonly rateLimit?: boolean | RateLimitOptions;
  /** Session token lifetime in seconds (default 3600). */
  readonly tokenTtlSeconds?: number;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** Where request log lines go (one call per line, no newline); `false` or absent: no log. */
  readonly log?: false | ((line: string) => void);
  /** Failure simulation (all off by default, all seeded): latency, error, drop and slow-body rates, and the paths they apply to. */
  readonly faults?: FaultOptions;
  /** Every this many seconds, a few random records get a new, later updatedAt (off when absent). */
  readonly churnSeconds?: number;
  /**
   * A response whose bytes the client has not taken for this long is abandoned and its connection closed
   * (default 15,000 ms), so clients that never read cannot pin memory. Waiting (latency) is not stalling.
   */
  readonly stallTimeoutMs?: number;
  /** Most simultaneous connections; more are closed at once (default 2,048). */
  readonly maxConnections?: number;
}

export interface Playground {
  /** The underlying node:http server, for embedding. */
  readonly server: Server;
  /** This run's credentials for the auth endpoints. */
  readonly credentials: Credentials;
  /** The seed in use (the given one, or the random one chosen). */
  readonly seed: number;
  /** The number of user records. */
  readonly records: number;
  /** The rate limit in force, or `undefined` when off. */
  readonly rateLimit: Required<RateLimitOptions> | undefined;
  /** The session token lifetime in seconds. */
  readonly tokenTtlSeconds: number;
  /** The active failure simulations in one line (`none` when off), as the banner shows them. */
  readonly simulations: string;
  /**
   * Applies one churn tick now (what the `churnSeconds` timer does): a few records get a new, later
   * updatedAt. Returns their ids and new updatedAt values.
   */
  churn(): { readonly id: string; readonly updatedAt: string }[];
  /** Starts listening (port 0 picks a free port; default 0) and resolves with the base URL. */
  listen(port?: number, host?: string): Promise<URL>;
  /** Stops listening, ends idle keep-alive sockets, and resolves when the server is closed. */
  close(): Promise<void>;
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
  const now = options.now ?? Date.now;
  const seed = options.seed === undefined ? randomInt(0, 2 ** 32) : checkSetting(SETTINGS.seed, options.seed);
  const records = checkSetting(SETTINGS.records, options.records);
  const tokenTtlSeconds = checkSetting(SETTINGS.tokenTtl, options.tokenTtlSeconds);
  const log = options.log === false || options.log === undefined ? undefined : options.log;
  const rateLimit = resolveRateLimit(options.rateLimit);
  const defaultHost = options.host === undefined ? DEFAULT_HOST : checkHost(options.host, (message) => new RangeError(`host ${message}`));
  const churnSeconds = options.churnSeconds === undefined ? undefined : checkSetting(SETTINGS.churn, options.churnSeconds);
  const faultOptions = options.faults ?? {};
  const startMs = now();
  const state = createState({
    seed, records, nowMs: startMs, tokenTtlSeconds, rateLimit, churnSeconds,
    credentials: options.credentials !== undefined ? checkCredentials(options.credentials) : options.seed === undefined ? "random" : "seed",
    // Described (and validated) before the records are built; the injector that draws comes next.
    simulations: describeSimulations(new FaultInjector(faultOptions, new Prng(0)), churnSeconds),
    simulatedErrors: (faultOptions.errorRate ?? 0) > 0,
  });
  const bucket = rateLimit === undefined ? undefined : new TokenBucket(rateLimit.capacity, rateLimit.refillPerSecond, startMs);
  const injector = new FaultInjector(faultOptions, state.faultStream);
  const faults = injector.active ? injector : undefined;

  const server = createHttpServer({
    // Slow or stalled clients are dropped: headers within 5 s, a whole request within 10 s, idle
    // keep-alive sockets after 5 s, checked every second.
    headersTimeout: 5_000,
    requestTimeout: 10_000,
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: 1_000,
    // HTTP/1.0 clients and hand-written requests without Host still get answers (origin from the socket).
    requireHostHeader: false,
  });
  const allowedHosts = checkAllowedHosts(options.allowedHosts ?? []);
  const stallTimeoutMs = checkSetting(SETTINGS.stallTimeout, options.stallTimeoutMs);
  server.maxConnections = checkSetting(SETTINGS.maxConnections, options.maxConnections);
  const stalls = new StallWatch(stallTimeoutMs);
  const hosts = new HostPolicy(state.binding, allowedHosts);
  const context: ServerContext = { state, now, log, bucket, faults, hosts, wire: new WeakMap(), stalls, logFormat: new RequestLogFormat() };
  const churn = (): { id: string; updatedAt: string }[] => {
    const changes = pickChurn(state.records, state.churnStream, Math.floor(now() / 1000));
    if (changes.length > 0) {
      state.records.churn(changes);
      // Stored answers show the records before the change (the fast path looks them up unversioned).
      state.cache.clear();
    }
    const changed = changes.map(({ index, updatedAt }) => ({ id: state.records.record(index).id, updatedAt: formatTimestamp(updatedAt) }));
    if (log !== undefined && changed.length > 0) {
      log(`[churn] ${changed.length} record(s) updated: ${changed.map((c) => `${c.id} -> ${c.updatedAt}`).join(", ")}`);
    }
    return changed;
  };
  let churnTimer: NodeJS.Timeout | undefined;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res, context);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  // CONNECT is not routed to "request" by Node; answer it rather than drop the socket.
  server.on("connect", (_req: IncomingMessage, socket: Socket) => writeRawError(socket, 405, MESSAGES.methodNotAllowed));

  return {
    server,
    credentials: state.credentials,
    seed,
    records,
    rateLimit,
    tokenTtlSeconds,
    simulations: state.settings.simulations,
    churn,
    listen(port = 0, host = defaultHost): Promise<URL> {
      return new Promise((resolve, reject) => {
        checkHost(host, (message) => new RangeError(`host ${message}`));
        const onError = (error: Error): void => reject(error);
        server.once("error", onError);
        server.listen(port, host, () => {
          server.off("error", onError);
          state.binding.loopback = isLoopback((server.address() as AddressInfo).address);
          state.binding.address = (server.address() as AddressInfo).address;
          hosts.forget();
          if (churnSeconds !== undefined && churnTimer === undefined) {
            churnTimer = setInterval(churn, churnSeconds * 1000);
            churnTimer.unref();
          }
          resolve(new URL(`${originOf(server.address() as AddressInfo)}/`));
        });
      });
    },
    close(): Promise<void> {
      clearInterval(churnTimer);
      stalls.stop();
      churnTimer = undefined;
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
    },
  };
}

const SECRET = /^[\x21-\x7e]{1,200}$/;

/** Explicit credentials, checked: printable, no spaces, usernames without `:` (Basic and session tokens split on it). */
function checkCredentials(credentials: Credentials): Credentials {
  const fields: [string, unknown, boolean][] = [
    ["credentials.basic.username", credentials.basic?.username, true], ["credentials.basic.password", credentials.basic?.password, false],
    ["credentials.bearer", credentials.bearer, false], ["credentials.apiKey", credentials.apiKey, false],
    ["credentials.session.username", credentials.session?.username, true], ["credentials.session.password", credentials.session?.password, false],
  ];
  for (const [name, value, username] of fields) {
    if (typeof value !== "string" || !SECRET.test(value) || (username && value.includes(":"))) {
      throw new RangeError(`${name} must be 1-200 printable characters without spaces${username ? " or ':'" : ""}, got ${JSON.stringify(value)}`);
    }
  }
  return { basic: { ...credentials.basic }, bearer: credentials.bearer, apiKey: credentials.apiKey, session: { ...credentials.session } };
}

/** `allowedHosts` entries: non-empty, no spaces or slashes (a host name, `.domain` or `*`). */
function checkAllowedHosts(hosts: readonly string[]): readonly string[] {
  for (const host of hosts) {
    if (typeof host !== "string" || !isAllowedHostEntry(host)) {
      throw new RangeError(`allowedHosts entries must be host names, '.domain' or '*', got ${JSON.stringify(host)}`);
    }
  }
  return [...hosts];
}

/** The active simulations in one line, as the banner and the docs page show them (`none` when off). */
function describeSimulations(injector: FaultInjector, churnSeconds: number | undefined): string {
  return [injector.active ? injector.describe() : undefined, churnSeconds === undefined ? undefined : `churn every ${churnSeconds} s`]
    .filter((part) => part !== undefined).join("; ") || "none";
}

function resolveRateLimit(option: PlaygroundOptions["rateLimit"]): Required<RateLimitOptions> | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = option === true ? {} : option;
  return { capacity: checkSetting(SETTINGS.capacity, settings.capacity), refillPerSecond: checkSetting(SETTINGS.refillRate, settings.refillPerSecond) };
}

