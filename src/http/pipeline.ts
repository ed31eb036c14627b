/**
 * The request pipeline. On arrival (`handleRequest`): the Host check, a rate-limit token, the control
 * plane's gate, then the body (bounded, or an upload streamed). Then `STEPS`, an ordered list of named
 * steps, each a small decision that answers or passes: host check, settled before the body, rate limit,
 * body timeout, body size, target length, OPTIONS *, fault, --require-auth guard, answer and encode. Then
 * the answer is written (with the fault's latency, slow body or cut) and recorded: journal, summary, log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { aliasFor, answer, guardRefusal, refusal, routeFor } from "./dispatch.js";
import { PlaygroundError, MESSAGES } from "../errors.js";
import { formatInstant } from "../simulate/clock.js";
import { MAX_STORED_TARGET, noteOf, storedHeaders, storedTarget, type Observation } from "../control/journal.js";
import type { Redactor } from "../control/redact.js";
import { browserRefusal, controlRefusal, isControlPath } from "../admin/routes.js";
import type { FaultDecision } from "../simulate/faults.js";
import { errorResponse } from "../run/respond.js";
import { compressible, type Encoder } from "../codecs/encoding.js";
import { hostOf } from "../codecs/host.js";
import type { HostPolicy } from "./host-policy.js";
import { representationTag, type Negotiator, type Validators } from "./represent.js";
import { hasBody, MAX_TARGET_LENGTH, originForm, originOfRequest, readBody, splitTarget, toPlainRequest, type BodyResult } from "./read.js";
import { NO_HEADERS, PLAIN_WRITE, writeResponse, type BodyTap, type StallWatch, type WireHeaders, type WriteOptions } from "./write.js";
import type { LogEntry, RequestLogFormat } from "./log.js";
import { normalizePath, type RouteMatch } from "./router.js";
import type { Route } from "../run/route.js";
import type { TakeResult } from "../simulate/token-bucket.js";
import type { PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";


export interface ServerContext {
  /** The run: what every request reads and the control plane changes. */
  readonly run: Run;
  readonly now: () => number;
  readonly log: ((line: string, entry: LogEntry) => void) | undefined;
  /** The log function takes the structured entry (it declares a second parameter). */
  readonly structuredLog: boolean;
  readonly hosts: HostPolicy;
  readonly wire: WireHeaders;
  readonly stalls: StallWatch;
  readonly logFormat: RequestLogFormat;
  readonly retryAfterFormat: RetryAfterFormat;
  readonly validators: Validators;
  /** How long a body may take to arrive (an upload: how long it may pause). */
  readonly bodyTimeoutMs: number;
  /** Compression (off: undefined) and the Accept-Encoding memo. */
  readonly encoder: Encoder | undefined;
  readonly negotiator: Negotiator;
}

/** Every control-plane answer, errors included, describes this moment only. */
const NO_STORE: Record<string, string> = Object.freeze({ "Cache-Control": "no-store" }) as Record<string, string>;

/** Where a request goes, worked out once at arrival: its origin-form target, normalised path and route. */
interface Classified {
  /** The Host may be answered (always, unless bound to loopback and the Host names another machine). */
  readonly hostOk: boolean;
  readonly originTarget: string;
  readonly path: string;
  readonly match: RouteMatch;
  /** An API request: takes a rate-limit token, may be faulted and is journaled (self-description and the control plane never are). */
  readonly api: boolean;
  /** A control-plane request (`/__playground/...`). */
  readonly control: boolean;
}

function classify(method: string, target: string, hostOk: boolean, run: Run): Classified {
  const originTarget = originForm(target);
  const path = normalizePath(splitTarget(originTarget)[0]);
  const match = routeFor(method, path, run);
  const control = isControlPath(path);
  const documentation = match.kind === "route" ? match.route.documentation === true : match.kind === "wrong-method" && match.documentation;
  return { hostOk, originTarget, path, match, api: hostOk && !documentation && !control, control };
}

