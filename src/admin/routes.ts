/**
 * `/__playground/*`: the control plane over HTTP. JSON in and out; each handler checks its body, calls
 * the run's Admin part (src/run/run.ts) and answers what it did. The pipeline keeps these requests out of the
 * rate limit, the faults and the journal, and admits them only on loopback or with the admin token.
 */
import { parseChurnMix } from "../simulate/churn.js";
import { MAX_CHANGES } from "../data/records.js";
import { isFieldName } from "../options.js";
import { PlaygroundError, MESSAGES } from "../errors.js";
import type { FaultOptions } from "../simulate/faults.js";
import { errorResponse } from "../run/respond.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Admin } from "../run/run.js";
import type { ParameterSpec } from "../codecs/parameters.js";
import { readParameters } from "../codecs/parameters.js";
import { readJson, type Refuse } from "../codecs/body.js";
import { parseScript } from "../simulate/fault-script.js";
import { resourceNamed } from "../api/declared.js";
import { rowParser, updatedNames, uploadFormat, verifiedRecords, Verifier } from "../control/verify.js";
import { inspectPage } from "./inspect-page.js";
import type { JournalRecord } from "../control/journal.js";
import type { ControlEvent } from "../run/settings.js";

/** Every control path starts with this. */
export const CONTROL_PREFIX = "/__playground";

/** Whether a normalised path belongs to the control admin. */
export function isControlPath(path: string): boolean {
  return path.startsWith(CONTROL_PREFIX) && (path.length === CONTROL_PREFIX.length || path.charCodeAt(CONTROL_PREFIX.length) === 0x2f);
}

const NO_STORE = { "Content-Type": "application/json", "Cache-Control": "no-store" } as const;

function json(value: unknown, status = 200): PlainResponse {
  return { status, headers: NO_STORE, body: JSON.stringify(value) };
}

/** A control route's handler: it gets the run's admin part, not the whole run. */
type ControlHandler = (request: PlainRequest, admin: Admin) => PlainResponse;

const notJson: Refuse = (_problem, detail) => new PlaygroundError(400, MESSAGES.controlJson(detail));

/** The body as JSON (an empty body is `{}`); a 400 for anything else. */
export function readJsonBody(request: PlainRequest): unknown {
  return readJson(request.body, notJson, {});
}

