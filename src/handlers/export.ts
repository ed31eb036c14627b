/** `GET /export/csv`: every record as RFC 4180 CSV, streamed in chunks. */
import { csvRow } from "../codecs/csv.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { phoneOf, RECORD_KEYS, type RecordSet, type UserRecord } from "../data/records.js";
import type { AppState, PlainRequest, PlainResponse } from "../types.js";

/** Bytes (roughly) per chunk handed to the socket. */
const CHUNK_CHARS = 64 * 1024;

/** One record's CSV row; with soft deletes, a `deletedAt` column (empty while live); after schema drift, a last `phone` column. */
export function csvLine(record: UserRecord, deletedAt?: number | null, phone?: string): string {
  const values = [record.id, record.name, record.email, record.address, record.company, record.job,
    formatTimestamp(record.createdAt), formatTimestamp(record.updatedAt)];
  if (deletedAt !== undefined) values.push(deletedAt === null ? "" : formatTimestamp(deletedAt));
  if (phone !== undefined) values.push(phone);
  return csvRow(values);
}

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

function* csvRows(records: RecordSet): Generator<string> {
  yield csvHeader(records.softDelete, records.drifted);
  const listed = records.listedFrom(0);
  for (let k = 0; k < listed.length; k++) {
    const i = listed.at(k);
    yield csvLine(records.record(i), records.softDelete ? records.deletedAtOf(i) ?? null : undefined, records.drifted ? phoneOf(i) : undefined);
  }
}

/** The CSV document in chunks: the header row, then each listed record in creation order. */
export function csvChunks(records: RecordSet): Generator<string> {
  return inChunks(csvRows(records));
}

/** Up to this many records the export is built whole (and cached); beyond, it is streamed each time. */
export const CSV_WHOLE_LIMIT = 20_000;

export function exportCsv(_request: PlainRequest, state: AppState): PlainResponse {
  const records = state.records;
  return {
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=data_export.csv" },
    body: records.live <= CSV_WHOLE_LIMIT ? Buffer.from([...csvChunks(records)].join("")) : () => csvChunks(records),
  };
}
