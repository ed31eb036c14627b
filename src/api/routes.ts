/**
 * The route table and the matcher. Every route names its method, path pattern, handler and the query
 * parameters it accepts (in the order their checks apply), so validation, 404/405 answers, the banner
 * and documentation all read one table.
 */
import { apiKey, httpBasic, httpBearer, oauth2Data, sessionData, sessionLogin } from "./auth.js";
import { AUTHORIZE_PARAMETERS, authorizeEndpoint, callbackEndpoint, tokenEndpoint } from "./oauth.js";
import { COMPANIES_PARAMETERS, listCompanies, listDepartments, touchCompanies, touchDepartments } from "./cursors.js";
import { exportCsv } from "./export.js";
import { createExportJob, exportJobFile, exportJobStatus } from "./export-jobs.js";
import { DELETED_PARAMETERS, incrementalDeleted, incrementalStep, incrementalTimestamp, STEP_PARAMETERS, TIMESTAMP_PARAMETERS } from "./incremental.js";
import {
  CURSOR_PARAMETERS, cursorPage, KEYSET_PARAMETERS, keysetPage, LINK_HEADER_PARAMETERS, linkHeaderPage, NEXT_PAGE_URL_PARAMETERS, nextPageUrl, OFFSET_PARAMETERS, offsetPage,
  PAGE_NUMBER_PARAMETERS, pageNumber,
} from "./pagination.js";
import { docsPage, favicon, openApiDocument } from "./docs.js";
import { decodePath } from "../codecs/path.js";
import { allowHeader } from "../http/allow.js";
import { CONTROL_ROUTES } from "../control/routes.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Handler, Run } from "../run/run.js";
import type { ParameterSpec } from "./parameters.js";

export { allowHeader };

export interface Route {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path pattern; `{name}` matches one segment into `params.name`. */
  readonly path: string;
  readonly handler: Handler;
  /** Accepted query parameters in check order; any other name is a 400. */
  readonly query: readonly ParameterSpec[];
  /**
   * When set, the answer depends only on origin, target and this key of the state (a version of the
   * records or of the cursor data): it is computed once per key and target.
   */
  readonly cacheKey?: (state: Run) => string;
  /** Runs after every 200 answer (the cursor endpoints' simulated changes). */
  readonly after?: (request: PlainRequest, state: Run) => void;
  /**
   * Self-description (the docs page, the OpenAPI document, the icon): never rate-limited and never
   * faulted, so a browser tab costs a connector nothing and does not shift the seeded fault sequence.
   */
  readonly documentation?: true;
  /** Query strings are ignored rather than refused (links with tracking parameters still open the page). */
  readonly ignoresQuery?: true;
  /** Query parameters besides those listed are ignored, not refused (the OAuth2 endpoints, as RFC 6749 §3.1 requires). */
  readonly otherQueryIgnored?: true;
  /** A data endpoint `--require-auth` guards. */
  readonly guarded?: true;
  /** The answer contains the request's origin (absolute URLs), so its cache key includes it. */
  readonly answerNamesOrigin?: true;
  /** Whole 200 answers carry a strong ETag and honour If-None-Match with 304 (the record endpoints). */
  readonly etag?: true;
  /**
   * The control plane (`/__playground/*`): never rate-limited, faulted or journaled, and answered only on
   * loopback or with the admin token, unless `open` (health, the inspector page).
   */
  readonly control?: true;
  readonly open?: true;
  /** Reads its body as a stream (the verifier's upload) rather than the bounded body the others get. */
  readonly upload?: (request: PlainRequest, body: AsyncIterable<Buffer>, state: Run) => Promise<PlainResponse>;
}

/** A state key that is text of a number that rarely changes: the text is made once per change. */
function versionKey(prefix: string, read: (state: Run) => number): (state: Run) => string {
  let last = Number.NaN;
  let text = "";
  return (state) => {
    const version = read(state);
    if (version !== last) {
      last = version;
      text = `${prefix}@${version}`;
    }
    return text;
  };
}