/** A JSON object body with only the given fields. */
function readObject(request: PlainRequest, fields: readonly string[]): Record<string, unknown> {
  const body = readJsonBody(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new PlaygroundError(400, MESSAGES.controlField("expected a JSON object"));
  const unknown = Object.keys(body).filter((name) => !fields.includes(name));
  if (unknown.length > 0) {
    throw new PlaygroundError(400, MESSAGES.controlField(`unknown field ${unknown.map((name) => JSON.stringify(name)).join(", ")}; expected ${fields.join(", ")}`));
  }
  return body as Record<string, unknown>;
}

/**
 * Runs a change of the run (or a parse of the simulate layer) whose refusals are `invalid` values that
 * know no route: the control plane answers them as its other body mistakes, "Invalid request body: ...".
 * Only such calls go in here (never a body read, whose 400 is already worded).
 */
function checked<T>(change: () => T): T {
  try {
    return change();
  } catch (error) {
    if (error instanceof PlaygroundError && error.status === 400) throw new PlaygroundError(400, MESSAGES.controlField(error.message));
    throw error;
  }
}

function typed(body: Record<string, unknown>, name: string, type: "number" | "boolean" | "object" | "string"): unknown {
  const value = body[name];
  if (value === undefined) return undefined;
  const ok = type === "object" ? typeof value === "object" && value !== null : typeof value === type;
  if (!ok) throw new PlaygroundError(400, MESSAGES.controlField(`${name} must be a ${type}, got ${JSON.stringify(value)}`));
  return value;
}

const SINCE = { name: "since", kind: "integer", min: 0, default: 0, error: MESSAGES.controlSince } as const satisfies ParameterSpec;
const LIMIT = { name: "limit", kind: "integer", min: 1, error: MESSAGES.controlLimit } as const satisfies ParameterSpec;
export const REQUESTS_PARAMETERS = [SINCE, LIMIT];
export const STREAM_PARAMETERS = [SINCE];

const health: ControlHandler = () => json({ status: "ok" });
const config: ControlHandler = (_request, admin) => json(admin.config());

/** Journal entries per piece of a long list or replay (each piece is serialised, then the event loop may turn). */
const ENTRIES_PER_PIECE = 100;

/** The JSON of journal entries [from, to), joined by commas (each entry serialised once, shared by every reader). */
function entriesJson(admin: Admin, records: readonly JournalRecord[], from: number, to: number): string {
  let text = "";
  for (let k = from; k < to; k++) text += (k > from ? "," : "") + admin.recorder.entryJson(records[k] as JournalRecord);
  return text;
}

const listRequests: ControlHandler = (request, admin) => {
  const values = readParameters(request.query, REQUESTS_PARAMETERS);
  // The entries as they are now; a long list is written in pieces (never built whole).
  const records = admin.recorder.journal.list(values.since, values.limit);
  if (records.length <= ENTRIES_PER_PIECE) return { status: 200, headers: NO_STORE, body: `[${entriesJson(admin, records, 0, records.length)}]` };
  return {
    status: 200, headers: NO_STORE,
    body: function* pieces(): Generator<string> {
      yield "[";
      for (let k = 0; k < records.length; k += ENTRIES_PER_PIECE) yield (k > 0 ? "," : "") + entriesJson(admin, records, k, Math.min(records.length, k + ENTRIES_PER_PIECE));
      yield "]";
    },
  };
};

const oneRequest: ControlHandler = (request, admin) => {
  const text = request.params.seq ?? "";
  const detail = /^\d{1,15}$/.test(text) ? admin.recorder.request(Number(text)) : undefined;
  if (detail === undefined) throw new PlaygroundError(404, MESSAGES.controlSeq(text));
  return json(detail);
};

const clearRequests: ControlHandler = (_request, admin) => {
  admin.recorder.clearRequests();
  return json({ cleared: true });
};

const summary: ControlHandler = (_request, admin) => json({ endpoints: admin.recorder.endpoints() });

const reset: ControlHandler = (request, admin) => {
  readObject(request, []);
  admin.reset();
  return json({ reset: true, clock: admin.clockReading() });
};

const readClock: ControlHandler = (_request, admin) => json(admin.clockReading());
const advanceClock: ControlHandler = (request, admin) => {
  const body = readObject(request, ["advance"]);
  const advance = typed(body, "advance", "number");
  if (advance === undefined) throw new PlaygroundError(400, MESSAGES.controlField("advance (seconds to move the clock forward) is required"));
  return json(checked(() => admin.advanceClock(advance as number)));
};

const churn: ControlHandler = (request, admin) => {
  const body = readObject(request, ["ticks", "mix"]);
  const ticks = (typed(body, "ticks", "number") ?? 1) as number;
  const mixText = typed(body, "mix", "string") as string | undefined;
  const mix = mixText === undefined ? undefined : parseChurnMix(mixText);
  if (mixText !== undefined && mix === undefined) throw new PlaygroundError(400, MESSAGES.controlField(`mix must look like "update:8,insert:1,delete:1", got ${JSON.stringify(mixText)}`));
  if (admin.historyFull) throw new PlaygroundError(409, MESSAGES.churnHistoryFull(MAX_CHANGES), { "Cache-Control": "no-store" });
  const changed = checked(() => admin.churn(ticks, mix));
  return json({ ticks, changed });
};

const driftSchema: ControlHandler = (request, admin) => {
  readObject(request, []);
  return json(admin.driftSchema());
};

const readFaults: ControlHandler = (_request, admin) => json(admin.faults());
const FAULT_FIELDS = ["latency", "errorRate", "dropRate", "slowBodyRate", "faultPaths"];
const setFaults: ControlHandler = (request, admin) => {
  const body = readObject(request, FAULT_FIELDS);
  const latency = body.latency;
  if (latency !== undefined && typeof latency !== "number" && !(Array.isArray(latency) && latency.length === 2 && latency.every((n) => typeof n === "number"))) {
    throw new PlaygroundError(400, MESSAGES.controlField(`latency must be milliseconds or [min, max], got ${JSON.stringify(latency)}`));
  }
  for (const name of ["errorRate", "dropRate", "slowBodyRate"]) typed(body, name, "number");
  if (body.faultPaths !== undefined && !(Array.isArray(body.faultPaths) && body.faultPaths.every((glob) => typeof glob === "string"))) {
    throw new PlaygroundError(400, MESSAGES.controlField(`faultPaths must be an array of globs, got ${JSON.stringify(body.faultPaths)}`));
  }
  return json(checked(() => admin.setFaults(body as FaultOptions)));
};

const readScript: ControlHandler = (_request, admin) => json(admin.scriptSteps());
const appendScript: ControlHandler = (request, admin) => {
  const body = readJsonBody(request);
  const steps = checked(() => parseScript(body));
  return json(checked(() => admin.scriptFaults(steps)));
};
const clearScript: ControlHandler = (_request, admin) => {
  return json(admin.clearScript());
};

const readRateLimit: ControlHandler = (_request, admin) => json(admin.rateLimit());
const setRateLimit: ControlHandler = (request, admin) => {
  const body = readObject(request, ["enabled", "capacity", "refillPerSecond"]);
  const enabled = typed(body, "enabled", "boolean") as boolean | undefined;
  const capacity = typed(body, "capacity", "number") as number | undefined;
  const refillPerSecond = typed(body, "refillPerSecond", "number") as number | undefined;
  return json(checked(() => admin.setRateLimit({ enabled, capacity, refillPerSecond })));
};

const revokeTokens: ControlHandler = (request, admin) => {
  readObject(request, []);
  return json(admin.revokeTokens());
};

/** How often an idle event stream sends a comment, so proxies and clients keep it open. */
export const STREAM_HEARTBEAT_MS = 15_000;
/** An event-stream client this far behind is cut off (it reconnects with Last-Event-ID and catches up). */
export const STREAM_BACKLOG_BYTES = 1024 * 1024;
/** The most event streams open at once (429 beyond), so never-reading subscribers cannot add up. */
export const MAX_STREAMS = 32;

/**
 * `GET /__playground/requests/stream`: Server-Sent Events. Entries after `since` (or the `Last-Event-ID`
 * the browser sends on reconnecting) first, written in pieces that wait for the client to take them,
 * then each new one as it is recorded, as `event: request` with `id: <seq>`; `cleared` and `reset`
 * events when the journal is emptied. A client more than STREAM_BACKLOG_BYTES behind is cut off.
 */
const stream: ControlHandler = (request, admin) => {
  const since = readParameters(request.query, STREAM_PARAMETERS).since;
  const lastEventId = request.headers["last-event-id"];
  const resumeFrom = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : since;
  if (admin.recorder.subscribers >= MAX_STREAMS) throw new PlaygroundError(429, MESSAGES.tooManyStreams(MAX_STREAMS), { "Cache-Control": "no-store", "Retry-After": "5" });
  return {
    status: 200,
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
    body: "",
    live: (sink) => {
      let closed = false;
      // New events wait while the replay is written (after it, in order); their bytes count as backlog.
      let waiting: string[] | undefined = [];
      let waitingBytes = 0;
      const write = (chunk: string): void => {
        if (closed) return;
        if (sink.backlog() + waitingBytes > STREAM_BACKLOG_BYTES) {
          closed = true;
          sink.abort();
        } else if (waiting !== undefined) {
          waiting.push(chunk);
          waitingBytes += chunk.length;
        } else {
          sink.write(chunk);
        }
      };
      const send = (event: ControlEvent): void => {
        if (event.type === "closing") {
          closed = true;
          sink.end();
          return;
        }
        write(event.type === "request" ? `id: ${event.entry.seq}\nevent: request\ndata: ${admin.recorder.entryJson(event.entry)}\n\n` : `event: ${event.type}\ndata: {}\n\n`);
      };
      const replay = admin.recorder.journal.list(resumeFrom);
      sink.write("retry: 1000\n: connected\n\n");
      const unsubscribe = admin.recorder.subscribe(send);
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), STREAM_HEARTBEAT_MS);
      heartbeat.unref();
      let next = 0;
      const writeReplay = (): void => {
        if (closed) return;
        // A piece at a time, and only while the client keeps up: the rest on a later turn.
        while (next < replay.length && sink.backlog() < STREAM_BACKLOG_BYTES / 4) {
          let text = "";
          for (const entry of replay.slice(next, next + ENTRIES_PER_PIECE)) text += `id: ${entry.seq}\nevent: request\ndata: ${admin.recorder.entryJson(entry)}\n\n`;
          next += ENTRIES_PER_PIECE;
          sink.write(text);
          if (next < replay.length) {
            setTimeout(writeReplay, sink.backlog() < STREAM_BACKLOG_BYTES / 4 ? 0 : 20);
            return;
          }
        }
        if (next < replay.length) {
          setTimeout(writeReplay, 20);
          return;
        }
        const queued = waiting ?? [];
        waiting = undefined;
        waitingBytes = 0;
        for (const chunk of queued) write(chunk);
      };
      writeReplay();
      return () => {
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
      };
    },
  };
};

