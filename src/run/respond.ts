/**
 * The answer shapes every route builds with: JSON text, `{"error": ...}` answers, and pages of records
 * written into bytes carved from the run's slab (or streamed, for large ones), with what they served.
 */
import type { RecordSet, RecordView } from "../data/records.js";
import { byteChunks, jsonWriter, type RowSource, type RowWriter } from "../data/serialize.js";
import { rowStream } from "./row-pool.js";
import { writeText } from "../codecs/bytes.js";
import type { PlaygroundError } from "../errors.js";
import type { PlainResponse, ServedRecords } from "../types.js";

const JSON_HEADERS = { "Content-Type": "application/json" } as const;

/** Above this many records a body is streamed in chunks rather than built whole. */
const STREAM_THRESHOLD = 1000;

/** A JSON answer from already-serialised text or bytes (or a stream of them). */
export function jsonText(body: PlainResponse["body"], status = 200): PlainResponse {
  return { status, headers: JSON_HEADERS, body };
}

/** The answer to a thrown PlaygroundError: `{"error": message}`, or RFC 6749's `{"error": code, "error_description": message}` when it has an OAuth2 code. */
export function refusalOf(error: PlaygroundError): PlainResponse {
  const response = error.code === undefined ? errorResponse(error.status, error.message, error.headers)
    : { status: error.status, headers: { ...JSON_HEADERS, ...error.headers }, body: JSON.stringify({ error: error.code, error_description: error.message }) };
  return error.note === undefined ? response : { ...response, note: error.note };
}

/** `{"error": message}` with a status. */
export function errorResponse(status: number, message: string, headers: Readonly<Record<string, string>> = {}): PlainResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: `{"error":${JSON.stringify(message)}}` };
}

/** A run of records to serialise as a JSON array. */
export interface RecordRun {
  readonly count: number;
  /** The JSON of elements [start, start + count) joined by commas. */
  text(start: number, count: number): string;
  /** Creation positions of elements [start, start + count) in the record set. */
  positions(start: number, count: number): Int32Array;
  /** Element k's `id` as written. */
  id(k: number): string;
  /** Writes the record at a position as JSON bytes (the same bytes as `text`), where the records have a byte writer. */
  readonly write?: RowWriter;
  /** The records and the run's positions, for a long stream written by the row workers. */
  readonly rows?: { readonly records: RecordSet; readonly source: RowSource };
}

/** Elements [start, start + count) of a view (clipped to its end). */
export function viewRun(records: RecordSet, view: RecordView, start: number, count: number): RecordRun {
  const first = Math.min(start, view.length);
  const total = Math.max(0, Math.min(view.length, start + count) - first);
  // A page's positions are worked out once; a long (streamed) run's block by block as it is written.
  const held = total <= STREAM_THRESHOLD ? view.positions(first, total) : undefined;
  const positions = (from: number, n: number): Int32Array =>
    held !== undefined ? held.subarray(from, Math.min(total, from + n)) : view.positions(first + from, Math.min(n, total - from));
  return {
    count: total,
    positions,
    text: (from, n) => records.joinedJson(positions(from, n)),
    id: (k) => records.id(positions(k, 1)[0] as number),
    write: jsonWriter(records),
    rows: { records, source: { length: total, positions } },
  };
}

const SLAB_BYTES = 1024 * 1024;
/** Where a page is written before its exact size is known: its records (at most STREAM_THRESHOLD) at their longest fit. */
const SCRATCH_BYTES = 4 * 1024 * 1024;
/** Room kept free before each record in the scratch buffer (a record that needs more is written as text). */
const RECORD_ROOM = 2048;

/** Bodies carved from slabs: one allocation per many answers instead of one each (one allocator per server). */
export class BodySlab {
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private used = 0;

