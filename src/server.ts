/**
 * node:http glue: parse the request line, read a bounded body, rate-limit, call `answer`, write the
 * response (streaming with backpressure where the body is a stream) and log it.
 */
import { randomInt } from "node:crypto";
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { checkHost, isLoopback, originOf } from "./address.js";
import { hostAllowed, hostOf, isAllowedHostEntry } from "./host-check.js";
import { aliasFor, answer, createState, DEFAULT_RECORDS, DEFAULT_TOKEN_TTL_SECONDS, MAX_RECORDS, routeFor } from "./app.js";
import { parseQuery } from "./codecs/query.js";
import { MESSAGES } from "./errors.js";
import { errorResponse } from "./handlers/respond.js";
import { RequestLogFormat } from "./log.js";
import { normalizePath, type RouteMatch } from "./router.js";
import { TokenBucket, type TakeResult } from "./token-bucket.js";
import { pickChurn } from "./churn.js";
import { formatTimestamp } from "./codecs/timestamp.js";
import { FaultInjector, type FaultDecision, type FaultOptions } from "./faults.js";
import { Prng } from "./data/prng.js";
import type { AppState, Credentials, PlainRequest, PlainResponse } from "./types.js";

/** Largest request body accepted (413 beyond). */
export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_CAPACITY = 20;
export const DEFAULT_REFILL_PER_SECOND = 10;
export const DEFAULT_STALL_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_CONNECTIONS = 2_048;

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

function requireInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

const HOST_HEADER = /^[A-Za-z0-9.\-_~:[\]]{1,255}$/;

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
  const seed = options.seed === undefined ? randomInt(0, 2 ** 32) : requireInteger("seed", options.seed, 0, Number.MAX_SAFE_INTEGER);
  const records = requireInteger("records", options.records ?? DEFAULT_RECORDS, 1, MAX_RECORDS);
  const tokenTtlSeconds = requireInteger("tokenTtlSeconds", options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS, 1, 10 * 365 * 86_400);
  const log = options.log === false || options.log === undefined ? undefined : options.log;
  const rateLimit = resolveRateLimit(options.rateLimit);
  const defaultHost = options.host === undefined ? DEFAULT_HOST : checkHost(options.host, (message) => new RangeError(`host ${message}`));
  const churnSeconds = options.churnSeconds === undefined ? undefined : requireInteger("churnSeconds", options.churnSeconds, 1, 86_400);
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
  const stallTimeoutMs = requireInteger("stallTimeoutMs", options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, 100, 3_600_000);
  server.maxConnections = requireInteger("maxConnections", options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
  // Socket inactivity: a socket with bytes still queued has a client that stopped reading; drop it.
  // (Without queued bytes it is idle or waiting on simulated latency, which other timeouts handle.)
  server.setTimeout(stallTimeoutMs, (socket: Socket) => {
    if (socket.writableLength > 0) socket.destroy();
  });
  const hosts = new HostPolicy(state.binding, allowedHosts);
  const context: ServerContext = { state, now, log, bucket, faults, hosts, wire: new WeakMap(), logFormat: new RequestLogFormat() };
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
  const capacity = requireInteger("rateLimit.capacity", settings.capacity ?? DEFAULT_CAPACITY, 1, 1_000_000_000);
  const refillPerSecond = settings.refillPerSecond ?? DEFAULT_REFILL_PER_SECOND;
  if (!(refillPerSecond > 0) || !Number.isFinite(refillPerSecond)) {
    throw new RangeError(`rateLimit.refillPerSecond must be a number > 0, got ${String(refillPerSecond)}`);
  }
  return { capacity, refillPerSecond };
}

/** Malformed HTTP (bad request line, oversized headers, timeouts): a JSON error where the socket still allows one. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // Garbage after a request (e.g. an unframed body) while its response is still being written: let that
  // response finish intact, then close, rather than interleave an error with it.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight !== undefined && inFlight !== null && inFlight.headersSent) {
    if (inFlight.writableFinished) socket.destroy();
    else inFlight.once("finish", () => socket.destroySoon()).once("close", () => socket.destroy());
    return;
  }
  if (error.code === "HPE_HEADER_OVERFLOW") writeRawError(socket, 431, MESSAGES.headersTooLarge);
  else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") writeRawError(socket, 408, MESSAGES.requestTimeout);
  else writeRawError(socket, 400, MESSAGES.badRequest);
}

/** A complete JSON error response written straight to a socket, which is then closed. */
function writeRawError(socket: Socket, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
}