const inspect: ControlHandler = () => inspectPage();

/** Largest verify upload (413 beyond): every record's id and updatedAt fits many times over. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

/**
 * `POST /__playground/verify`: the body (JSON array, NDJSON or CSV of `{id, updatedAt}`) streamed through
 * a parser into the verifier; the answer is its report.
 */
export async function verifyUpload(request: PlainRequest, body: AsyncIterable<Buffer>, admin: Admin): Promise<PlainResponse> {
  const chosen = request.query.values.get("updated_field");
  if (chosen !== undefined && !isFieldName(chosen)) throw new PlaygroundError(400, MESSAGES.verifyUpdatedField);
  // ?resource=NAME: a declared resource, by its own id field and change cursor (the built-in records otherwise).
  const resourceName = request.query.values.get("resource");
  const resource = resourceName === undefined ? undefined : resourceNamed(admin.declared, resourceName);
  const names = updatedNames(chosen ?? resource?.spec.cursor);
  const idName = resource === undefined ? "id" : Object.entries(resource.spec.fields).find(([, field]) => field.kind === "id")?.[0] ?? "id";
  const verifier = new Verifier(verifiedRecords(resource ?? admin.records));
  const decoder = new TextDecoder("utf-8");
  let parser: ReturnType<typeof rowParser> | undefined;
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_UPLOAD_BYTES) throw new PlaygroundError(413, MESSAGES.uploadTooLarge);
    const text = decoder.decode(chunk, { stream: true });
    if (parser === undefined) {
      const first = text.replace(/^[\s\uFEFF]+/, "");
      if (first === "") continue;
      parser = rowParser(uploadFormat(request.headers["content-type"], first.charCodeAt(0)), (id, updatedAt) => verifier.add(id, updatedAt), names, idName);
    }
    parser.write(text);
  }
  const rest = decoder.decode();
  if (parser === undefined) {
    if (rest.trim() === "") throw new PlaygroundError(400, MESSAGES.verifyEmpty);
    parser = rowParser(uploadFormat(request.headers["content-type"], rest.trim().charCodeAt(0)), (id, updatedAt) => verifier.add(id, updatedAt), names, idName);
  }
  parser.write(rest);
  parser.end();
  return json(verifier.report());
}

