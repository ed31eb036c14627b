/** `GET /export/csv`: every record as RFC 4180 CSV, streamed in chunks. */
import { csvRow } from "../codecs/csv.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { RECORD_KEYS, type RecordSet, type UserRecord } from "../data/records.js";
import type { AppState, PlainRequest, PlainResponse } from "../types.js";

/** Bytes (roughly) per chunk handed to the socket. */
const CHUNK_CHARS = 64 * 1024;

export function csvLine(record: UserRecord): string {
  return csvRow([record.id, record.name, record.email, record.address, record.company, record.job,
    formatTimestamp(record.createdAt), formatTimestamp(record.updatedAt)]);
}

/** The CSV document in chunks: the header row, then each record in creation order. */
export function* csvChunks(records: RecordSet): Generator<string> {
  let chunk = csvRow(RECORD_KEYS);
  for (let i = 0; i < records.size; i++) {
    chunk += csvLine(records.record(i));
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/** Up to this many records the export is built whole (and cached); beyond, it is streamed each time. */
export const CSV_WHOLE_LIMIT = 20_000;

export function exportCsv(_request: PlainRequest, state: AppState): PlainResponse {
  const records = state.records;
  return {
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=data_export.csv" },
    body: records.size <= CSV_WHOLE_LIMIT ? Buffer.from([...csvChunks(records)].join("")) : () => csvChunks(records),
  };
}
