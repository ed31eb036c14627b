/** Small helpers handlers use to build responses. */
import type { RecordView } from "../data/records.js";
import type { PlainResponse } from "../types.js";

const JSON_HEADERS = { "Content-Type": "application/json" } as const;

/** A JSON answer from already-serialised text. */
export function jsonText(body: string, status = 200): PlainResponse {
  return { status, headers: JSON_HEADERS, body };
}

/** `{"error": message}` with a status. */
export function errorResponse(status: number, message: string, headers: Readonly<Record<string, string>> = {}): PlainResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: `{"error":${JSON.stringify(message)}}` };
}

/** The JSON array of `count` records of `view` from position `start` (empty past the end). */
export function jsonArray(json: readonly string[], view: RecordView, start: number, count: number): string {
  const end = Math.min(view.length, start + count);
  if (start >= end) return "[]";
  let out = "[";
  for (let k = start; k < end; k++) out += (k === start ? "" : ",") + json[view.at(k)];
  return out + "]";
}
