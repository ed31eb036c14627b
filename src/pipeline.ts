/**
 * The ordered request pipeline: Host check, rate limit, body and target limits, faults, the answer
 * (cached or computed), then writing and logging. Each step is a plain decision on the request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { aliasFor, answer, routeFor } from "./app.js";
import { MESSAGES } from "./errors.js";
import type { FaultDecision, FaultInjector } from "./faults.js";
import { errorResponse } from "./handlers/respond.js";
import { hostAllowed, hostOf } from "./host-check.js";
import { hasBody, MAX_TARGET_LENGTH, originForm, originOfRequest, readBody, splitTarget, toPlainRequest, type BodyResult } from "./http/read.js";
import { NO_HEADERS, writeResponse, type StallWatch, type WireHeaders } from "./http/write.js";
import type { RequestLogFormat } from "./log.js";
import { normalizePath, type RouteMatch } from "./router.js";
import type { TakeResult, TokenBucket } from "./token-bucket.js";
import type { AppState, PlainResponse } from "./types.js";


export interface ServerContext {
  readonly state: AppState;
  readonly now: () => number;
  readonly log: ((line: string) => void) | undefined;
  readonly bucket: TokenBucket | undefined;
  readonly faults: FaultInjector | undefined;
  readonly hosts: HostPolicy;
  readonly wire: WireHeaders;
  readonly stalls: StallWatch;
  readonly logFormat: RequestLogFormat;
}

/** The Host check with the answers for recent Host values remembered (clients send the same one each time). */
export class HostPolicy {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly binding: AppState["binding"], private readonly allowed: readonly string[]) {}

  allows(header: string | undefined): boolean {
    if (header === undefined) return true;
    let verdict = this.known.get(header);
    if (verdict === undefined) {
      verdict = hostAllowed(header, { loopbackBind: this.binding.loopback, boundAddress: this.binding.address, allowed: this.allowed });
      // Host-sized values only: the memo stays small whatever clients send.
      if (header.length > 300) return verdict;
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
export function handleRequest(req: IncomingMessage, res: ServerResponse, context: ServerContext): void {
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
    : () => writeResponse(res, answered, context.wire, context.stalls, limitHeaders, method === "HEAD", closeAfter, decision?.slowBodyMs ?? 0);
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
