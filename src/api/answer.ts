/**
 * The playground without sockets: state built from a seed and a clock, and `answer`, which turns a
 * plain request into a plain response. Everything here is testable in-process.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { SETTINGS } from "../options.js";
import { CompanyDirectory } from "../data/companies.js";
import { Prng } from "../data/prng.js";
import { RecordSet } from "../data/records.js";
import { HttpError, MESSAGES } from "../errors.js";
import { BodySlab, errorResponse } from "./respond.js";
import { MAX_ALIAS_LENGTH, ResponseCache } from "../http/response-cache.js";
import { ALL_ROUTES, NO_PARAMS, Router, type Route, type RouteMatch } from "./routes.js";
import { OAuthState } from "./oauth.js";
import { ExportJobs } from "./export-jobs.js";
import { GUARDS, type GuardedRequest } from "./auth.js";
import type { AppState, Credentials, CredentialsInput, PlainRequest, PlainResponse, RequireAuth, RunSettings } from "../types.js";
import { canonicalParameters, rejectUnexpected } from "./parameters.js";

/** Default number of user records, as in the original. */
export const DEFAULT_RECORDS = SETTINGS.records.default;
/** Largest supported `records` (records are computed, not stored: memory does not grow with it). */
export const MAX_RECORDS = SETTINGS.records.max;
export const DEFAULT_TOKEN_TTL_SECONDS = SETTINGS.tokenTtl.default;

/** Where credentials' random digits come from: the seeded PRNG, or `node:crypto`. */
export interface RandomSource {
  hex(length: number): string;
  uuid4(): string;
}

/** Unpredictable digits: credentials nobody can derive from the (public) data. */
export const CRYPTO_RANDOM: RandomSource = {
  hex: (length) => randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length),
  uuid4: () => randomUUID(),
};

/**
 * Credentials in the original's shapes: Basic `xxxxx@example.com` + 8 hex, UUID bearer and API key,
 * session user + 10 hex; then the OAuth2 client (drawn last, so the others are what they always were).
 */
export function generateCredentials(rng: RandomSource): Credentials {
  const basic = { username: `${rng.hex(5)}@example.com`, password: rng.hex(8) };
  const bearer = rng.uuid4();
  const apiKey = rng.uuid4();
  const session = { username: `${rng.hex(5)}@example.com`, password: rng.hex(10) };
  return { basic, bearer, apiKey, session, oauth2: generateOAuthClient(rng) };
}

/** An OAuth2 client: `playground-` + 12 hex digits, and a 32-hex-digit secret. */
export function generateOAuthClient(rng: RandomSource): Credentials["oauth2"] {
  return { clientId: `playground-${rng.hex(12)}`, clientSecret: rng.hex(32) };
}

export interface StateOptions {
  readonly seed: number;
  readonly records: number;
  readonly nowMs: number;
  /** Deleted records stay listed with deletedAt set (default: deletes remove them). */
  readonly softDelete?: boolean;
  /** The line describing how the data changes (see RunSettings.dataChanges). */
  readonly dataChanges?: string;
  /** Export jobs' typical duration in seconds (default 6). */
  readonly exportJobSeconds?: number;
  readonly tokenTtlSeconds: number;
  /**
   * `seed` (default): derived from the seed, so `--seed` replays them; `random`: from node:crypto, so the
   * public data (which pins the seed) reveals nothing; or the credentials themselves.
   */
  readonly credentials?: "seed" | "random" | CredentialsInput;
  /** OAuth2 access token lifetime (default 3600) and refresh token rotation (default on). */
  readonly accessTokenTtlSeconds?: number;
  readonly refreshRotation?: boolean;
  /** OAuth2 redirect URIs registered besides loopback ones and the stand-in callback (checked, without query). */
  readonly oauthRedirectUris?: readonly string[];
  /** The scheme guarding every data endpoint (default none). */
  readonly requireAuth?: RequireAuth;
  /** What the server glue adds to the settings pages show (default: no rate limit, no simulations). */
  readonly rateLimit?: RunSettings["rateLimit"];
  readonly simulations?: string;
  readonly simulatedErrors?: boolean;
  readonly churnSeconds?: number;
}

/**
 * Builds all data from one seed. Each part draws from its own stream, so e.g. changing `records`
 * leaves the credentials and companies of a seed unchanged.
 */