/** Takes the rate-limit token at arrival, then answers at once, or once a body has been read. */
export function handleRequest(req: IncomingMessage, res: ServerResponse, context: ServerContext): void {
  const receivedAt = context.now();
  // Durations are only measured for requests something records.
  const started = context.run.recorder.recording || context.structuredLog ? performance.now() : 0;
  const hostOk = context.hosts.allows(req.headers.host);
  // Schema drift happens once the playground's clock passes its moment (moving the clock there triggers it too).
  const driftAt = context.run.schemaDriftAt;
  if (driftAt !== undefined && receivedAt >= driftAt && !context.run.records.drifted) context.run.driftSchema();
  const classified = classify(req.method ?? "GET", req.url ?? "/", hostOk, context.run);
  // The bucket is checked before the handler runs, so every API request counts, 404s included.
  const limit = classified.api ? context.run.bucket?.take(receivedAt) : undefined;
  const upload = classified.match.kind === "route" ? classified.match.route.upload : undefined;
  const withBody = hasBody(req);
  const refused = classified.hostOk ? controlGate(req, classified, context.run, withBody) : undefined;
  if (upload !== undefined && classified.hostOk && refused === undefined) {
    // The verifier's upload is read as a stream, whatever its size; everything else gets a bounded body.
    void receiveUpload(req, classified, receivedAt, context.run, upload, context.bodyTimeoutMs)
      .then((answer) => respond(req, res, context, classified, receivedAt, started, limit, undefined, answer)).catch(lastResort(res));
  } else if (withBody) {
    void readBody(req, context.bodyTimeoutMs).then((body) => respond(req, res, context, classified, receivedAt, started, limit, body, refused)).catch(lastResort(res));
  } else {
    respond(req, res, context, classified, receivedAt, started, limit, undefined, refused);
  }
}

/** A failure no step caught (a bug): reported, and this connection closed; the server keeps serving. */
function lastResort(res: ServerResponse): (error: unknown) => void {
  return (error) => {
    console.error(error);
    res.destroy();
  };
}

/**
 * The refusal for a control request that may not pass (undefined: it may): health and the inspector page
 * always pass; the rest need loopback or the admin token, and must not look sent by a web page.
 */
function controlGate(req: IncomingMessage, classified: Classified, run: Run, withBody: boolean): PlainResponse | undefined {
  if (!classified.control || (classified.match.kind === "route" && classified.match.route.open === true)) return undefined;
  const admission = run.admits(req.headers["x-playground-admin-token"]);
  return admission !== "ok" ? controlRefusal(admission) : browserRefusal(req.headers, withBody);
}

/** Runs an upload route over the request's body stream; its PlaygroundError becomes the answer, a bug a 500. */
async function receiveUpload(req: IncomingMessage, classified: Classified, receivedAt: number, state: Run,
  upload: NonNullable<Route["upload"]>, idleMs: number): Promise<PlainResponse> {
  // Any length, but no long pause, and no trickle: an upload that stops sending, or that averages less
  // than MIN_UPLOAD_RATE once it has had idleMs to get going, is cut.
  let cut = false;
  req.setTimeout(idleMs, () => {
    cut = true;
    req.destroy();
  });
  const startedAt = performance.now();
  const firstByte = req.socket?.bytesRead ?? 0;
  const pace = setInterval(() => {
    const seconds = (performance.now() - startedAt) / 1000;
    const received = (req.socket?.bytesRead ?? 0) - firstByte;
    if (seconds * 1000 >= idleMs && received / seconds < MIN_UPLOAD_RATE) {
      cut = true;
      req.destroy();
    }
  }, Math.max(50, Math.floor(idleMs / 2)));
  pace.unref();
  try {
    const request = toPlainRequest(req, classified.originTarget, classified.path, originOfRequest(req), req.method ?? "POST", undefined, receivedAt);
    // Stopping early (a malformed upload) leaves the stream open, so the rest can be drained and the answer read.
    return await upload(request, req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>, state);
  } catch (error) {
    if (error instanceof PlaygroundError) {
      // Whatever the client still sends is read and dropped, so it can read the answer.
      req.resume();
      return refusal(error);
    }
    // A client that went away (or was cut) is owed nothing; this answer is never written.
    if (cut || req.socket === null || req.socket.destroyed) return errorResponse(408, MESSAGES.requestTimeout);
    console.error(error);
    return errorResponse(500, MESSAGES.internal);
  } finally {
    clearInterval(pace);
    req.socket?.setTimeout(0);
  }
}