/** Bytes of an oversized body drained (and discarded) before answering 413, so the client can read the answer. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

type BodyResult = { readonly kind: "ok"; readonly body: Buffer } | { readonly kind: "too-large"; readonly drained: boolean };

/**
 * Reads the body, keeping at most MAX_BODY_BYTES. A larger body is drained and discarded (up to
 * MAX_DRAIN_BYTES) so the 413 reaches a client that is still sending; beyond that the socket is closed.
 */
function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers["content-length"]);
    let tooLarge = declared > MAX_BODY_BYTES;
    const finish = (result: BodyResult): void => {
      req.removeAllListeners("data");
      resolve(result);
    };
    if (declared > MAX_DRAIN_BYTES) {
      finish({ kind: "too-large", drained: false });
      return;
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (size > MAX_DRAIN_BYTES) finish({ kind: "too-large", drained: false });
      else if (!tooLarge) chunks.push(chunk);
    });
    req.once("end", () => finish(tooLarge ? { kind: "too-large", drained: true } : { kind: "ok", body: Buffer.concat(chunks) }));
    // Aborted or broken uploads: nobody is left to answer, but resolve so nothing waits forever.
    req.once("close", () => finish(tooLarge ? { kind: "too-large", drained: false } : { kind: "ok", body: Buffer.concat(chunks) }));
  });
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The longest request target answered (414 beyond); Node's header limit (16 KiB, 431) covers the rest. */
export const MAX_TARGET_LENGTH = 8 * 1024;

