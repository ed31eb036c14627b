/**
 * Query validation shared by every endpoint: a route lists its parameters as data, in the order their
 * checks apply, and `readParameters` turns a query into typed values or throws the first failure.
 */
import { isIntegerInRange, parseInteger } from "./integer.js";
import type { Query } from "./query.js";
import { parseTimestamp } from "./timestamp.js";
import { HINT_HEADER, PlaygroundError, MESSAGES } from "../errors.js";
import { readObject } from "./body.js";
import { closest } from "./suggest.js";

export type ParameterSpec =
  | {
    readonly name: string; readonly kind: "integer"; readonly min: number; readonly max?: number; readonly default?: number; readonly error: string;
    /** Required: without a value it is its error (its endpoint may check presence sooner, in its own words). */
    readonly required?: boolean;
  }
  | { readonly name: string; readonly kind: "enum"; readonly values: readonly string[]; readonly default: string; readonly error: string }
  | { readonly name: string; readonly kind: "timestamp" }
  | { readonly name: string; readonly kind: "string"; readonly required?: boolean };

export type ParameterValue = string | number | undefined;

/** The value a spec gives: a number (or undefined without a default), one of an enum's values, epoch seconds, or text. */
type ValueOf<S> =
  S extends { readonly kind: "integer"; readonly default: number } | { readonly kind: "integer"; readonly required: true } ? number
    : S extends { readonly kind: "integer" } ? number | undefined
      : S extends { readonly kind: "enum"; readonly values: readonly (infer V)[] } ? V
        : S extends { readonly kind: "timestamp" } ? number | undefined
          : string | undefined;

/** A route's parameters, parsed: one typed member per spec, by the parameter's name. */
export type Parameters<T extends readonly ParameterSpec[]> = { readonly [S in T[number] as S["name"]]: ValueOf<S> };

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
 * A request body that must be an object — JSON (UTF-8), or a form when `form` allows it and the
 * Content-Type says so: its members, or a 400 with `message` for anything else (empty, malformed, not
 * UTF-8, an array, a scalar, a form field twice).
 */
export function readBodyObject(body: Buffer | undefined, contentType: string | undefined, message: string, form = false): Record<string, unknown> {
  return readObject(body, contentType, form, () => new PlaygroundError(400, message));
}

/**
 * A timestamp parameter's value, from a query or a body: text in `YYYY-MM-DDTHH:MM:SSZ`, as epoch seconds,
 * or a 400 with the same message wherever it came from.
 */
export function readTimestampValue(value: unknown, name: string): number {
  if (typeof value !== "string") throw badRequest(MESSAGES.timestampFormat(name));
  return readTimestamp(value, name);
}

function badRequest(message: string): PlaygroundError {
  return new PlaygroundError(400, message);
}

/** A parameter's value, or `undefined` when it is absent or given empty (`?updated_since=`). */
export function presentValue(query: Query, name: string): string | undefined {
  const value = query.values.get(name);
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Throws 400 `Unexpected query parameters: a, b` when the query holds names outside `allowed`, with an
 * X-Playground-Hint naming the allowed ones they are near (`?lmit=5`: did you mean 'limit'?).
 */
export function rejectUnexpected(query: Query, allowed: readonly ParameterSpec[]): void {
  for (const name of query.names) {
    if (!allowed.some((spec) => spec.name === name)) {
      const unexpected = query.names.filter((n) => !allowed.some((spec) => spec.name === n));
      const known = allowed.map((spec) => spec.name);
      const meant = [...new Set(unexpected.slice(0, 20).map((given) => closest(given, known)).filter((near) => near !== undefined))];
      throw new PlaygroundError(400, MESSAGES.unexpectedParameters(unexpected), meant.length === 0 ? {} : { [HINT_HEADER]: MESSAGES.hintParameters(meant) });
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
      // A required one without a value is its error (its endpoint may say so sooner, in its own words).
      if (raw === undefined) {
        if (spec.required === true) throw badRequest(spec.error);
        return spec.default;
      }
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
 * The last parse: which query, by which spec list, and its values. The cache key and then the handler read
 * the same query in turn, with nothing between them, so a request is parsed once. One slot, not a table
 * by query: a weak table took an entry for every request, which the garbage collector paid for again.
 */
let lastQuery: Query | undefined;
let lastSpecs: readonly ParameterSpec[] | undefined;
let lastValues: Readonly<Record<string, ParameterValue>> = {};

/**
 * The query as the handler will read it, in one canonical text: every parameter in spec order with its
 * parsed value (defaults filled in, `offset=05` the same as `offset=5`, timestamps as epoch seconds), so
 * requests that must get the same answer share one cache entry. `undefined` when the answer is not worth
 * caching: an unexpected name, an invalid value (a cheap error), or a very long cursor.
 * @example canonicalParameters(parseQuery("offset=05"), OFFSET_PARAMETERS) // "limit=10&offset=5&order_by=updatedAt&order_type=asc&updated_since="
 */
export function canonicalParameters(query: Query, specs: readonly ParameterSpec[]): string | undefined {
  for (const name of query.names) if (!specs.some((spec) => spec.name === name)) return undefined;
  for (const spec of specs) {
    const raw = spec.kind === "string" ? presentValue(query, spec.name) : undefined;
    if (raw !== undefined && raw.length > MAX_CACHED_STRING) return undefined;
  }
  let values: Readonly<Record<string, ParameterValue>>;
  try {
    values = readParameters(query, specs);
  } catch {
    return undefined;
  }
  let text = "";
  for (const spec of specs) text += `${text === "" ? "" : "&"}${spec.name}=${values[spec.name] ?? ""}`;
  return text;
}

/**
 * Reads `specs` in order from the query (the first failing check throws) into one typed member per spec;
 * a query already parsed with the same specs is not parsed again.
 * @example readParameters(parseQuery("limit=5"), [PARAMETERS.limit, PARAMETERS.offset]) // { limit: 5, offset: 0 }
 */
export function readParameters<T extends readonly ParameterSpec[]>(query: Query, specs: T): Parameters<T> {
  if (query === lastQuery && specs === lastSpecs) return lastValues as Parameters<T>;
  const values: Record<string, ParameterValue> = {};
  for (const spec of specs) values[spec.name] = readParameter(spec, presentValue(query, spec.name));
  lastQuery = query;
  lastSpecs = specs;
  lastValues = values;
  return values as Parameters<T>;
}
