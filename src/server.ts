/**
 * The playground's lifecycle: options checked once, the run built (src/run/run.ts), the node:http server
 * set up with its timeouts and limits, requests handed to the pipeline (src/http/pipeline.ts), listen and close.
 * What it takes and returns, as types, is in playground.ts.
 */
import { randomInt } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createSecureContext } from "node:tls";
import { makeLocalCertificate } from "./http/certificate.js";
import type { Playground, PlaygroundOptions, RateLimitOptions } from "./playground.js";

export type { ClockControl, Playground, PlaygroundOptions, RateLimitOptions } from "./playground.js";
import { describeProblems, readResourceFile, type ResourceSpec } from "./resources/schema.js";
import type { AddressInfo, Socket } from "node:net";
import { checkHost, isLoopback, originOf } from "./http/address.js";
import { formatEpoch, formatInstant, parseEpoch, PlaygroundClock } from "./simulate/clock.js";
import { parseScript } from "./simulate/fault-script.js";
import { completeFaults, type ChurnChange } from "./run/settings.js";
import { Run } from "./run/run.js";
import { parseChurnMix, UPDATES_ONLY, type ChurnMix } from "./simulate/churn.js";
import { checkSetting, isAdminToken, isPrintableSecret, MIN_ADMIN_TOKEN, SETTINGS } from "./options.js";
import { invalid, MESSAGES } from "./errors.js";
import { isAllowedHostEntry } from "./codecs/host.js";
import { registrableRedirect } from "./codecs/redirect.js";
import { DEFAULT_HOST } from "./http/read.js";
import { answerClientError, StallWatch, WireHeaders, writeRawError } from "./http/write.js";
import { RequestLogFormat } from "./http/log.js";
import { handleRequest, survive, type ServerContext } from "./http/pipeline.js";
import { HostPolicy } from "./http/host-policy.js";
import { Negotiator, Validators } from "./http/represent.js";
import { Encoder } from "./codecs/encoding.js";
import { REQUIRE_AUTH_SCHEMES, type CredentialsInput } from "./types.js";

export { DEFAULT_HOST, MAX_BODY_BYTES, MAX_TARGET_LENGTH, originForm } from "./http/read.js";

export const DEFAULT_CAPACITY = SETTINGS.capacity.default;
export const DEFAULT_REFILL_PER_SECOND = SETTINGS.refillRate.default;
export const DEFAULT_STALL_TIMEOUT_MS = SETTINGS.stallTimeout.default;
export const DEFAULT_MAX_CONNECTIONS = SETTINGS.maxConnections.default;


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
      // A declared resource's record is named with its resource: `charges 1234`.
      const who = (c: ChurnChange): string => (c.resource === undefined ? c.id : `${c.resource} ${c.id}`);
      const line = changed.every((c) => c.kind === "update")
        ? `[churn] ${changed.length} record(s) updated: ${changed.map((c) => `${who(c)} -> ${c.updatedAt}`).join(", ")}`
        : `[churn] ${changed.length} change(s): ${changed.map((c) => c.kind === "update" ? `updated ${who(c)} -> ${c.updatedAt}`
          : c.kind === "insert" ? `inserted ${who(c)} at ${c.updatedAt}` : `deleted ${who(c)} at ${c.deletedAt}`).join(", ")}`;
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
    resources: (resources ?? []).map((spec) => ({ name: spec.name, path: spec.path, auth: spec.api.auth, tombstones: spec.changes.tombstones })),
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