/** Record answers change only with the records' version (which only `--churn` moves). */
const RECORDS_VERSION = versionKey("records", (state) => state.records.version);
/** The record endpoints' answers: cached per records version, validated by ETag. */
const RECORD_ANSWERS = { cacheKey: RECORDS_VERSION, etag: true, guarded: true } as const;
const CURSOR_VERSION = (state: Run): string => `companies@${state.companies.version}`;
/** The documentation depends on the origin (in the request) and on whether credentials may be shown. */
const DOCS_VERSION = (state: Run): string => `docs@${state.binding.loopback ? "loopback" : "public"}`;
const NONE: readonly ParameterSpec[] = [];

const routes: Route[] = [
  { method: "GET", path: "/pagination/next_page_url", handler: nextPageUrl, query: NEXT_PAGE_URL_PARAMETERS, ...RECORD_ANSWERS, answerNamesOrigin: true },
  { method: "GET", path: "/pagination/page_number", handler: pageNumber, query: PAGE_NUMBER_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/pagination/offset", handler: offsetPage, query: OFFSET_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/pagination/keyset", handler: keysetPage, query: KEYSET_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/pagination/link_header", handler: linkHeaderPage, query: LINK_HEADER_PARAMETERS, ...RECORD_ANSWERS, answerNamesOrigin: true },
  { method: "GET", path: "/pagination/cursor", handler: cursorPage, query: CURSOR_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/export/csv", handler: exportCsv, query: NONE, ...RECORD_ANSWERS },
  { method: "POST", path: "/export/jobs", handler: createExportJob, query: NONE, guarded: true, answerNamesOrigin: true },
  { method: "GET", path: "/export/jobs/{job_id}", handler: exportJobStatus, query: NONE, guarded: true },
  { method: "GET", path: "/export/jobs/{job_id}/file", handler: exportJobFile, query: NONE, guarded: true },
  { method: "GET", path: "/incremental/timestamp", handler: incrementalTimestamp, query: TIMESTAMP_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/incremental/step", handler: incrementalStep, query: STEP_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/incremental/deleted", handler: incrementalDeleted, query: DELETED_PARAMETERS, ...RECORD_ANSWERS },
  { method: "GET", path: "/auth/http_basic", handler: httpBasic, query: NONE },
  { method: "GET", path: "/auth/http_bearer", handler: httpBearer, query: NONE },
  { method: "GET", path: "/auth/api_key", handler: apiKey, query: NONE },
  { method: "POST", path: "/auth/session_token/login", handler: sessionLogin, query: NONE },
  { method: "GET", path: "/auth/session_token/data", handler: sessionData, query: NONE },
  { method: "GET", path: "/auth/oauth2/data", handler: oauth2Data, query: NONE },
  { method: "POST", path: "/oauth/token", handler: tokenEndpoint, query: NONE, otherQueryIgnored: true },
  { method: "GET", path: "/oauth/authorize", handler: authorizeEndpoint, query: AUTHORIZE_PARAMETERS, otherQueryIgnored: true },
  { method: "GET", path: "/oauth/callback", handler: callbackEndpoint, query: NONE, otherQueryIgnored: true },
  { method: "GET", path: "/cursors/companies", handler: listCompanies, query: COMPANIES_PARAMETERS, cacheKey: CURSOR_VERSION, after: touchCompanies, guarded: true },
  { method: "GET", path: "/cursors/{company_id}/departments", handler: listDepartments, query: COMPANIES_PARAMETERS, cacheKey: CURSOR_VERSION, after: touchDepartments, guarded: true },
];
// The documentation describes every route, itself included, from this same table.
const SELF_DESCRIPTION = { query: NONE, cacheKey: DOCS_VERSION, documentation: true, ignoresQuery: true, answerNamesOrigin: true } as const;
routes.push(
  { method: "GET", path: "/", handler: (request, state) => docsPage(routes, request, state), ...SELF_DESCRIPTION },
  { method: "GET", path: "/docs", handler: (request, state) => docsPage(routes, request, state), ...SELF_DESCRIPTION },
  { method: "GET", path: "/openapi.json", handler: (request, state) => openApiDocument(routes, request, state), ...SELF_DESCRIPTION },
  { method: "GET", path: "/favicon.ico", handler: favicon, ...SELF_DESCRIPTION },
);

/** The API and its self-description: what the docs page and the OpenAPI document's main groups describe. */
export const ROUTES: readonly Route[] = routes;
/** Every route the server answers: those and the control plane (`/__playground/*`). */
export const ALL_ROUTES: readonly Route[] = [...routes, ...CONTROL_ROUTES];

/** The params of every route without path parameters (shared, so callers can skip copying). */
export const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

export type RouteMatch =
  | { readonly kind: "route"; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | {
    readonly kind: "wrong-method"; readonly allow: string;
    /** The path is self-description's. */ readonly documentation: boolean;
    /** The path is the control plane's. */ readonly control: boolean;
  }
  | { readonly kind: "not-found" };

interface CompiledPath {
  readonly segments: readonly string[];
  readonly routes: Route[];
}

function splitPath(path: string): string[] {
  return path.split("/").slice(1);
}

/**
 * Collapses repeated slashes (`//pagination//offset`, as most web servers do), strips one trailing
 * slash (every route accepts it) and decodes percent escapes, keeping `%2F` as written so it never
 * becomes a separator.
 */
export function normalizePath(rawPath: string): string {
  const single = rawPath.indexOf("//") === -1 ? rawPath : rawPath.replace(/\/{2,}/g, "/");
  const trimmed = single.length > 1 && single.endsWith("/") ? single.slice(0, -1) : single;
  return decodePath(trimmed);
}


export class Router {
  private readonly exact = new Map<string, Route[]>();
  private readonly patterns: CompiledPath[] = [];
  private readonly fixedMatches = new Map<string, { readonly kind: "route"; readonly route: Route; readonly params: Readonly<Record<string, string>> }[]>();

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      if (route.path.includes("{")) {
        const segments = splitPath(route.path);
        let compiled = this.patterns.find((p) => p.segments.join("/") === segments.join("/"));
        if (compiled === undefined) this.patterns.push(compiled = { segments, routes: [] });
        compiled.routes.push(route);
      } else {
        const list = this.exact.get(route.path) ?? [];
        list.push(route);
        this.exact.set(route.path, list);
        const matches = this.fixedMatches.get(route.path) ?? [];
        matches.push(Object.freeze({ kind: "route" as const, route, params: NO_PARAMS }));
        this.fixedMatches.set(route.path, matches);
      }
    }
  }

  /** Finds the route for a method and a normalised path. HEAD is served by GET routes. */
  match(method: string, path: string): RouteMatch {
    // The common case, a fixed path: one shared answer per route, nothing allocated.
    const fixed = this.fixedMatches.get(path);
    if (fixed !== undefined) {
      const wanted = method === "HEAD" ? "GET" : method;
      for (const match of fixed) if (match.route.method === wanted) return match;
    }
    const found = this.routesFor(path);
    if (found === undefined) return { kind: "not-found" };
    const [routes, params] = found;
    const wanted = method === "HEAD" ? "GET" : method;
    const route = routes.find((r) => r.method === wanted);
    return route === undefined
      ? { kind: "wrong-method", allow: allowHeader(routes), documentation: routes.every((r) => r.documentation === true), control: routes.every((r) => r.control === true) }
      : { kind: "route", route, params };
  }

  /** The `Allow` header for a path (empty when the path is unknown). */
  allowFor(path: string): string {
    const found = this.routesFor(path);
    return found === undefined ? "" : allowHeader(found[0]);
  }

  private routesFor(path: string): [routes: readonly Route[], params: Readonly<Record<string, string>>] | undefined {
    const routes = this.exact.get(path);
    if (routes !== undefined) return [routes, NO_PARAMS];
    const segments = splitPath(path);
    for (const pattern of this.patterns) {
      const params = matchSegments(pattern.segments, segments);
      if (params !== undefined) return [pattern.routes, params];
    }
    return undefined;
  }
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const actual = segments[i] as string;
    if (expected.startsWith("{")) {
      if (actual === "") return undefined;
      params[expected.slice(1, -1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