export function createState(options: StateOptions): AppState {
  const master = new Prng(options.seed);
  const recordsRng = new Prng(master.nextUint32());
  const companiesRng = new Prng(master.nextUint32());
  const changes = new Prng(master.nextUint32());
  const credentialsRng = new Prng(master.nextUint32());
  const faultStream = new Prng(master.nextUint32());
  const churnStream = new Prng(master.nextUint32());
  // Drawn last, so every stream above is what it was before export jobs existed.
  const jobsSeed = master.nextUint32();
  const nowSeconds = Math.floor(options.nowMs / 1000);
  const given = options.credentials;
  const credentials: Credentials = typeof given === "object"
    ? { ...given, oauth2: given.oauth2 ?? generateOAuthClient(credentialsRng) }
    : generateCredentials(given === "random" ? CRYPTO_RANDOM : credentialsRng);
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? SETTINGS.accessTokenTtl.default;
  const refreshRotation = options.refreshRotation ?? true;
  return {
    records: RecordSet.procedural(recordsRng.nextUint32(), options.records, nowSeconds, options.softDelete ?? false),
    companies: new CompanyDirectory(companiesRng, nowSeconds),
    changes,
    faultStream,
    churnStream,
    credentials,
    tokenTtlSeconds: options.tokenTtlSeconds,
    oauth: new OAuthState(credentials.oauth2.clientId, credentials.oauth2.clientSecret, accessTokenTtlSeconds, refreshRotation, options.oauthRedirectUris),
    settings: {
      seed: options.seed,
      credentialsFromSeed: options.credentials === undefined || options.credentials === "seed",
      records: options.records,
      tokenTtlSeconds: options.tokenTtlSeconds,
      accessTokenTtlSeconds,
      refreshRotation,
      requireAuth: options.requireAuth,
      rateLimit: options.rateLimit,
      simulations: options.simulations ?? "none",
      simulatedErrors: options.simulatedErrors ?? false,
      churnSeconds: options.churnSeconds,
      dataChanges: options.dataChanges ?? `deletes remove records; no schema drift; export jobs take about ${options.exportJobSeconds ?? SETTINGS.exportJobSeconds.default} s`,
    },
    binding: { loopback: true, address: "127.0.0.1" },
    cache: new ResponseCache(),
    slab: new BodySlab(),
    decodedTokens: new Map(),
    revokedThrough: undefined,
    schemaDriftAt: undefined,
    exportJobs: new ExportJobs(jobsSeed, options.exportJobSeconds ?? SETTINGS.exportJobSeconds.default),
    control: undefined,
  };
}

const router = new Router(ALL_ROUTES);

/**
 * The key of a cacheable answer: exactly what it depends on. The version of the data, the normalised
 * path, the parsed parameters (not their spelling), and the origin only where the answer contains it
 * (next_page_url, the docs page, the OpenAPI document). `undefined`: answer without caching.
 */
export function cacheKeyFor(route: Route, request: PlainRequest, state: AppState): string | undefined {
  if (route.cacheKey === undefined) return undefined;
  const parameters = route.ignoresQuery === true ? "" : canonicalParameters(request.query, route.query);
  if (parameters === undefined) return undefined;
  return `${route.cacheKey(state)} ${route.answerNamesOrigin === true ? request.origin : ""}${request.path}?${parameters}`;
}

/** The route a method and normalised path reach (HEAD reaches GET routes). */
export function routeFor(method: string, path: string): RouteMatch {
  return router.match(method, path);
}

/**
 * The text a request's stored answer can be found by without parsing (see `answer`): the data version,
 * the origin where the answer names it, and the target as sent. Undefined where that shortcut is not
 * safe or worth it (routes with side effects after answering, long targets).
 */
export function aliasFor(route: Route, method: string, origin: string, target: string, state: AppState): string | undefined {
  if (route.cacheKey === undefined || route.after !== undefined || (method !== "GET" && method !== "HEAD") || target.length > MAX_ALIAS_LENGTH) return undefined;
  return `${route.cacheKey(state)} ${route.answerNamesOrigin === true ? origin : ""}${target}`;
}

/** The answer to a handler's HttpError: `{"error": message}`, its headers and its journal note. */
export function refusal(error: HttpError): PlainResponse {
  const response = errorResponse(error.status, error.message, error.headers);
  return error.note === undefined ? response : { ...response, note: error.note };
}

/**
 * With `--require-auth`, the refusal of a request to a guarded route whose credentials the scheme does
 * not accept (undefined: let it through). Runs before any stored answer is looked up.
 */
export function guardRefusal(route: Route, request: GuardedRequest, state: AppState): PlainResponse | undefined {
  const scheme = route.guarded === true ? state.settings.requireAuth : undefined;
  if (scheme === undefined) return undefined;
  try {
    GUARDS[scheme](request, state);
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return refusal(error);
    throw error;
  }
}

/**
 * Answers one request: 404/405/OPTIONS, unexpected parameters, then the route's handler. With `alias`
 * (from `aliasFor`), a stored answer is remembered under it too.
 */
export function answer(request: PlainRequest, state: AppState, match: RouteMatch = router.match(request.method, request.path), alias?: string): PlainResponse {
  if (match.kind === "not-found") return errorResponse(404, MESSAGES.notFound);
  if (request.method === "OPTIONS") {
    const allow = match.kind === "route" ? router.allowFor(request.path) : match.allow;
    return { status: 204, headers: { Allow: allow }, body: "" };
  }
  if (match.kind === "wrong-method") return errorResponse(405, MESSAGES.methodNotAllowed, { Allow: match.allow });
  const routed = match.params === NO_PARAMS ? request : { ...request, params: match.params };
  const route = match.route;
  const run = (): PlainResponse => {
    try {
      if (route.ignoresQuery !== true && route.otherQueryIgnored !== true) rejectUnexpected(routed.query, route.query);
      return route.handler(routed, state);
    } catch (error) {
      if (error instanceof HttpError) return refusal(error);
      throw error;
    }
  };
  const key = cacheKeyFor(route, routed, state);
  const response = key === undefined ? run() : state.cache.remember(key, run, alias);
  if (route.after !== undefined && response.status === 200) route.after(routed, state);
  return response;
}
