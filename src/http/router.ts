/**
 * Every route the server answers, in one table — the API's, the self-description's and the control
 * plane's — and the matcher that finds a request's route (404 and 405 with Allow otherwise).
 */
import { CONTROL_ROUTES } from "../admin/routes.js";
import { API_ROUTES } from "../api/routes.js";
import { allowHeader } from "../codecs/allow.js";
import { decodePath } from "../codecs/path.js";
import { selfDescription } from "../describe/pages.js";
import type { Route } from "../run/route.js";

export { allowHeader };

/** The API and its self-description: what the docs page and the OpenAPI document's main groups describe. */
export const ROUTES: readonly Route[] = [...API_ROUTES, ...selfDescription(API_ROUTES, CONTROL_ROUTES)];
/** Every route the server answers: those and the control plane (`/__playground/*`). */
export const ALL_ROUTES: readonly Route[] = [...ROUTES, ...CONTROL_ROUTES];

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
