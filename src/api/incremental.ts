/** Incremental sync: by timestamp (strictly after `since`) and by id range. */
import { PlaygroundError, MESSAGES } from "../errors.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";
import type { Tombstone } from "../data/records.js";
import { PARAMETERS, presentValue, readParameters } from "../codecs/parameters.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { jsonText, jsonWithRecords, viewRun, type RecordRun } from "../run/respond.js";
import { firstWhere } from "../data/search.js";

export const TIMESTAMP_PARAMETERS = [PARAMETERS.since];
export const STEP_PARAMETERS = [PARAMETERS.startId, PARAMETERS.endId];

/** `GET /incremental/timestamp`: every record updated strictly after `since`, oldest change first. */
export function incrementalTimestamp(request: PlainRequest, state: Run): PlainResponse {
  const since = readParameters(request.query, TIMESTAMP_PARAMETERS).since;
  const view = state.records.view("updatedAt", "asc", since, true);
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, 0, view.length), "}", false);
}

/** `GET /incremental/step`: records at 1-based creation positions [start_id, end_id], `id` set to the position. */
export function incrementalStep(request: PlainRequest, state: Run): PlainResponse {
  if (presentValue(request.query, "start_id") === undefined || presentValue(request.query, "end_id") === undefined) throw new PlaygroundError(400, MESSAGES.stepRequired);
  const { start_id: startId, end_id: endId } = readParameters(request.query, STEP_PARAMETERS);
  // The end may not come before the start.
  if (endId < startId) throw new PlaygroundError(400, MESSAGES.endId);
  const records = state.records;
  // The listed positions in [start_id, end_id] (hard-deleted ones leave gaps; inserted ones extend the range).
  const listed = records.listed(startId - 1, endId);
  // Each record with its `id` member replaced by `"id":"<position>"`.
  const withPositionIds = (positions: Int32Array): string => {
    let out = "";
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k] as number;
      out += `${k > 0 ? "," : ""}{"id":"${i + 1}",${records.jsonAfterId(i)}`;
    }
    return out;
  };
  const run: RecordRun = {
    count: listed.length,
    positions: (start, count) => listed.positions(start, count),
    text: (start, count) => withPositionIds(listed.positions(start, count)),
    id: (k) => String(listed.at(k) + 1),
  };
  return jsonWithRecords(state.slab, `{"data":`, run, "}", endId < records.size);
}

export const DELETED_PARAMETERS = [PARAMETERS.since];

/** Above this many tombstones the answer is streamed in chunks rather than built whole. */
const TOMBSTONES_WHOLE = 1000;
/** Tombstones per streamed chunk (about 16 KiB). */
const TOMBSTONE_BLOCK = 256;

/**
 * `GET /incremental/deleted`: the tombstones, every record deleted strictly after `since` (all without
 * it), oldest deletion first: `{"data": [{"id", "deletedAt"}]}`. A long list is streamed in chunks.
 */
export function incrementalDeleted(request: PlainRequest, state: Run): PlainResponse {
  const since = readParameters(request.query, DELETED_PARAMETERS).since;
  const deletions = state.records.deletions();
  // The list only grows at its end: the tombstones up to now are fixed, whatever churn does meanwhile.
  const end = deletions.length;
  const first = since === undefined ? 0 : firstWhere(0, end, (k) => (deletions[k] as Tombstone).deletedAt > since);
  const text = (from: number, to: number): string => deletions.slice(from, to).map(tombstoneJson).join(",");
  if (end - first <= TOMBSTONES_WHOLE) return jsonText(`{"data":[${text(first, end)}]}`);
  return jsonText(function* chunks(): Generator<string> {
    yield `{"data":[`;
    for (let k = first; k < end; k += TOMBSTONE_BLOCK) yield (k > first ? "," : "") + text(k, Math.min(end, k + TOMBSTONE_BLOCK));
    yield "]}";
  });
}

function tombstoneJson({ id, deletedAt }: Tombstone): string {
  return `{"id":"${id}","deletedAt":"${formatTimestamp(deletedAt)}"}`;
}
