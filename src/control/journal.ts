/**
 * The request journal: a bounded ring of what each API request asked and got, numbered by a `seq` that
 * only ever grows (clearing or resetting never reuses one), so `?since=<seq>` polling and the event
 * stream's `Last-Event-ID` never miss or repeat an entry. Entries are stored raw and turned into their
 * public, redacted JSON form only when read.
 */
import { formatInstant } from "../simulate/clock.js";
import { parseQuery } from "../codecs/query.js";
import { splitTarget } from "../codecs/query.js";
import type { FaultDecision } from "../simulate/faults.js";
import type { JournalNote, PlainResponse, ServedRecords } from "../types.js";
import type { Redactor } from "./redact.js";

/** How many bytes of each answer a tap keeps. */
export const PREVIEW_BYTES = 4096;

/** What was written of a body: its size and its start (see noteBody), and whether all of it left. */
export interface BodyTap {
  bytes: number;
  preview: Buffer | string | undefined;
  /** The body's whole size when it was known up front (its Content-Length). */
  promised?: number | undefined;
  /** Set once the answer is over: whether every byte was handed to the kernel (false when cut or dropped). */
  complete?: boolean | undefined;
}


/** What was simulated for a request. */
export interface FaultNote {
  /** `error` (a 5xx or 429 answer), `drop`, `slow` (body in pieces), `truncate` (body cut short), or `latency` alone. */
  readonly kind: "error" | "drop" | "slow" | "truncate" | "latency";
  /** Queued with `POST /__playground/faults/script` (rather than drawn from the random rates). */
  readonly scripted: boolean;
  /** The status answered instead of the real answer (kind `error`). */
  readonly status?: number;
  /** The delay added before answering, in milliseconds (0 for none). */
  readonly latencyMs: number;
  /** With kind `slow`: how long the body took to send, in milliseconds. */
  readonly slowBodyMs?: number;
}

/** The records a 200 answer served: how many, and the first and last id as the answer shows them. */
export interface RecordsNote {
  readonly count: number;
  readonly firstId: string | null;
  readonly lastId: string | null;
}

/**
 * What the journal keeps of an answer: its status, headers and note, whether its body was streamed, and the
 * records it served as a count and two ids. Never the body or the records' view: a journal of 1,000 entries
 * holding its answers would hold 1,000 bodies (up to 4 MB each for a declared resource's largest page),
 * none of them counted in its byte bound. The body's start is kept apart, in the entry's tap.
 */
export interface AnswerNote {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly note: JournalNote | undefined;
  /** The body was written as it was made, in chunks (a cut stream still served what it wrote). */
  readonly streamed: boolean;
  /** The records served (undefined for answers without records). */
  readonly records: RecordsNote | undefined;
  /** Whether a further page follows (undefined where the endpoint does not page). */
  readonly more: boolean | undefined;
}

/**
 * An answer's note, taken once the answer is over (a stream's count is then final). A cached answer's
 * first and last id are worked out once, by its served records, however often it is journaled.
 */
export function noteOf(response: PlainResponse): AnswerNote {
  const served: ServedRecords | undefined = response.served;
  return {
    status: response.status, headers: response.headers, note: response.note, streamed: typeof response.body === "function",
    records: served === undefined ? undefined : { count: served.count, firstId: served.firstId, lastId: served.lastId },
    more: served?.more,
  };
}

/**
 * One finished request, as the pipeline saw it: the note of its answer, references to the rest of what it
 * already had (the fault decision, the headers it added), so recording costs one small object; the public
 * form is derived when read.
 */