/** The slowest average an upload may keep (bytes per second), once it has had the body timeout to start. */
export const MIN_UPLOAD_RATE = 256;

/**
 * The representation to send: compressed when the answer may be and the client accepts a coding (with
 * `Vary: Accept-Encoding` either way), tagged and checked against If-None-Match on the record endpoints.
 * What is derived from a stored answer (its tag, 304s, forms, header set) is kept with it; what is derived
 * from an answer made for this request only is made and dropped (`x.keep`).
 */
function represent(x: Exchange, response: PlainResponse, etag: boolean): PlainResponse {
  const { context, req } = x;
  const encoder = context.encoder;
  const keep = context.run.cache.holds(response);
  x.keep = keep;
  const candidate = encoder !== undefined && compressible(response);
  const coding = candidate ? context.negotiator.coding(req.headers["accept-encoding"]) : undefined;
  let chosen = response;
  if (etag) chosen = context.validators.validate(response, req.headers["if-none-match"], coding, candidate, keep);
  if (!candidate || chosen.status !== 200) return chosen;
  if (coding === undefined) {
    // Sent as it is, though it could have been compressed: the writer adds Vary.
    x.vary = true;
    return chosen;
  }
  const tagged = etag && typeof chosen.body !== "function";
  // A form made of a stored answer lives as long as it does: the cache counts it.
  return encoder.encode(chosen, coding, tagged && coding !== undefined ? representationTag(chosen, coding) : undefined, context.run.cache, response, keep);
}

/** With `--require-auth`, the refusal for a guarded route's request without accepted credentials. */
function guardedOff(match: RouteMatch, req: IncomingMessage, receivedAt: number, state: Run): PlainResponse | undefined {
  if (match.kind !== "route" || match.route.guarded !== true || state.settings.requireAuth === undefined) return undefined;
  return guardRefusal(match.route, { headers: req.headers as Record<string, string | undefined>, now: receivedAt }, state);
}

/** The fault for an API request: the next scripted step that matches, else a random draw. */
function decideFault(context: ServerContext, path: string): FaultDecision | undefined {
  const scripted = context.run.script.take(path);
  if (scripted === undefined) return context.run.injector?.decide(path);
  const kind = scripted.status !== undefined ? "error" : scripted.action === "drop" ? "drop" : scripted.action === "truncate" ? "truncate" : "none";
  return { kind, status: scripted.status ?? 0, retryAfter: scripted.retryAfter, latencyMs: scripted.latencyMs, slowBodyMs: scripted.slowBodyMs, scripted: true };
}

/** One request on its way through the steps: what they read, and what they decided. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly context: ServerContext;
  readonly classified: Classified;
  readonly receivedAt: number;
  readonly limit: TakeResult | undefined;
  readonly result: BodyResult | undefined;
  /** An upload's answer, or a control request's refusal (see controlGate), decided before the body was read. */
  readonly settled: PlainResponse | undefined;
  readonly target: string;
  readonly method: string;
  /** The rate-limit headers every answer carries (a 429 adds Retry-After). */
  readonly limitHeaders: Record<string, string>;
  /** The fault drawn for this request (API requests only). */
  decision: FaultDecision | undefined;
  /** Close the connection after the answer (a body that never finished arriving). */
  closeAfter: boolean;
  /** The answer is sent uncompressed though it could have been: it says `Vary: Accept-Encoding`. */
  vary: boolean;
  /** Keep what is derived from the answer (its header set) for the next time: false for an answer made for this request only. */
  keep: boolean;
}