/** A control route: what it does, for the OpenAPI document. */
export interface ControlRoute {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly handler: ControlHandler;
  /** Reads its body as a stream (any size up to MAX_UPLOAD_BYTES) instead of the 64 KiB the others get. */
  readonly upload?: (request: PlainRequest, body: AsyncIterable<Buffer>, admin: Admin) => Promise<PlainResponse>;
  readonly query: readonly ParameterSpec[];
  readonly control: true;
  /** Answers without the admin token, and on any address (for health checks). */
  readonly open?: true;
}

const route = (method: ControlRoute["method"], path: string, handler: ControlHandler, query: readonly ParameterSpec[] = []): ControlRoute =>
  ({ method, path: `${CONTROL_PREFIX}${path}`, handler, query, control: true });

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  { ...route("GET", "/health", health), open: true },
  route("GET", "/config", config),
  route("GET", "/requests", listRequests, REQUESTS_PARAMETERS),
  route("DELETE", "/requests", clearRequests),
  route("GET", "/requests/stream", stream, STREAM_PARAMETERS),
  route("GET", "/requests/{seq}", oneRequest),
  route("GET", "/summary", summary),
  route("POST", "/reset", reset),
  route("GET", "/clock", readClock),
  route("POST", "/clock", advanceClock),
  route("POST", "/churn", churn),
  route("GET", "/faults", readFaults),
  route("PUT", "/faults", setFaults),
  route("GET", "/faults/script", readScript),
  route("POST", "/faults/script", appendScript),
  route("DELETE", "/faults/script", clearScript),
  route("GET", "/rate-limit", readRateLimit),
  route("PUT", "/rate-limit", setRateLimit),
  route("POST", "/tokens/revoke", revokeTokens),
  route("POST", "/schema-drift", driftSchema),
  { ...route("POST", "/verify", () => { throw new PlaygroundError(500, MESSAGES.internal); }), upload: verifyUpload },
  { ...route("GET", "/inspect", inspect), open: true },
];