export interface Observation {
  /** Set by the journal when the entry is recorded (0 before). */
  seq: number;
  /** The playground clock at arrival, in ms. */
  readonly receivedAt: number;
  readonly method: string;
  /** Origin-form target as sent. */
  readonly target: string;
  /** Normalised path. */
  readonly path: string;
  /** The route's path pattern (e.g. `/cursors/{company_id}/departments`), or undefined for a 404. */
  readonly endpoint: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly requestBytes: number;
  readonly durationMs: number;
  /** What the journal keeps of the answer (undefined when the connection was closed without one). */
  readonly answer: AnswerNote | undefined;
  readonly fault: FaultDecision | undefined;
  /** Headers the pipeline added to the answer (the rate limit's). */
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly rateLimitRemaining: number | undefined;
  /** Bytes of body written, and the body's start (the whole body up to 16 KiB, by reference); the preview is kept for the newest PREVIEWS_KEPT entries only. */
  readonly written: BodyTap;
}

/** The status answered, or undefined when the connection was closed without an answer. */
export function statusOf(record: Observation): number | undefined {
  return record.answer?.status;
}

/** The Retry-After the answer carried, as sent. */
function retryAfterHeader(record: Observation): string | undefined {
  return record.extraHeaders["Retry-After"] ?? record.answer?.headers?.["Retry-After"];
}

/** The Retry-After the answer carried, in whole seconds (an HTTP-date counted from the request's arrival, rounded up). */
export function retryAfterOf(record: Observation): number | undefined {
  const value = retryAfterHeader(record);
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  return Math.max(0, Math.ceil((Date.parse(value) - record.receivedAt) / 1000));
}

/**
 * The instant the Retry-After named, on the playground clock, to the precision it was written with: an
 * HTTP-date is that second itself; delay-seconds count from the request's arrival.
 */
export function retryInstantOf(record: Observation): number | undefined {
  const value = retryAfterHeader(record);
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? record.receivedAt + Number(value) * 1000 : Date.parse(value);
}

/** Whether the whole answer left (false when it was cut short or dropped; true for records made before this was noted). */
export function completeOf(record: Observation): boolean {
  return record.written.complete !== false;
}

/**
 * The records a 200 answer served: how many, and the first and last id. A whole answer that was cut
 * served none a client could read; a streamed one counts the records written before the cut.
 */
export function recordsOf(record: Observation): RecordsNote | undefined {
  const answer = record.answer;
  if (answer?.status !== 200 || (!completeOf(record) && !answer.streamed)) return undefined;
  return answer.records;
}

/** Whether a 200 answer said more pages follow. */
export function moreOf(record: Observation): boolean | undefined {
  return record.answer?.status === 200 ? record.answer.more : undefined;
}

/** What was simulated, as the journal shows it. */
export function faultNoteOf(decision: FaultDecision | undefined): FaultNote | undefined {
  if (decision === undefined) return undefined;
  const scripted = decision.scripted === true;
  switch (decision.kind) {
    case "error": return { kind: "error", scripted, status: decision.status, latencyMs: decision.latencyMs };
    case "drop": return { kind: "drop", scripted, latencyMs: decision.latencyMs };
    case "truncate": return { kind: "truncate", scripted, latencyMs: decision.latencyMs };
    default:
      if (decision.slowBodyMs > 0) return { kind: "slow", scripted, latencyMs: decision.latencyMs, slowBodyMs: decision.slowBodyMs };
      return decision.latencyMs > 0 ? { kind: "latency", scripted, latencyMs: decision.latencyMs } : undefined;
  }
}

/** A recorded observation (its seq set). */
export type JournalRecord = Readonly<Observation>;