/** A step's verdict that no answer is sent at all: the connection is dropped (the drop fault). */
const DROP: PlainResponse = { status: 0, body: "" };

/**
 * The answer steps, in order: the first that answers decides the request. Each is small and reads only
 * the exchange; the writing, the journal and the log follow in `respond`.
 */
const STEPS: readonly { readonly name: string; readonly answer: (x: Exchange) => PlainResponse | undefined }[] = [
  // Before anything else: a rebinding page must learn nothing, not even whether a path exists.
  { name: "host check", answer: (x) => (x.classified.hostOk ? undefined : errorResponse(421, MESSAGES.misdirected(hostOf(x.req.headers.host ?? "") ?? String(x.req.headers.host)))) },
  { name: "settled before the body", answer: (x) => x.settled },
  {
    name: "rate limit", answer: (x) => {
      if (x.limit === undefined || x.limit.allowed) return undefined;
      x.limitHeaders["Retry-After"] = retryAfterText(x.limit.retryAfterSeconds, x.receivedAt, x.context.retryAfterFormat);
      return errorResponse(429, MESSAGES.tooManyRequests);
    },
  },
  {
    name: "body timeout", answer: (x) => {
      if (x.result?.kind !== "timeout") return undefined;
      x.closeAfter = true;
      return errorResponse(408, MESSAGES.requestTimeout);
    },
  },
  {
    name: "body size", answer: (x) => {
      if (x.result?.kind !== "too-large") return undefined;
      x.closeAfter = !x.result.drained;
      return errorResponse(413, MESSAGES.bodyTooLarge);
    },
  },
  { name: "target length", answer: (x) => (x.target.length > MAX_TARGET_LENGTH ? errorResponse(414, MESSAGES.targetTooLong) : undefined) },
  { name: "OPTIONS *", answer: (x) => (x.method === "OPTIONS" && x.target === "*" ? { status: 204, headers: { Allow: "GET, HEAD, POST, OPTIONS" }, body: "" } : undefined) },
  {
    name: "fault", answer: (x) => {
      // Only requests that reach an API endpoint draw from the fault stream (404s, 405s and the docs never do).
      const decision = x.classified.api && x.classified.match.kind === "route" ? decideFault(x.context, x.classified.path) : undefined;
      x.decision = decision;
      if (decision?.kind === "drop") return DROP;
      // An error before doing any work, so a retry gets a fresh chance.
      if (decision?.kind !== "error") return undefined;
      return simulatedError(decision.status, decision.retryAfter === undefined ? undefined : retryAfterText(decision.retryAfter, x.receivedAt, x.context.retryAfterFormat));
    },
  },
  { name: "--require-auth guard", answer: (x) => guardedOff(x.classified.match, x.req, x.receivedAt, x.context.run) },
  {
    name: "answer, encode", answer: (x) => {
      const { originTarget, path, match } = x.classified;
      const run = x.context.run;
      const origin = originOfRequest(x.req);
      // A target already answered from the cache is served again without parsing anything.
      const alias = match.kind === "route" ? aliasFor(match.route, x.method, origin, originTarget, run) : undefined;
      const response = (alias === undefined ? undefined : run.cache.peekAlias(alias))
        ?? answer(toPlainRequest(x.req, originTarget, path, origin, x.method, x.result?.kind === "ok" ? x.result.body : undefined, x.receivedAt), run, match, alias);
      return match.kind === "route" && match.route.control !== true ? represent(x, response, match.route.etag === true) : response;
    },
  },
];