  /** A buffer for a body of `size` bytes (a slice of the current slab when small enough). */
  allocate(size: number): Buffer {
    if (size > SLAB_BYTES / 16) return Buffer.allocUnsafe(size);
    if (this.used + size > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    const body = this.slab.subarray(this.used, this.used + size);
    this.used += (size + 7) & ~7;
    return body;
  }

  private scratch: Buffer | undefined;

  /**
   * `prefix` + `[records...]` + `suffix` written as bytes, then copied into a body of its exact size; or
   * undefined when it does not fit the scratch buffer (the caller writes it as text).
   */
  page(prefix: string, positions: ArrayLike<number>, write: RowWriter, suffix: string): Buffer | undefined {
    const scratch = (this.scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES));
    let at = writeText(scratch, 0, prefix);
    if (at < 0) return undefined;
    scratch[at++] = 0x5b;
    for (let k = 0; k < positions.length; k++) {
      if (SCRATCH_BYTES - at < RECORD_ROOM) return undefined;
      if (k > 0) scratch[at++] = 0x2c;
      at = write(positions[k] as number, scratch, at);
      if (at < 0) return undefined;
    }
    if (at >= SCRATCH_BYTES) return undefined;
    scratch[at++] = 0x5d;
    at = writeText(scratch, at, suffix);
    if (at < 0) return undefined;
    const body = this.allocate(at);
    scratch.copy(body, 0, 0, at);
    return body;
  }
}


/**
 * The records a run serves, with its first and last id worked out on first use (a cached answer is
 * journaled many times). For a streamed answer, `sent` says how many records were written so far: the
 * journal and the summary count those, not the whole run, when a client stops early.
 */
function servedRecords(run: RecordRun, more: boolean | undefined, sent?: () => number): ServedRecords {
  let ends: [string | null, string | null] | undefined;
  const count = (): number => (sent === undefined ? run.count : sent());
  const endIds = (): [string | null, string | null] => {
    const n = count();
    if (sent !== undefined) return n === 0 ? [null, null] : [run.id(0), run.id(n - 1)];
    return (ends ??= n === 0 ? [null, null] : [run.id(0), run.id(n - 1)]);
  };
  return {
    get count() { return count(); },
    id: run.id, more, positions: run.positions,
    get firstId() { return endIds()[0]; },
    get lastId() { return endIds()[1]; },
  };
}

/**
 * `prefix` + `[records...]` + `suffix` as JSON bytes: one buffer with a known length for pages, a
 * stream of ~64 KiB chunks for long runs (a million-record incremental answer is never built whole).
 */
export function jsonWithRecords(slab: BodySlab, prefix: string, run: RecordRun, suffix: string, more?: boolean): PlainResponse {
  if (run.count > STREAM_THRESHOLD) {
    let sent = 0;
    const onSent = (n: number): void => { sent += n; };
    const write = run.write;
    const rows = run.rows;
    const body = rows !== undefined ? () => rowStream(rows.records, rows.source, "json", `${prefix}[`, `]${suffix}`, onSent)
      : write === undefined ? () => streamRecords(prefix, run, suffix, onSent)
        : () => byteChunks({ length: run.count, positions: run.positions }, write, `${prefix}[`, 0x2c, `]${suffix}`, onSent);
    return { ...jsonText(body), served: servedRecords(run, more, () => sent) };
  }
  const served = servedRecords(run, more);
  const bytes = run.write === undefined ? undefined : slab.page(prefix, run.positions(0, run.count), run.write, suffix);
  if (bytes !== undefined) return { ...jsonText(bytes), served };
  const text = `${prefix}[${run.text(0, run.count)}]${suffix}`;
  const out = slab.allocate(Buffer.byteLength(text));
  out.write(text, 0);
  return { ...jsonText(out), served };
}

/** Records per streamed chunk: about 64 KiB of JSON. */
const STREAM_BLOCK = 256;

function* streamRecords(prefix: string, run: RecordRun, suffix: string, onSent: (records: number) => void): Generator<string> {
  yield `${prefix}[`;
  for (let k = 0; k < run.count; k += STREAM_BLOCK) {
    yield (k > 0 ? "," : "") + run.text(k, STREAM_BLOCK);
    onSent(Math.min(STREAM_BLOCK, run.count - k));
  }
  yield `]${suffix}`;
}