/** A journal entry as the control API, the event stream and `--json` logs show it. */
export interface JournalEntry {
  /** The entry's number: 1 for the first request since start, never reused (a clear or reset keeps counting). */
  readonly seq: number;
  /** The playground clock at arrival, e.g. `2026-01-01T00:00:01.250Z`. */
  readonly time: string;
  /** The request method, e.g. `GET`. */
  readonly method: string;
  /** The path as requested, without the query (cut at 2,048 characters). */
  readonly path: string;
  /** The query as parsed: first value of each name. */
  readonly query: Readonly<Record<string, string>>;
  /** The request headers, names in lower case, secrets as `[redacted]` (at most 64, each cut at 1,024 characters). */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body's size in bytes (0 without one). */
  readonly requestBytes: number;
  /** The status sent, or null when the connection was dropped before one (a drop fault, the client gone). */
  readonly status: number | null;
  /** Milliseconds from arrival to the last byte sent (or the connection's end). */
  readonly durationMs: number;
  /** Body bytes sent on the wire (compressed when the answer was). */
  readonly responseBytes: number;
  /** The body's whole size when known up front (Content-Length); with `complete` false, responseBytes of it were sent. */
  readonly responseBytesPromised: number | null;
  /** Whether the whole answer was sent (false when it was cut short, dropped, or the client went away). */
  readonly complete: boolean;
  /** The failure injected into this request (random or scripted), or null. */
  readonly fault: FaultNote | null;
  /** X-RateLimit-Remaining as sent, or null while the rate limit is off. */
  readonly rateLimitRemaining: number | null;
  /** The seconds a 429 or simulated 503 asked the client to wait, or null. */
  readonly retryAfter: number | null;
  /** The Retry-After as sent (delay-seconds or an HTTP-date), or null. */
  readonly retryAfterHeader: string | null;
  /** The instant that Retry-After named (`YYYY-MM-DDTHH:MM:SSZ` on the playground's clock), or null. */
  readonly retryAt: string | null;
  /** The user records in the answer (how many were sent, the first and last id), or null for answers without records. */
  readonly records: { readonly count: number; readonly firstId: string | null; readonly lastId: string | null } | null;
  /** The data endpoint the request was for (its path without a trailing slash), or null for others (a 404). */
  readonly endpoint: string | null;
  /** Why a token was refused, when that is the reason for a 401; null otherwise. */
  readonly note: JournalNote | null;
}

/** An entry with what the inspector shows on a click: the answer's headers and first 4 KiB. */
export interface JournalEntryDetail extends JournalEntry {
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responsePreview: string;
  readonly previewTruncated: boolean;
}

/** Entries whose answer preview is kept (older ones keep everything else), so a large journal stays small. */
export const PREVIEWS_KEPT = 1000;

/** The most bytes the journal holds (entries, their headers, targets and previews), whatever `--journal N` allows. */
export const JOURNAL_BYTES = 32 * 1024 * 1024;
/** A stored request header value is cut to this many characters (after redaction), a target likewise. */
export const MAX_STORED_HEADER = 1024;
export const MAX_STORED_TARGET = 2048;
/** Request headers stored per entry (the first ones, in the order sent). */
export const MAX_STORED_HEADERS = 64;
/** What an entry costs besides its text: the observation object and its references. */
const ENTRY_OVERHEAD = 400;

/** `text` cut to `max` characters with a mark, after its secrets are redacted (so a cut never leaves half a secret). */
function cut(text: string, max: number, redactor: Redactor, header?: string): string {
  if (text.length <= max) return text;
  const shown = header === undefined ? redactor.redact(text) : redactor.header(header, text);
  return shown.length <= max ? shown : `${shown.slice(0, max)}…[cut ${shown.length - max}]`;
}

/**
 * Request headers as the journal stores them: as sent when small (the same object, no copy), else the
 * first MAX_STORED_HEADERS with each value cut to MAX_STORED_HEADER characters (redacted first).
 */
export function storedHeaders(headers: Readonly<Record<string, string | string[] | undefined>>, redactor: Redactor): Readonly<Record<string, string | string[] | undefined>> {
  let names = 0;
  let small = true;
  for (const name in headers) {
    const value = headers[name];
    const length = typeof value === "string" ? value.length : Array.isArray(value) ? value.join(", ").length : 0;
    if (++names > MAX_STORED_HEADERS || length > MAX_STORED_HEADER) {
      small = false;
      break;
    }
  }
  if (small) return headers;
  const kept: Record<string, string> = {};
  let k = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (k++ >= MAX_STORED_HEADERS) break;
    kept[name] = cut(Array.isArray(value) ? value.join(", ") : value, MAX_STORED_HEADER, redactor, name);
  }
  return kept;
}