/** Decides the request's answer by the steps, writes it, and records and logs it. */
function respond(req: IncomingMessage, res: ServerResponse, context: ServerContext, classified: Classified, receivedAt: number, started: number,
  limit: TakeResult | undefined, result: BodyResult | undefined, settled?: PlainResponse): void {
  const { run, log } = context;
  const target = req.url ?? "/";
  const method = req.method ?? "GET";
  const limitHeaders: Record<string, string> = limit === undefined ? (classified.control ? NO_STORE : NO_HEADERS) : {
    "X-RateLimit-Limit": String(run.bucket?.capacity),
    "X-RateLimit-Remaining": String(limit.remaining),
    "X-RateLimit-Reset": String(limit.resetSeconds),
  };
  const x: Exchange = { req, context, classified, receivedAt, limit, result, settled, target, method, limitHeaders, decision: undefined, closeAfter: false, vary: false, keep: true };
  let response: PlainResponse | undefined;
  try {
    for (const step of STEPS) {
      response = step.answer(x);
      if (response !== undefined) break;
    }
  } catch (error) {
    // A bug, not bad input: say so honestly and keep serving.
    console.error(error);
    response = errorResponse(500, MESSAGES.internal);
  }
  if (response === DROP) response = undefined;
  const { decision, closeAfter } = x;
  const answered = response;
  const observe = classified.api && (run.recorder.recording || context.structuredLog);
  const tap: BodyTap | undefined = observe ? { bytes: 0, preview: undefined } : undefined;
  const options: WriteOptions = decision === undefined && !closeAfter && tap === undefined && method !== "HEAD" ? PLAIN_WRITE
    : { isHead: method === "HEAD", closeAfter, slowBodyMs: decision?.slowBodyMs ?? 0, truncate: decision?.kind === "truncate", tap };
  const finish = (): void => survive(() => {
    if (!observe) return;
    // Cut (truncated, dropped, the client gone) unless every byte reached the kernel; a large answer
    // still being taken is settled when its connection closes.
    const written = tap as BodyTap;
    if (answered === undefined || decision?.kind === "drop" || (res.destroyed && !res.writableFinished)) written.complete = false;
    // Ended with nothing left queued: every byte is with the kernel (most answers, at once).
    else if (res.writableFinished || (res.writableEnded && res.writableLength === 0)) written.complete = true;
    else res.once("close", () => { written.complete = res.writableFinished; });
    const record = run.recorder.record(observation(req, classified, receivedAt, started, result, answered, decision, limit, limitHeaders, tap as BodyTap, method, run.redactor),
      decision?.kind === "drop" ? undefined : answered?.served, run.dataVersion);
    if (log !== undefined && context.structuredLog) {
      const entry: LogEntry = { event: "request", ...run.recorder.entry(record) };
      writeLog(context, req, classified, receivedAt, method, target, answered, decision, entry);
    }
  });
  const deliver = (): void => {
    try {
      if (answered === undefined) req.socket.destroy();
      else writeResponse(res, answered, context.wire.of(answered, x.vary, x.keep), context.stalls, limitHeaders, options);
    } catch (error) {
      console.error(error);
      res.destroy();
    }
    if (!observe) return;
    if (res.writableEnded || res.destroyed || answered === undefined) finish();
    else res.once("close", finish);
  };
  if (decision !== undefined && decision.latencyMs > 0) setTimeout(deliver, decision.latencyMs);
  else deliver();
  // Structured entries are logged once the answer is complete (above); plain lines at once, as before.
  // Reads of the control run (the inspector polls them) would drown the log; its changes are logged.
  const quietRead = classified.control && (method === "GET" || method === "HEAD") && answered !== undefined && answered.status < 400;
  if (log !== undefined && !(observe && context.structuredLog) && !quietRead) survive(() => writeLog(context, req, classified, receivedAt, method, target, answered, decision, undefined));
}

/**
 * Runs what happens beside an answer (journal, summary, event stream, log): a failure there is reported
 * and swallowed, so it can never end the process or another client's answer.
 */
export function survive(work: () => void): void {
  try {
    work();
  } catch (error) {
    console.error(error);
  }
}