/** Content types a web page may send cross-site without a preflight (the Fetch standard's CORS-safelisted ones). */
const SAFELISTED_TYPES: ReadonlySet<string> = new Set(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * Why a control request must be refused as possibly sent by a web page, or undefined when it may pass:
 * a browser marked it as another site's (`Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin`
 * whose host is not the `Host` asked for), or it has a body whose type a page can send without a
 * preflight (none, text/plain, a form). Clients outside a browser send none of these.
 * @example browserRefusal({ "sec-fetch-site": "cross-site" }, false) // 403 answer
 */
export function browserRefusal(headers: Readonly<Record<string, string | string[] | undefined>>, withBody: boolean): PlainResponse | undefined {
  const site = headers["sec-fetch-site"];
  const origin = headers.origin;
  if (site === "cross-site" || site === "same-site" || (typeof origin === "string" && !sameHost(origin, headers.host))) {
    return errorResponse(403, MESSAGES.controlCrossSite, { "Cache-Control": "no-store" });
  }
  if (withBody) {
    const type = headers["content-type"];
    const essence = typeof type === "string" ? (type.split(";")[0] as string).trim().toLowerCase() : "";
    if (essence === "" || SAFELISTED_TYPES.has(essence)) return errorResponse(415, MESSAGES.controlBodyType, { "Cache-Control": "no-store" });
  }
  return undefined;
}

/** Whether an Origin header names the host (and port) the request was sent to; `null` and garbage never do. */
function sameHost(origin: string, host: string | string[] | undefined): boolean {
  if (typeof host !== "string") return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host === host.toLowerCase();
}

/** The 403 for a control request that is not admitted. */
export function controlRefusal(verdict: "needs-token" | "loopback-only"): PlainResponse {
  return errorResponse(403, verdict === "needs-token" ? MESSAGES.controlToken : MESSAGES.controlLoopbackOnly, { "Cache-Control": "no-store" });
}
