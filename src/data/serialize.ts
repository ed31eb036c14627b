/** The records as text for files and streams: CSV rows with their header row, NDJSON lines, and chunks of either for the socket. */
import { csvRow } from "../codecs/csv.js";
import { RECORD_KEYS } from "./record-json.js";
import type { ChangingRecords } from "./changes.js";
import type { RecordView } from "./views.js";

/** Records that can be written out: the built-in users or a declared resource. */
export interface Exported extends ChangingRecords {
  csvHeader(): string;
  csvRow(i: number): string;
  json(i: number): string;
}

/** Bytes (roughly) per chunk handed to the socket. */
const CHUNK_CHARS = 64 * 1024;

/** The header row: the record's keys, then `deletedAt` (soft deletes) and `phone` (schema drift) when present. */
export function csvHeader(deletedAt: boolean, phone: boolean): string {
  return csvRow([...RECORD_KEYS, ...(deletedAt ? ["deletedAt"] : []), ...(phone ? ["phone"] : [])]);
}

/** Pieces of text (rows, lines) joined into chunks of about CHUNK_CHARS, the size handed to the socket. */
export function* inChunks(pieces: Iterable<string>): Generator<string> {
  let chunk = "";
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/** Records read per block from a view while streaming. */
const ROW_BLOCK = 1024;

/** The CSV rows of the records in a view, in its order, after the header row. */
export function* csvRows(records: Exported, view: RecordView = records.listed()): Generator<string> {
  yield records.csvHeader();
  for (let start = 0; start < view.length; start += ROW_BLOCK) {
    for (const i of view.positions(start, ROW_BLOCK)) {
      yield records.csvRow(i);
    }
  }
}

/** The records in a view as NDJSON lines, in its order. */
export function* ndjsonRows(records: Exported, view: RecordView): Generator<string> {
  for (let start = 0; start < view.length; start += ROW_BLOCK) {
    let lines = "";
    for (const i of view.positions(start, ROW_BLOCK)) lines += `${records.json(i)}\n`;
    yield lines;
  }
}

/** The CSV document in chunks: the header row, then each listed record in creation order. */
export function csvChunks(records: Exported): Generator<string> {
  return inChunks(csvRows(records));
}
