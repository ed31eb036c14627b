/**
 * Query validation shared by every endpoint: a route lists its parameters as data, in the order their
 * checks apply, and `readParameters` turns a query into typed values or throws the first failure.
 */
import { isIntegerInRange, parseInteger } from "./integer.js";
import type { Query } from "./query.js";
import { parseTimestamp } from "./timestamp.js";
import { HttpError, MESSAGES } from "../errors.js";

export type ParameterSpec =
  | {
    readonly name: string; readonly kind: "integer"; readonly min: number; readonly max?: number; readonly default?: number; readonly error: string;
    /** Documented as required (the endpoint checks presence itself, with its own message). */
    readonly required?: boolean;
  }
  | { readonly name: string; readonly kind: "enum"; readonly values: readonly string[]; readonly default: string; readonly error: string }
  | { readonly name: string; readonly kind: "timestamp" }
  | { readonly name: string; readonly kind: "string"; readonly required?: boolean };

export type ParameterValue = string | number | undefined;

/** Every query parameter an endpoint validates (and documents): name, kind, range, default, error text. */
export const PARAMETERS = {
  orderBy: { name: "order_by", kind: "enum", values: ["createdAt", "updatedAt"], default: "updatedAt", error: MESSAGES.orderBy },
  orderType: { name: "order_type", kind: "enum", values: ["asc", "desc"], default: "asc", error: MESSAGES.orderType },
  perPage: { name: "per_page", kind: "integer", min: 1, max: 50, default: 10, error: MESSAGES.perPage },
  page: { name: "page", kind: "integer", min: 1, default: 1, error: MESSAGES.page },
  limit: { name: "limit", kind: "integer", min: 1, max: 50, default: 10, error: MESSAGES.limit },
  offset: { name: "offset", kind: "integer", min: 0, default: 0, error: MESSAGES.offset },
  updatedSince: { name: "updated_since", kind: "timestamp" },
  since: { name: "since", kind: "timestamp" },
  scrollParam: { name: "scroll_param", kind: "string" },
  perPage100: { name: "per_page", kind: "integer", min: 1, max: 100, default: 30, error: MESSAGES.perPage100 },
  limit100: { name: "limit", kind: "integer", min: 1, max: 100, default: 25, error: MESSAGES.limit100 },
  cursor: { name: "cursor", kind: "string" },
  startId: { name: "start_id", kind: "integer", min: 1, error: MESSAGES.startId, required: true },
  endId: { name: "end_id", kind: "integer", min: 1, error: MESSAGES.endId, required: true },
} as const satisfies Record<string, ParameterSpec>;

/**
 * A request body that must be a JSON object (UTF-8): its members, or a 400 with `message` for anything
 * else (empty, malformed, not UTF-8, an array, a scalar).
 */
export function readJsonObject(body: Buffer | undefined, message: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body ?? Buffer.alloc(0)));
  } catch {
    throw new HttpError(400, message);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new HttpError(400, message);
  return parsed as Record<string, unknown>;
}

function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** A parameter's value, or `undefined` when it is absent or given empty (`?updated_since=`). */
export function presentValue(query: Query, name: string): string | undefined {
  const value = query.values.get(name);
  return value === undefined || value === "" ? undefined : value;
}

/** Throws 400 `Unexpected query parameters: a, b` when the query holds names outside `allowed`. */
export function rejectUnexpected(query: Query, allowed: readonly ParameterSpec[]): void {
  for (const name of query.names) {
    if (!allowed.some((spec) => spec.name === name)) {
      throw badRequest(MESSAGES.unexpectedParameters(query.names.filter((n) => !allowed.some((spec) => spec.name === n))));
    }
  }
}

/**
 * Epoch seconds of a `YYYY-MM-DDTHH:MM:SSZ` text, or a 400 naming the parameter.
 * @example readTimestamp("2024-01-01T00:00:00Z", "since") // 1704067200
 */
export function readTimestamp(text: string, name: string): number {
  if (!text.endsWith("Z")) throw badRequest(MESSAGES.timestampNotUtc(name));
  const seconds = parseTimestamp(text);
  if (seconds === undefined) throw badRequest(MESSAGES.timestampFormat(name));
  return seconds;
}

/** Reads one parameter per its spec; absent values give the default (or `undefined`). */
export function readParameter(spec: ParameterSpec, raw: string | undefined): ParameterValue {
  switch (spec.kind) {
    case "integer": {
      if (raw === undefined) return spec.default;
      const value = parseInteger(raw);
      if (value === undefined || !isIntegerInRange(value, spec.min, spec.max)) throw badRequest(spec.error);
      return value;
    }
    case "enum":
      if (raw === undefined) return spec.default;
      if (!spec.values.includes(raw)) throw badRequest(spec.error);
      return raw;
    case "timestamp":
      return raw === undefined ? undefined : readTimestamp(raw, spec.name);
    case "string":
      return raw;
  }
}

/** Longest string parameter value (a cursor) an answer is cached for; longer ones are answered, not stored. */
const MAX_CACHED_STRING = 256;

/**
 * The query as the handler will read it, in one canonical text: every parameter in spec order with its
 * parsed value (defaults filled in, `offset=05` the same as `offset=5`, timestamps as epoch seconds), so
 * requests that must get the same answer share one cache entry. `undefined` when the answer is not worth
 * caching: an unexpected name, an invalid value (a cheap error), or a very long cursor.
 * @example canonicalParameters(parseQuery("offset=05"), OFFSET_PARAMETERS) // "limit=10&offset=5&order_by=updatedAt&order_type=asc&updated_since="
 */
export function canonicalParameters(query: Query, specs: readonly ParameterSpec[]): string | undefined {
  for (const name of query.names) if (!specs.some((spec) => spec.name === name)) return undefined;
  let text = "";
  for (const spec of specs) {
    const raw = presentValue(query, spec.name);
    if (spec.kind === "string" && raw !== undefined && raw.length > MAX_CACHED_STRING) return undefined;
    let value: ParameterValue;
    try {
      value = readParameter(spec, raw);
    } catch {
      return undefined;
    }
    text += `${text === "" ? "" : "&"}${spec.name}=${value ?? ""}`;
  }
  return text;
}

/** Reads `specs` in order from the query; the first failing check throws. */
export function readParameters(query: Query, specs: readonly ParameterSpec[]): Map<string, ParameterValue> {
  const values = new Map<string, ParameterValue>();
  for (const spec of specs) values.set(spec.name, readParameter(spec, presentValue(query, spec.name)));
  return values;
}