/** One log line (and, for a structured log, its entry: the journal entry, or a control-plane note). */
function writeLog(context: ServerContext, req: IncomingMessage, classified: Classified, receivedAt: number, method: string, target: string, answered: PlainResponse | undefined,
  decision: FaultDecision | undefined, entry: LogEntry | undefined): void {
  const log = context.log as (line: string, entry: LogEntry) => void;
  const shown = context.run.redactor.redactTarget(target);
  const line = context.logFormat.line(req.socket.remoteAddress ?? "-", new Date(receivedAt), method, shown, req.httpVersion, answered?.status ?? "-");
  const text = decision === undefined ? line : `${line}${describeDecision(decision)}`;
  if (!context.structuredLog) {
    (log as (line: string) => void)(text);
    return;
  }
  log(text, entry ?? {
    event: classified.control ? "control" : "other",
    time: formatInstant(receivedAt), method, path: context.run.redactor.redact(classified.path), status: answered?.status ?? null,
  });
}

/** The journal's record of a finished API request. */
function observation(req: IncomingMessage, classified: Classified, receivedAt: number, started: number, result: BodyResult | undefined,
  answered: PlainResponse | undefined, decision: FaultDecision | undefined, limit: TakeResult | undefined,
  limitHeaders: Readonly<Record<string, string>>, tap: BodyTap, method: string, redactor: Redactor): Observation {
  return {
    seq: 0,
    receivedAt,
    method,
    // Long targets and headers are kept cut short (redacted first), so the journal stays small.
    target: storedTarget(classified.originTarget, redactor),
    path: classified.path.length > MAX_STORED_TARGET ? storedTarget(classified.path, redactor) : classified.path,
    endpoint: classified.match.kind === "route" ? classified.match.route.path : undefined,
    headers: storedHeaders(req.headers, redactor),
    requestBytes: result?.kind === "ok" ? result.body.length : Number(req.headers["content-length"] ?? 0) || 0,
    durationMs: performance.now() - started,
    // A dropped connection has no answer, whatever was prepared. Only the answer's note is kept: never its body.
    answer: decision?.kind === "drop" || answered === undefined ? undefined : noteOf(answered),
    fault: decision,
    extraHeaders: limitHeaders,
    rateLimitRemaining: limit?.remaining,
    written: tap,
  };
}

/** The log suffix naming what was simulated for a request (empty when nothing was). */
function describeDecision(decision: FaultDecision): string {
  const parts: string[] = [];
  if (decision.kind === "drop") parts.push("connection drop");
  if (decision.kind === "truncate") parts.push("truncated body");
  if (decision.kind === "error") parts.push(`${decision.status} error`);
  if (decision.latencyMs > 0) parts.push(`${decision.latencyMs} ms latency`);
  if (decision.slowBodyMs > 0) parts.push(`slow body over ${decision.slowBodyMs} ms`);
  return parts.length === 0 ? "" : ` [${decision.scripted === true ? "scripted" : "simulated"} ${parts.join(", ")}]`;
}

const SIMULATED_ERRORS: Readonly<Record<number, string>> = {
  429: MESSAGES.tooManyRequests,
  500: MESSAGES.simulatedInternal,
  502: MESSAGES.simulatedBadGateway,
  503: MESSAGES.simulatedUnavailable,
};

function simulatedError(status: number, retryAfter: string | undefined): PlainResponse {
  return errorResponse(status, SIMULATED_ERRORS[status] as string, retryAfter === undefined ? {} : { "Retry-After": retryAfter });
}

/**
 * A Retry-After value (RFC 9110 §10.2.3): whole seconds, or with `--retry-after-format http-date` the
 * IMF-fixdate that many seconds after the request arrived on the playground's clock, rounded up to the
 * second: never earlier than the moment a retry would succeed (a client that waits exactly until the
 * date is not refused again).
 * @example retryAfterText(2, Date.UTC(2026, 0, 1, 0, 0, 0, 400), "http-date") // "Thu, 01 Jan 2026 00:00:03 GMT"
 */
export function retryAfterText(seconds: number, nowMs: number, format: RetryAfterFormat): string {
  return format === "seconds" ? String(seconds) : new Date(Math.ceil((nowMs + seconds * 1000) / 1000) * 1000).toUTCString();
}

/** How Retry-After is written: delay-seconds (default) or an HTTP-date. */
export type RetryAfterFormat = "seconds" | "http-date";
