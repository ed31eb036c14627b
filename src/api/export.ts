/** `GET /export/csv`: every record as RFC 4180 CSV, built whole when small, else streamed in chunks. */
import { csvChunks, type Exported } from "../data/serialize.js";
import { rowStream } from "../run/row-pool.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";

/** Up to this many records the export is built whole (about 400 KB, a few ms) and cached; beyond, it is streamed each time (yielding to other clients). */
export const CSV_WHOLE_LIMIT = 2_000;

export function exportCsv(_request: PlainRequest, state: Run): PlainResponse {
  return csvAnswer(state.records, "data_export.csv");
}

/** Every listed record of a set as a CSV download named `filename`. */
export function csvAnswer(records: Exported, filename: string): PlainResponse {
  return {
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename=${filename}` },
    body: records.live <= CSV_WHOLE_LIMIT ? Buffer.concat([...csvChunks(records)]) : () => rowStream(records, records.listed(), "csv", records.csvHeader()),
  };
}
