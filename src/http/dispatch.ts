/**
 * `answer`, which turns a plain request into a plain response without sockets: 404, 405 and OPTIONS from
 * the route table, unexpected parameters, the --require-auth guard, then the route's handler, its answer
 * kept in the run's cache under a key of exactly what it depends on. Testable in-process.
 */
import { SETTINGS } from "../options.js";
import { HINT_HEADER, PlaygroundError, MESSAGES } from "../errors.js";
import { closest } from "../codecs/suggest.js";
import { errorResponse, refusalOf } from "../run/respond.js";
import { MAX_ALIAS_LENGTH } from "../run/answer-cache.js";
import { ALL_ROUTES, NO_PARAMS, Router, type RouteMatch } from "./router.js";
import type { Route } from "../run/route.js";
import { GUARDS, type GuardedRequest } from "../api/auth.js";
import { declaredRoutes } from "../api/declared.js";
import type { Credentials, CredentialsInput, PlainRequest, PlainResponse, RequireAuth, RunSettings } from "../types.js";
import type { Run } from "../run/run.js";
import { canonicalParameters, rejectUnexpected } from "../codecs/parameters.js";

/** Default number of user records, as in the original. */
export const DEFAULT_RECORDS = SETTINGS.records.default;
/** Largest supported `records` (records are computed, not stored: memory does not grow with it). */
export const MAX_RECORDS = SETTINGS.records.max;
export const DEFAULT_TOKEN_TTL_SECONDS = SETTINGS.tokenTtl.default;

const router = new Router(ALL_ROUTES);
/** Runs with declared resources: the table with their routes added, built once per run. */
const declaredRouters = new WeakMap<Run, Router>();

/** The router of a run: the shared one, or one that also knows the run's declared resources. */
function routerOf(run: Run | undefined): Router {
  const declared = run?.declared;
  if (run === undefined || declared === undefined) return router;
  let found = declaredRouters.get(run);
  if (found === undefined) {
    found = new Router([...ALL_ROUTES, ...declaredRoutes(declared)]);
    declaredRouters.set(run, found);
  }
  return found;
}

/** The paths a mistyped one may be near (routes without a parameter in their path). */
const KNOWN_PATHS: readonly string[] = [...new Set(ALL_ROUTES.map((route) => route.path).filter((path) => !path.includes("{")))];

/** 404 `Not found`, with a hint header when the path is one or two edits from a known one (`/pagination/offsett`), declared ones included. */
function notFound(path: string, state: Run): PlainResponse {
  const declared = state.declared?.list.map((resource) => resource.spec.path) ?? [];
  const meant = closest(path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path, declared.length === 0 ? KNOWN_PATHS : [...KNOWN_PATHS, ...declared]);
  return errorResponse(404, MESSAGES.notFound, meant === undefined ? {} : { [HINT_HEADER]: MESSAGES.hintPath(meant) });
}

/**
 * The key of a cacheable answer: exactly what it depends on. The version of the data, the normalised
 * path, the parsed parameters (not their spelling), and the origin only where the answer contains it
 * (next_page_url, the docs page, the OpenAPI document). `undefined`: answer without caching.
 */
export function cacheKeyFor(route: Route, request: PlainRequest, state: Run): string | undefined {
  if (route.cacheKey === undefined) return undefined;
  const parameters = route.ignoresQuery === true ? "" : canonicalParameters(request.query, route.query);
  if (parameters === undefined) return undefined;
  return `${route.cacheKey(state)} ${route.answerNamesOrigin === true ? request.origin : ""}${request.path}?${parameters}`;
}

/** The route a method and normalised path reach (HEAD reaches GET routes), the run's declared resources included. */
export function routeFor(method: string, path: string, run?: Run): RouteMatch {
  return routerOf(run).match(method, path);
}

/**
 * The text a request's stored answer can be found by without parsing (see `answer`): the data version,
 * the origin where the answer names it, and the target as sent. Undefined where that shortcut is not
 * safe or worth it (routes with side effects after answering, long targets).
 */
export function aliasFor(route: Route, method: string, origin: string, target: string, state: Run): string | undefined {
  if (route.cacheKey === undefined || route.after !== undefined || (method !== "GET" && method !== "HEAD") || target.length > MAX_ALIAS_LENGTH) return undefined;
  return `${route.cacheKey(state)} ${route.answerNamesOrigin === true ? origin : ""}${target}`;
}

/** The answer to a handler's PlaygroundError: `{"error": message}` (or RFC 6749's shape), its headers and its journal note. */
export const refusal = refusalOf;

/**
 * With `--require-auth`, the refusal of a request to a guarded route whose credentials the scheme does
 * not accept (undefined: let it through). Runs before any stored answer is looked up.
 */
export function guardRefusal(route: Route, request: GuardedRequest, state: Run): PlainResponse | undefined {
  const scheme = route.guarded === true ? state.settings.requireAuth : undefined;
  if (scheme === undefined) return undefined;
  try {
    GUARDS[scheme](request, state);
    return undefined;
  } catch (error) {
    if (error instanceof PlaygroundError) return refusal(error);
    throw error;
  }
}

/**
 * Answers one request: 404/405/OPTIONS, unexpected parameters, then the route's handler. With `alias`
 * (from `aliasFor`), a stored answer is remembered under it too.
 */
export function answer(request: PlainRequest, state: Run, match: RouteMatch = routerOf(state).match(request.method, request.path), alias?: string): PlainResponse {
  if (match.kind === "not-found") return notFound(request.path, state);
  if (request.method === "OPTIONS") {
    const allow = match.kind === "route" ? routerOf(state).allowFor(request.path) : match.allow;
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
      if (error instanceof PlaygroundError) return refusal(error);
      throw error;
    }
  };
  const key = cacheKeyFor(route, routed, state);
  const response = key === undefined ? run() : state.cache.remember(key, run, alias);
  if (route.after !== undefined && response.status === 200) route.after(routed, state);
  return response;
}
