/**
 * The records as bytes for files and streams: CSV rows with their header row and NDJSON lines, written
 * straight into ~64 KiB chunks for the socket (records that have byte writers are never strings).
 */
import { csvRow } from "../codecs/csv.js";
import { writeText } from "../codecs/bytes.js";
import { RECORD_KEYS } from "./record-json.js";
import type { ChangingRecords } from "./changes.js";
import type { RecordView } from "./views.js";

/**
 * Records that can be written out: the built-in users or a declared resource. The byte writers, when
 * present, write the same bytes as csvRow and json, returning the position after them or minus the bytes
 * needed when they do not fit.
 */
export interface Exported extends ChangingRecords {
  csvHeader(): string;
  csvRow(i: number): string;
  json(i: number): string;
  writeCsvRow?(i: number, out: Buffer, at: number): number;
  writeJson?(i: number, out: Buffer, at: number): number;
}

/** Bytes per chunk handed to the socket. */
const CHUNK_BYTES = 64 * 1024;
/** A row is started only with this much room left; one that needs more gets a buffer of its own size. */
const ROW_ROOM = 2048;
/** Records read per block from a view while streaming. */
const ROW_BLOCK = 1024;

/** Spare chunk buffers given back by the writer, at most this many (1 MiB). */
const SPARE_CHUNKS = 16;
const spareChunks: Buffer[] = [];
/** Chunk buffers taken from here and not given back yet: each chunk's memory to its whole buffer. */
const lentChunks = new WeakMap<ArrayBufferLike, Buffer>();

/** A CHUNK_BYTES buffer for a stream's next chunk: a spare one when the writer gave one back, else a new one. */
function takeChunk(): Buffer {
  // A buffer of its own (never a slice of the shared pool), so its memory names it alone.
  const chunk = spareChunks.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
  lentChunks.set(chunk.buffer, chunk);
  return chunk;
}

/**
 * Gives a chunk back once nothing holds it any more (its bytes were handed to the socket): the next
 * chunk of any stream is written into it instead of a new buffer. Anything else is ignored, and a
 * chunk is taken back once only.
 */
export function giveChunkBack(chunk: Uint8Array): void {
  const whole = lentChunks.get(chunk.buffer);
  if (whole === undefined) return;
  lentChunks.delete(chunk.buffer);
  if (spareChunks.length < SPARE_CHUNKS) spareChunks.push(whole);
}

/** The header row: the record's keys, then `deletedAt` (soft deletes) and `phone` (schema drift) when present. */
export function csvHeader(deletedAt: boolean, phone: boolean): string {
  return csvRow([...RECORD_KEYS, ...(deletedAt ? ["deletedAt"] : []), ...(phone ? ["phone"] : [])]);
}

/** Writes one row into `out` at `at`: the position after it, or minus the bytes it needs when it does not fit. */
export type RowWriter = (i: number, out: Buffer, at: number) => number;

/** Where a stream's rows come from: how many, and their positions block by block. */
export interface RowSource {
  readonly length: number;
  positions(start: number, count: number): ArrayLike<number>;
}

/**
 * `head`, then a row for each record of `rows` in order (with `separator` between them, e.g. a comma),
 * then `tail`, as chunks of about CHUNK_BYTES. `onRows` hears how many rows each chunk held once the
 * consumer has taken it (what a client that stops early was sent).
 */
export function* byteChunks(rows: RowSource, write: RowWriter, head = "", separator = -1, tail = "", onRows?: (count: number) => void): Generator<Buffer> {
  const headBytes = Buffer.byteLength(head);
  let out = headBytes + ROW_ROOM <= CHUNK_BYTES ? takeChunk() : Buffer.allocUnsafe(headBytes + ROW_ROOM);
  let at = out.write(head, 0);
  /** Rows in `out` so far. */
  let held = 0;
  for (let start = 0; start < rows.length; start += ROW_BLOCK) {
    const positions = rows.positions(start, ROW_BLOCK);
    for (let k = 0; k < positions.length; k++) {
      if (out.length - at < ROW_ROOM) {
        yield out.subarray(0, at);
        onRows?.(held);
        held = 0;
        out = takeChunk();
        at = 0;
      }
      if (separator >= 0 && (start > 0 || k > 0)) out[at++] = separator;
      const i = positions[k] as number;
      let next = write(i, out, at);
      if (next < 0) {
        if (at > 0) {
          yield out.subarray(0, at);
          onRows?.(held);
          held = 0;
        }
        out = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, ROW_ROOM - next));
        next = write(i, out, 0);
      }
      at = next;
      held++;
    }
  }
  const tailBytes = Buffer.byteLength(tail);
  if (out.length - at < tailBytes) {
    yield out.subarray(0, at);
    onRows?.(held);
    held = 0;
    out = Buffer.allocUnsafe(tailBytes);
    at = 0;
  }
  at += out.write(tail, at);
  if (at > 0) yield out.subarray(0, at);
  onRows?.(held);
}

/** Each set's writers, made once (a page asks for its writer on every request). */
const WRITERS = new WeakMap<Exported, { csv: RowWriter; json: RowWriter; ndjson: RowWriter }>();

function writersOf(records: Exported): { csv: RowWriter; json: RowWriter; ndjson: RowWriter } {
  let writers = WRITERS.get(records);
  if (writers === undefined) {
    // Closures rather than bound methods: a call through a bound function is slower on every row.
    const json: RowWriter = records.writeJson === undefined ? (i, out, at) => writeText(out, at, records.json(i)) : (i, out, at) => (records.writeJson as RowWriter).call(records, i, out, at);
    writers = {
      csv: records.writeCsvRow === undefined ? (i, out, at) => writeText(out, at, records.csvRow(i)) : (i, out, at) => (records.writeCsvRow as RowWriter).call(records, i, out, at),
      json,
      ndjson: (i, out, at) => {
        const end = json(i, out, at);
        if (end < 0) return end - 1;
        // The newline needs one byte more.
        if (end === out.length) return -(end - at + 1);
        out[end] = 0x0a;
        return end + 1;
      },
    };
    WRITERS.set(records, writers);
  }
  return writers;
}

/** Record i's CSV row, by its byte writer when it has one. */
export const csvWriter = (records: Exported): RowWriter => writersOf(records).csv;

/** Record i's JSON, by its byte writer when it has one. */
export const jsonWriter = (records: Exported): RowWriter => writersOf(records).json;

/** Record i's JSON and a newline. */
export const ndjsonWriter = (records: Exported): RowWriter => writersOf(records).ndjson;

/** The CSV document in chunks: the header row, then a row for each record of the view (default: every listed one, in creation order). */
export function csvChunks(records: Exported, view: RecordView = records.listed()): Generator<Buffer> {
  return byteChunks(view, csvWriter(records), records.csvHeader());
}

/** The records of a view as NDJSON lines, in chunks. */
export function ndjsonChunks(records: Exported, view: RecordView): Generator<Buffer> {
  return byteChunks(view, ndjsonWriter(records));
}
