/** Small helpers handlers use to build responses, including JSON bodies assembled from stored record bytes. */
import type { RecordSet, RecordView } from "../data/records.js";
import type { PlainResponse, ServedRecords } from "../types.js";

const JSON_HEADERS = { "Content-Type": "application/json" } as const;

/** Above this many records a body is streamed in chunks rather than built whole. */
const STREAM_THRESHOLD = 1000;

/** A JSON answer from already-serialised text or bytes (or a stream of them). */
export function jsonText(body: PlainResponse["body"], status = 200): PlainResponse {
  return { status, headers: JSON_HEADERS, body };
}

/** `{"error": message}` with a status. */
export function errorResponse(status: number, message: string, headers: Readonly<Record<string, string>> = {}): PlainResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: `{"error":${JSON.stringify(message)}}` };
}

/** A run of records to serialise as a JSON array: element k's byte size, and a writer for it. */
export interface RecordRun {
  readonly count: number;
  size(k: number): number;
  /** Writes element k at `position`; returns the position after it. */
  write(k: number, target: Buffer, position: number): number;
  /** Element k's creation position in the record set, and its `id` as written. */
  index(k: number): number;
  id(k: number): string;
  /** Every element's creation position, when already at hand. */
  readonly positions?: Int32Array;
  /** When present: all elements joined by commas, written at once (faster than element by element). */
  readonly joined?: { readonly length: number; write(target: Buffer, position: number): number };
}

/** Elements [start, start + count) of a view (clipped to its end). */
export function viewRun(records: RecordSet, view: RecordView, start: number, count: number): RecordRun {
  const first = Math.min(start, view.length);
  const end = Math.min(view.length, start + count);
  const run: RecordRun = {
    count: Math.max(0, end - first),
    size: (k) => records.jsonLength(view.at(first + k)),
    write: (k, target, position) => records.copyJson(view.at(first + k), target, position),
    index: (k) => view.at(first + k),
    id: (k) => records.id(view.at(first + k)),
  };
  if (run.count > STREAM_THRESHOLD) return run;
  const positions = new Int32Array(run.count);
  for (let k = 0; k < run.count; k++) positions[k] = view.at(first + k);
  return {
    ...run,
    positions,
    index: (k) => positions[k] as number,
    id: (k) => records.id(positions[k] as number),
    joined: { length: records.joinedLength(positions), write: (target, position) => records.copyJoined(positions, target, position) },
  };
}

const SLAB_BYTES = 1024 * 1024;

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
}


const CHUNK_BYTES = 64 * 1024;

/** The records a run serves, with its first and last id worked out on first use (a cached answer is journaled many times). */
function servedRecords(run: RecordRun, more: boolean | undefined): ServedRecords {
  let ends: [string | null, string | null] | undefined;
  const endIds = (): [string | null, string | null] => (ends ??= run.count === 0 ? [null, null] : [run.id(0), run.id(run.count - 1)]);
  let positions = run.positions;
  return {
    count: run.count, index: run.index, id: run.id, more,
    positions: () => (positions ??= Int32Array.from({ length: run.count }, (_, k) => run.index(k))),
    get firstId() { return endIds()[0]; },
    get lastId() { return endIds()[1]; },
  };
}

/**
 * `prefix` + `[records...]` + `suffix` as JSON bytes: one buffer with a known length for pages, a
 * stream of ~64 KiB chunks for long runs (a million-record incremental answer is never built whole).
 */
export function jsonWithRecords(slab: BodySlab, prefix: string, run: RecordRun, suffix: string, more?: boolean): PlainResponse {
  const served = servedRecords(run, more);
  if (run.count > STREAM_THRESHOLD) return { ...jsonText(() => streamRecords(prefix, run, suffix)), served };
  const head = `${prefix}[`;
  const tail = `]${suffix}`;
  const joined = run.joined;
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  if (joined !== undefined) size += joined.length;
  else for (let k = 0; k < run.count; k++) size += run.size(k) + (k > 0 ? 1 : 0);
  const out = slab.allocate(size);
  let position = out.write(head, 0);
  if (joined !== undefined) {
    position = joined.write(out, position);
  } else {
    for (let k = 0; k < run.count; k++) {
      if (k > 0) out[position++] = 0x2c;
      position = run.write(k, out, position);
    }
  }
  out.write(tail, position);
  return { ...jsonText(out), served };
}

function* streamRecords(prefix: string, run: RecordRun, suffix: string): Generator<Buffer | string> {
  yield `${prefix}[`;
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = 0;
  for (let k = 0; k < run.count; k++) {
    const size = run.size(k) + 1;
    if (position + size > chunk.length) {
      yield chunk.subarray(0, position);
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size));
      position = 0;
    }
    if (k > 0) chunk[position++] = 0x2c;
    position = run.write(k, chunk, position);
  }
  yield chunk.subarray(0, position);
  yield `]${suffix}`;
}
