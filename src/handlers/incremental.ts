/** Incremental sync: by timestamp (strictly after `since`) and by id range. */
import { isIntegerInRange, parseInteger } from "../codecs/integer.js";
import { HttpError, MESSAGES } from "../errors.js";
import type { AppState, PlainRequest, PlainResponse } from "../types.js";
import { PARAMETERS, presentValue, readParameters } from "../validation.js";
import { jsonWithRecords, viewRun, type RecordRun } from "./respond.js";

export const TIMESTAMP_PARAMETERS = [PARAMETERS.since];
export const STEP_PARAMETERS = [PARAMETERS.startId, PARAMETERS.endId];

/** `GET /incremental/timestamp`: every record updated strictly after `since`, oldest change first. */
export function incrementalTimestamp(request: PlainRequest, state: AppState): PlainResponse {
  const since = readParameters(request.query, TIMESTAMP_PARAMETERS).get("since") as number | undefined;
  const view = state.records.view("updatedAt", "asc", since, true);
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, 0, view.length), "}", false);
}

/** `GET /incremental/step`: records at 1-based creation positions [start_id, end_id], `id` set to the position. */
export function incrementalStep(request: PlainRequest, state: AppState): PlainResponse {
  const startText = presentValue(request.query, "start_id");
  const endText = presentValue(request.query, "end_id");
  if (startText === undefined || endText === undefined) throw new HttpError(400, MESSAGES.stepRequired);
  const startId = parseInteger(startText);
  if (startId === undefined || !isIntegerInRange(startId, 1)) throw new HttpError(400, MESSAGES.startId);
  const endId = parseInteger(endText);
  if (endId === undefined || !isIntegerInRange(endId, startId)) throw new HttpError(400, MESSAGES.endId);
  const records = state.records;
  // Each record as stored, with its `id` member replaced by `"id":"<position>"`.
  const run: RecordRun = {
    count: Math.max(0, Math.min(endId, records.size) - startId + 1),
    size: (k) => records.jsonLengthAfterId(startId + k - 1) + `{"id":"${startId + k}",`.length,
    write: (k, target, position) => records.copyJsonAfterId(startId + k - 1, target, position + target.write(`{"id":"${startId + k}",`, position, "latin1")),
    index: (k) => startId + k - 1,
    id: (k) => String(startId + k),
  };
  return jsonWithRecords(state.slab, `{"data":`, run, "}", endId < records.size);
}