/** A request target as the journal stores it (cut to MAX_STORED_TARGET characters, redacted first). */
export function storedTarget(target: string, redactor: Redactor): string {
  return cut(target, MAX_STORED_TARGET, redactor);
}

/** About what an entry holds in memory. */
function entryBytes(record: JournalRecord): number {
  let bytes = ENTRY_OVERHEAD + record.target.length * 2;
  for (const name in record.headers) {
    const value = record.headers[name];
    bytes += name.length + (typeof value === "string" ? value.length : Array.isArray(value) ? value.join(", ").length : 0) + 32;
  }
  // The answer's headers (counted for each entry, though a cached answer's are shared) and its two ids.
  const answer = record.answer;
  for (const name in answer?.headers) bytes += name.length + (answer.headers[name] as string).length + 32;
  if (answer?.records !== undefined) bytes += (answer.records.firstId?.length ?? 0) + (answer.records.lastId?.length ?? 0) + 64;
  const preview = record.written.preview;
  return bytes + (preview === undefined ? 0 : preview.length);
}

export class Journal {
  private readonly ring: (JournalRecord | undefined)[];
  private readonly sizes: Float64Array;
  private head = 0;
  private count = 0;
  private lastSeq = 0;
  private held = 0;

  /**
   * @param capacity entries kept (0: the journal is off and keeps nothing)
   * @param maxBytes the most bytes held: the oldest entries go first when a new one would pass it
   */
  constructor(readonly capacity: number, readonly maxBytes = JOURNAL_BYTES) {
    this.ring = new Array<JournalRecord | undefined>(capacity);
    this.texts = new Array<string | undefined>(capacity);
    this.sizes = new Float64Array(capacity);
  }

  /** Each held entry's public JSON, once a reader asked for it (counted in the entry's size). */
  private readonly texts: (string | undefined)[];

  /**
   * An entry's public JSON (`make` makes it), made once while the entry is held and shared by every
   * reader (lists, replays, event streams); counted in the journal's bytes. An entry no longer held
   * gets its JSON made, not kept.
   */
  text(record: JournalRecord, make: (record: JournalRecord) => string): string {
    const slot = this.slotOf(record);
    if (slot === undefined) return make(record);
    let text = this.texts[slot];
    if (text === undefined) {
      text = make(record);
      this.texts[slot] = text;
      this.sizes[slot] = (this.sizes[slot] as number) + text.length;
      this.held += text.length;
      this.trim();
    }
    return text;
  }

  /** Where a held entry is in the ring, or undefined. */
  private slotOf(record: JournalRecord): number | undefined {
    const oldest = this.ring[this.head];
    if (this.count === 0 || oldest === undefined) return undefined;
    const offset = record.seq - oldest.seq;
    if (offset < 0 || offset >= this.count) return undefined;
    const slot = (this.head + offset) % this.capacity;
    return this.ring[slot] === record ? slot : undefined;
  }

  /** Over the byte bound: the oldest entries go (the newest always stays). */
  private trim(): void {
    while (this.held > this.maxBytes && this.count > 1) this.dropOldest();
  }