/** Origin-form of a request target: absolute-form (`http://host/path`, as proxies send) loses its scheme and authority. */
export function originForm(target: string): string {
  if (target.startsWith("/")) return target;
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  if (absolute === null) return target;
  const rest = target.slice(absolute[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

interface ServerContext {
  readonly state: AppState;
  readonly now: () => number;
  readonly log: ((line: string) => void) | undefined;
  readonly bucket: TokenBucket | undefined;
  readonly faults: FaultInjector | undefined;
  readonly hosts: HostPolicy;
  readonly wire: WireHeaders;
  readonly logFormat: RequestLogFormat;
}

/** The Host check with the answers for recent Host values remembered (clients send the same one each time). */
class HostPolicy {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly binding: AppState["binding"], private readonly allowed: readonly string[]) {}

  allows(header: string | undefined): boolean {
    if (header === undefined) return true;
    let verdict = this.known.get(header);
    if (verdict === undefined) {
      verdict = hostAllowed(header, { loopbackBind: this.binding.loopback, boundAddress: this.binding.address, allowed: this.allowed });
      if (this.known.size >= 256) this.known.clear();
      this.known.set(header, verdict);
    }
    return verdict;
  }

  /** The binding changed (listen): earlier answers may not hold. */
  forget(): void {
    this.known.clear();
  }
}

/** Where a request goes, worked out once at arrival: its origin-form target, normalised path and route. */
interface Classified {
  /** The Host may be answered (always, unless bound to loopback and the Host names another machine). */
  readonly hostOk: boolean;
  readonly originTarget: string;
  readonly path: string;
  readonly match: RouteMatch;
  /** An API request: takes a rate-limit token and may be faulted (self-description never is). */
  readonly api: boolean;
}

function classify(method: string, target: string, hostOk: boolean): Classified {
  const originTarget = originForm(target);
  const path = normalizePath(splitTarget(originTarget)[0]);
  const match = routeFor(method, path);
  const documentation = match.kind === "route" ? match.route.documentation === true : match.kind === "wrong-method" && match.documentation;
  return { hostOk, originTarget, path, match, api: hostOk && !documentation };
}

/** Takes the rate-limit token at arrival, then answers at once, or once a body has been read. */
function handleRequest(req: IncomingMessage, res: ServerResponse, context: ServerContext): void {
  const receivedAt = context.now();
  const hostOk = context.hosts.allows(req.headers.host);
  const classified = classify(req.method ?? "GET", req.url ?? "/", hostOk);
  // The bucket is checked before the handler runs, so every API request counts, 404s included.
  const limit = classified.api ? context.bucket?.take(receivedAt) : undefined;
  if (hasBody(req)) void readBody(req).then((body) => respond(req, res, context, classified, receivedAt, limit, body));
  else respond(req, res, context, classified, receivedAt, limit, undefined);
}

function respond(req: IncomingMessage, res: ServerResponse, context: ServerContext, classified: Classified, receivedAt: number,
  limit: TakeResult | undefined, result: BodyResult | undefined): void {
  const { state, log, bucket, faults } = context;
  const target = req.url ?? "/";
  const method = req.method ?? "GET";
  let response: PlainResponse | undefined;
  let decision: FaultDecision | undefined;
  let closeAfter = false;
  const limitHeaders: Record<string, string> = limit === undefined ? NO_HEADERS : {
    "X-RateLimit-Limit": String(bucket?.capacity),
    "X-RateLimit-Remaining": String(limit.remaining),
    "X-RateLimit-Reset": String(limit.resetSeconds),
  };
  try {
    if (!classified.hostOk) {
      // Before anything else: a rebinding page must learn nothing, not even whether a path exists.
      response = errorResponse(421, MESSAGES.misdirected(hostOf(req.headers.host ?? "") ?? String(req.headers.host)));
    } else if (limit !== undefined && !limit.allowed) {
      limitHeaders["Retry-After"] = String(limit.retryAfterSeconds);
      response = errorResponse(429, MESSAGES.tooManyRequests);
    } else if (result?.kind === "too-large") {
      response = errorResponse(413, MESSAGES.bodyTooLarge);
      closeAfter = !result.drained;
    } else if (target.length > MAX_TARGET_LENGTH) {
      response = errorResponse(414, MESSAGES.targetTooLong);
    } else if (method === "OPTIONS" && target === "*") {
      response = { status: 204, headers: { Allow: "GET, HEAD, POST, OPTIONS" }, body: "" };
    } else {
      const { originTarget, path, match } = classified;
      // Only requests that reach an API endpoint draw from the fault stream (404s, 405s and the docs never do).
      decision = classified.api && match.kind === "route" ? faults?.decide(path) : undefined;
      if (decision?.kind === "error") {
        // Before doing any work, so a retry gets a fresh chance.
        response = simulatedError(decision.status);
      } else if (decision?.kind !== "drop") {
        const origin = originOfRequest(req);
        // A target already answered from the cache is served again without parsing anything.
        const alias = match.kind === "route" ? aliasFor(match.route, method, origin, originTarget, state) : undefined;
        response = (alias === undefined ? undefined : state.cache.peekAlias(alias))
          ?? answer(toPlainRequest(req, originTarget, path, origin, method, result?.body, receivedAt), state, match, alias);
      }
    }
  } catch (error) {
    // A bug, not bad input: say so honestly and keep serving.
    console.error(error);
    response = errorResponse(500, MESSAGES.internal);
  }
  const answered = response;
  const deliver = answered === undefined
    ? () => req.socket.destroy()
    : () => writeResponse(res, answered, context.wire, limitHeaders, method === "HEAD", closeAfter, decision?.slowBodyMs ?? 0);
  if (decision !== undefined && decision.latencyMs > 0) setTimeout(deliver, decision.latencyMs);
  else deliver();
  if (log !== undefined) {
    const line = context.logFormat.line(req.socket.remoteAddress ?? "-", new Date(receivedAt), method, target, req.httpVersion, answered?.status ?? "-");
    log(decision === undefined ? line : `${line}${describeDecision(decision)}`);
  }
}

/** The log suffix naming what was simulated for a request (empty when nothing was). */
function describeDecision(decision: FaultDecision): string {
  const parts: string[] = [];
  if (decision.kind === "drop") parts.push("connection drop");
  if (decision.kind === "error") parts.push(`${decision.status} error`);
  if (decision.latencyMs > 0) parts.push(`${decision.latencyMs} ms latency`);
  if (decision.slowBodyMs > 0) parts.push(`slow body over ${decision.slowBodyMs} ms`);
  return parts.length === 0 ? "" : ` [simulated ${parts.join(", ")}]`;
}

const SIMULATED_ERRORS: Readonly<Record<number, string>> = {
  500: MESSAGES.simulatedInternal,
  502: MESSAGES.simulatedBadGateway,
  503: MESSAGES.simulatedUnavailable,
};

function simulatedError(status: number): PlainResponse {
  return errorResponse(status, SIMULATED_ERRORS[status] as string, status === 503 ? { "Retry-After": "1" } : {});
}

/** The path and the query string (without `?`) of an origin-form target. */
function splitTarget(originTarget: string): [path: string, search: string] {
  const questionMark = originTarget.indexOf("?");
  return questionMark === -1 ? [originTarget, ""] : [originTarget.slice(0, questionMark), originTarget.slice(questionMark + 1)];
}

/** `http://host` from a well-formed Host header, else the address the request came in on. */
function originOfRequest(req: IncomingMessage): string {
  const host = req.headers.host;
  return host !== undefined && HOST_HEADER.test(host)
    ? `http://${host}`
    : originOf({ address: req.socket.localAddress ?? DEFAULT_HOST, port: req.socket.localPort ?? 0, family: "" });
}

function toPlainRequest(req: IncomingMessage, target: string, path: string, origin: string, method: string, body: Buffer | undefined,
  nowMs: number): PlainRequest {
  const search = splitTarget(target)[1];
  return {
    method: method === "HEAD" ? "GET" : method,
    target,
    path,
    query: parseQuery(search),
    search,
    params: {},
    // Node keeps the first of repeated Authorization and Host headers (and joins most others); only
    // set-cookie stays an array, and no handler reads it.
    headers: req.headers as Record<string, string | undefined>,
    body,
    origin,
    now: nowMs,
  };
}

/** Complete header sets as written, by response (one table per server, so a cached answer's headers are built once). */
type WireHeaders = WeakMap<PlainResponse, Readonly<Record<string, string | number>>>;

function headersOf(response: PlainResponse, wire: WireHeaders): Readonly<Record<string, string | number>> {
  const known = wire.get(response);
  if (known !== undefined) return known;
  const headers: Record<string, string | number> = { ...response.headers, "X-Content-Type-Options": "nosniff" };
  const body = response.body;
  if (typeof body !== "function" && response.status !== 204) headers["Content-Length"] = Buffer.byteLength(body);
  wire.set(response, headers);
  return headers;
}

function writeResponse(res: ServerResponse, response: PlainResponse, wire: WireHeaders, extraHeaders: Readonly<Record<string, string>>, isHead: boolean,
  closeAfter: boolean, slowBodyMs = 0): void {
  if (res.destroyed) return;
  let headers = headersOf(response, wire);
  if (closeAfter || extraHeaders !== NO_HEADERS) headers = { ...headers, ...extraHeaders, ...(closeAfter ? { Connection: "close" } : {}) };
  const body = response.body;
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    res.writeHead(response.status, headers);
    if (slowBodyMs > 0 && !isHead) writeSlowly(res, Buffer.from(body), slowBodyMs);
    else res.end(isHead ? undefined : body);
    return;
  }
  res.writeHead(response.status, headers);
  if (isHead) res.end();
  else void streamBody(res, body());
}

/** The slow-body simulation: the body in ten pieces spread over `durationMs`. */
function writeSlowly(res: ServerResponse, body: Buffer, durationMs: number): void {
  const pieces = 10;
  const size = Math.ceil(body.length / pieces);
  let piece = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const chunk = body.subarray(piece * size, (piece + 1) * size);
    piece++;
    if (piece >= pieces) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    setTimeout(next, durationMs / pieces);
  };
  next();
}

/** Writes chunks while the socket accepts them, waits for `drain` otherwise, and stops if the client goes away. */
async function streamBody(res: ServerResponse, chunks: Iterable<string | Buffer>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      const open = await new Promise<boolean>((resolve) => {
        const onDrain = (): void => { res.off("close", onClose); resolve(true); };
        const onClose = (): void => { res.off("drain", onDrain); resolve(false); };
        res.once("drain", onDrain);
        res.once("close", onClose);
      });
      if (!open) return;
    }
  }
  res.end();
}
