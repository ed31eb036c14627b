/**
 * What a route is: method, path pattern, handler and the query parameters it accepts, with the flags the
 * pipeline, the cache and the documentation read. The API's table (src/api/routes.ts), the control
 * plane's (src/admin/routes.ts) and the self-description's (src/describe/pages.ts) are lists of these.
 */
import type { ParameterSpec } from "../codecs/parameters.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "./run.js";

/** What a route's handler is: a pure function of the request and the run it reads. */
export type Handler = (request: PlainRequest, run: Run) => PlainResponse;

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