  /** About how many bytes the entries hold now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.count;
  }

  /** The last seq handed out (0 before the first entry). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Appends an entry, dropping the oldest when full; returns it with its seq. */
  add(observation: Observation): JournalRecord {
    observation.seq = ++this.lastSeq;
    const record: JournalRecord = observation;
    if (this.capacity === 0) return record;
    if (this.count === this.capacity) this.dropOldest();
    const slot = (this.head + this.count) % this.capacity;
    this.ring[slot] = record;
    this.count++;
    if (this.count > PREVIEWS_KEPT) {
      const old = (this.head + this.count - 1 - PREVIEWS_KEPT) % this.capacity;
      (this.ring[old] as Observation).written.preview = undefined;
      this.held -= this.sizes[old] as number;
      this.sizes[old] = entryBytes(this.ring[old] as JournalRecord) + (this.texts[old]?.length ?? 0);
      this.held += this.sizes[old] as number;
    }
    this.texts[slot] = undefined;
    this.sizes[slot] = entryBytes(record);
    this.held += this.sizes[slot] as number;
    this.trim();
    return record;
  }

  private dropOldest(): void {
    this.held -= this.sizes[this.head] as number;
    this.ring[this.head] = undefined;
    this.texts[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  /** Entries with seq > `since`, oldest first, at most `limit`. */
  list(since = 0, limit = this.capacity): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (let k = 0; k < this.count && out.length < limit; k++) {
      const record = this.ring[(this.head + k) % this.capacity] as JournalRecord;
      if (record.seq > since) out.push(record);
    }
    return out;
  }

  get(seq: number): JournalRecord | undefined {
    const oldest = this.ring[this.head];
    if (this.count === 0 || oldest === undefined || seq < oldest.seq) return undefined;
    const record = this.ring[(this.head + (seq - oldest.seq)) % this.capacity];
    return record?.seq === seq && seq - oldest.seq < this.count ? record : undefined;
  }

  /** Forgets every entry (seq keeps counting). */
  clear(): void {
    this.ring.fill(undefined);
    this.texts.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.held = 0;
  }
}

const roundMs = (ms: number): number => Math.round(ms * 100) / 100;

/** The public, redacted form of an entry. */
export function publicEntry(record: JournalRecord, redactor: Redactor): JournalEntry {
  const query: Record<string, string> = {};
  const retryAt = retryInstantOf(record);
  for (const [name, value] of parseQuery(splitTarget(record.target)[1]).values) {
    Object.defineProperty(query, redactor.redact(name), { value: redactor.redact(value), enumerable: true, writable: true, configurable: true });
  }
  return {
    seq: record.seq,
    time: formatInstant(record.receivedAt),
    method: record.method,
    path: redactor.redact(record.path),
    query,
    headers: redactor.headers(record.headers),
    requestBytes: record.requestBytes,
    status: statusOf(record) ?? null,
    durationMs: roundMs(record.durationMs),
    responseBytes: record.written.bytes,
    responseBytesPromised: record.written.promised ?? null,
    complete: completeOf(record),
    fault: faultNoteOf(record.fault) ?? null,
    rateLimitRemaining: record.rateLimitRemaining ?? null,
    retryAfter: retryAfterOf(record) ?? null,
    retryAfterHeader: retryAfterHeader(record) ?? null,
    retryAt: retryAt === undefined ? null : formatInstant(retryAt),
    records: recordsOf(record) ?? null,
    endpoint: record.endpoint ?? null,
    note: record.answer?.note ?? null,
  };
}

/** The public form with the answer's headers and the first 4 KiB of its body (as UTF-8 text), redacted. */
export function entryDetail(record: JournalRecord, redactor: Redactor): JournalEntryDetail {
  const headers: Record<string, string> = {};
  const shown = record.answer === undefined ? {} : { ...record.answer.headers, ...record.extraHeaders };
  for (const [name, value] of Object.entries(shown)) headers[name] = redactor.header(name.toLowerCase(), String(value));
  const preview = record.written.preview ?? "";
  const text = (typeof preview === "string" ? Buffer.from(preview) : preview).subarray(0, PREVIEW_BYTES).toString("utf8");
  return {
    ...publicEntry(record, redactor),
    responseHeaders: headers,
    responsePreview: redactor.redact(text),
    previewTruncated: record.written.bytes > PREVIEW_BYTES,
  };
}
