/**
 * Declared resources (`--resources FILE`, `createServer({ resources })`): the file's shape as types, and
 * the one check that reads a parsed file into them. Every mistake is named with its JSON path and what is
 * allowed (`resources[1].fields.amount.max: must be ≥ min (got 5 < 10)`), all of them at once: the caller
 * gets either the resources or the whole list of problems. Pure: nothing here serves anything.
 */


export { FIELD_KINDS, TEXT_KINDS, type FieldKind, type FieldSpec, type TextKind } from "./fields.js";

/** Pagination styles a declared resource may use (the built-in endpoints' six). */
export const PAGINATION_STYLES = ["offset", "page", "keyset", "next_url", "link", "cursor"] as const;
export type PaginationStyle = (typeof PAGINATION_STYLES)[number];

/** Auth schemes a declared resource may require (those the playground has). */
export const AUTH_SCHEMES = ["none", "basic", "bearer", "api_key", "session", "oauth2"] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

/** The most records a resource may declare (computed, never stored). */
export const MAX_RESOURCE_RECORDS = 1_000_000_000;
export const MAX_RESOURCES = 20;
export const MAX_PAGE_SIZE = 1000;
/**
 * The most values a page may hold at its largest (records × each record's values, arrays at their max):
 * what one answer computes before the event loop is free again (a few tens of ms here).
 */
export const MAX_PAGE_VALUES = 50_000;


/** How a list is paged, and what its parameters are called. */
export interface PaginationSpec {
  readonly style: PaginationStyle;
  /** The page-size parameter (default `limit`; `per_page` for `page`). */
  readonly limit: string;
  /** The offset parameter of `offset` (default `offset`). */
  readonly offset?: string;
  /** The page-number parameter of `page`, `next_url` and `link` (default `page`). */
  readonly page?: string;
  /** The cursor parameter of `keyset` and `cursor` (default `cursor`; Stripe calls it `starting_after`). */
  readonly cursor?: string;
  /** Page size when none is asked for (default 10), and the largest allowed (default 100; at most 1,000). */
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/** Where the answer's parts go, as dot paths into the JSON object (`paging.next.after`). */
export interface EnvelopeSpec {
  /** The records' array (default `data`); `""` answers a bare array (only with the `link` style). */
  readonly data: string;
  /** The total count (absent: not sent). */
  readonly total?: string;
  /** Whether more pages follow (absent: not sent). */
  readonly hasMore?: string;
  /** The next page's URL (`next_url`) or cursor (`cursor`, `keyset`); null on the last page. */
  readonly next?: string;
}

export interface ApiSpec {
  readonly pagination: PaginationSpec;
  readonly envelope: EnvelopeSpec;
  /** The parameter that asks for records changed since a time (default `updated_since`; null: none). */
  readonly incremental: string | null;
  /** A parameter choosing the direction (absent: ascending only). */
  readonly order: OrderSpec | null;
  readonly auth: AuthScheme;
}

/** The direction parameter: its name, its two values, and which applies when it is not given. */
export interface OrderSpec {
  readonly parameter: string;
  readonly asc: string;
  readonly desc: string;
  readonly default: "asc" | "desc";
}

export interface ResourceSpec {
  /** Lower case, digits and `_`; names the resource in references and the docs. */
  readonly name: string;
  /** Where it is served, e.g. `/v1/invoices`. */
  readonly path: string;
  /** How many records (1 to 1e9; computed, never stored). */
  readonly records: number;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** The timestamp field that is the change cursor (updated on every change). */
  readonly cursor: string;
  readonly api: ApiSpec;
  readonly changes: ChangesSpec;
}

/** What deletes and schema drift look like on a resource (every part has a default). */
export interface ChangesSpec {
  /** The member soft deletes (`--soft-delete`) add to every record, null while it is live (default `deleted_at`). */
  readonly deletedField: string;
  /** Where the resource's tombstones are listed (default: its path and `/deleted`). */
  readonly tombstones: string;
  /** The fields schema drift adds to every record, last (default a `phone`). */
  readonly drift: Readonly<Record<string, FieldSpec>>;
}

/** `name`, or `name_1`, `name_2`, ... : the first not among `taken` (a default never clashes with a declared field). */
function freeName(name: string, taken: readonly string[]): string {
  let free = name;
  for (let n = 1; taken.includes(free); n++) free = `${name}_${n}`;
  return free;
}

function readChanges(reader: Reader, value: unknown, path: string, where: string | undefined, fields: Readonly<Record<string, FieldSpec>> | undefined): ChangesSpec | undefined {
  const changes = value === undefined ? {} : reader.object(value, path, ["deletedField", "tombstones", "drift"]);
  if (changes === undefined) return undefined;
  const before = reader.problems.length;
  const taken = Object.keys(fields ?? {});
  const deletedField = changes.deletedField === undefined ? freeName("deleted_at", taken)
    : reader.matching(changes.deletedField, `${path}.deletedField`, FIELD_NAME, "a field name (letters, digits and _, not first; at most 64)");
  const tombstones = changes.tombstones === undefined ? (where === undefined ? undefined : `${where}/deleted`)
    : reader.matching(changes.tombstones, `${path}.tombstones`, RESOURCE_PATH, "a path like /v1/invoices/deleted");
  if (changes.tombstones !== undefined && tombstones !== undefined && isReserved(tombstones)) reader.fail(`${path}.tombstones`, `is the playground's own (${RESERVED_PREFIXES.join(", ")} and below are taken)`);
  if (tombstones !== undefined && tombstones === where) reader.fail(`${path}.tombstones`, "must differ from the resource's path");
  const drift = changes.drift === undefined ? { [freeName("phone", [...taken, deletedField ?? ""])]: { kind: "text", text: "phone" } as const }
    : readFields(reader, changes.drift, `${path}.drift`, 0);
  if (drift !== undefined && Object.values(drift).some((field) => field.kind === "id")) reader.fail(`${path}.drift`, "cannot add an id");
  if (fields !== undefined) {
    if (deletedField !== undefined && taken.includes(deletedField)) reader.fail(`${path}.deletedField`, `is already a field (${deletedField}); name another`);
    for (const name of Object.keys(drift ?? {})) {
      if (taken.includes(name) || name === deletedField) reader.fail(`${path}.drift.${name}`, "is already a field; schema drift adds new ones");
    }
  }
  if (reader.problems.length > before || deletedField === undefined || tombstones === undefined || drift === undefined) return undefined;
  return { deletedField, tombstones, drift };
}

const isReserved = (where: string): boolean => RESERVED_PREFIXES.some((prefix) => where === prefix || where.startsWith(`${prefix}/`) || where.startsWith(`${prefix}.`));

export interface ResourceFile {
  readonly resources: readonly ResourceSpec[];
}

/** A path inside the file, and what is wrong there. */
export type Problem = string;

import { FIELD_NAME, isObject, JSON_PATH, NAME, PARAMETER, Reader, RESERVED_PREFIXES, RESOURCE_PATH, show } from "./reader.js";
import { readFields, valuesIn, type FieldSpec } from "./fields.js";

function readApi(reader: Reader, value: unknown, path: string): ApiSpec | undefined {
  const api = value === undefined ? {} : reader.object(value, path, ["pagination", "envelope", "incremental", "order", "auth"]);
  if (api === undefined) return undefined;
  const before = reader.problems.length;
  const paging = api.pagination === undefined ? { style: "offset" } : reader.object(api.pagination, `${path}.pagination`,
    ["style", "limit", "offset", "page", "cursor", "defaultLimit", "maxLimit"]);
  let pagination: PaginationSpec | undefined;
  if (paging !== undefined) {
    const style = reader.oneOf(paging.style, `${path}.pagination.style`, PAGINATION_STYLES);
    const parameter = (name: "limit" | "offset" | "page" | "cursor"): string | undefined =>
      paging[name] === undefined ? undefined : reader.matching(paging[name], `${path}.pagination.${name}`, PARAMETER, "a query parameter name (letters, digits, _ . - [ ])");
    const limit = parameter("limit");
    const offset = parameter("offset");
    const page = parameter("page");
    const cursor = parameter("cursor");
    const defaultLimit = paging.defaultLimit === undefined ? 10 : reader.integer(paging.defaultLimit, `${path}.pagination.defaultLimit`, 1, MAX_PAGE_SIZE);
    const maxLimit = paging.maxLimit === undefined ? Math.max(100, defaultLimit ?? 0) : reader.integer(paging.maxLimit, `${path}.pagination.maxLimit`, 1, MAX_PAGE_SIZE);
    if (defaultLimit !== undefined && maxLimit !== undefined && defaultLimit > maxLimit) {
      reader.fail(`${path}.pagination.defaultLimit`, `must be ≤ maxLimit (got ${defaultLimit} > ${maxLimit})`);
    }
    if (style !== undefined) {
      const unused = (["offset", "page", "cursor"] as const).filter((name) => paging[name] !== undefined && !usesParameter(style, name));
      for (const name of unused) reader.fail(`${path}.pagination.${name}`, `is not a parameter of the ${style} style`);
      const names = [limit ?? (style === "page" ? "per_page" : "limit"), usesParameter(style, "offset") ? offset ?? "offset" : undefined,
        usesParameter(style, "page") ? page ?? "page" : undefined, usesParameter(style, "cursor") ? cursor ?? "cursor" : undefined].filter((n) => n !== undefined);
      if (new Set(names).size !== names.length) reader.fail(`${path}.pagination`, `gives two parameters the same name (${names.join(", ")})`);
      pagination = {
        style, limit: limit ?? (style === "page" ? "per_page" : "limit"), defaultLimit: defaultLimit ?? 10, maxLimit: maxLimit ?? 100,
        ...(usesParameter(style, "offset") ? { offset: offset ?? "offset" } : {}),
        ...(usesParameter(style, "page") ? { page: page ?? "page" } : {}),
        ...(usesParameter(style, "cursor") ? { cursor: cursor ?? "cursor" } : {}),
      };
    }
  }
  const wrap = api.envelope === undefined ? {} : reader.object(api.envelope, `${path}.envelope`, ["data", "total", "hasMore", "next"]);
  let envelope: EnvelopeSpec | undefined;
  if (wrap !== undefined) {
    const at = (name: "data" | "total" | "hasMore" | "next"): string | undefined =>
      wrap[name] === undefined ? undefined : wrap[name] === "" && name === "data" ? "" :
        reader.matching(wrap[name], `${path}.envelope.${name}`, JSON_PATH, "a dot path of up to 5 names, like paging.next.after");
    const data = at("data") ?? "data";
    const total = at("total");
    const hasMore = at("hasMore");
    const next = at("next");
    if (data === "" && pagination !== undefined && pagination.style !== "link") {
      reader.fail(`${path}.envelope.data`, `may be "" (a bare array) only with the link style, whose next page is in the Link header`);
    }
    if (data === "" && (total !== undefined || hasMore !== undefined || next !== undefined)) {
      reader.fail(`${path}.envelope`, "a bare array has nowhere to put total, hasMore or next");
    }
    const paths = [data, total, hasMore, next].filter((p): p is string => p !== undefined && p !== "");
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const [a, b] = [paths[i]!, paths[j]!];
        if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) reader.fail(`${path}.envelope`, `puts two parts at the same place (${a}, ${b})`);
      }
    }
    envelope = {
      data, ...(total === undefined ? {} : { total }), ...(hasMore === undefined ? {} : { hasMore }),
      ...(next !== undefined ? { next } : pagination?.style === "cursor" || pagination?.style === "keyset" ? { next: "next_cursor" }
        : pagination?.style === "next_url" ? { next: "next_page_url" } : {}),
    };
  }
  const incremental = api.incremental === undefined ? "updated_since" : api.incremental === null ? null
    : reader.matching(api.incremental, `${path}.incremental`, PARAMETER, "a query parameter name, or null for none");
  const order = readOrder(reader, api.order, `${path}.order`);
  const auth = api.auth === undefined ? "none" : reader.oneOf(api.auth, `${path}.auth`, AUTH_SCHEMES);
  if (order !== null && order !== undefined && pagination !== undefined) {
    const taken = [pagination.limit, pagination.offset, pagination.page, pagination.cursor, incremental];
    if (taken.includes(order.parameter)) reader.fail(`${path}.order.parameter`, `is already the name of another parameter (${order.parameter})`);
  }
  if (reader.problems.length > before || pagination === undefined || envelope === undefined || auth === undefined || incremental === undefined || order === undefined) return undefined;
  return { pagination, envelope, incremental, order, auth };
}

/** `api.order`: absent or null for ascending only, else the parameter with its defaults filled in. */
function readOrder(reader: Reader, value: unknown, path: string): OrderSpec | null | undefined {
  if (value === undefined || value === null) return null;
  const order = reader.object(value, path, ["parameter", "asc", "desc", "default"]);
  if (order === undefined) return undefined;
  const word = (name: "parameter" | "asc" | "desc", fallback: string): string | undefined =>
    order[name] === undefined ? fallback : reader.matching(order[name], `${path}.${name}`, PARAMETER, "a word of letters, digits and _ . - [ ]");
  const parameter = word("parameter", "order");
  const asc = word("asc", "asc");
  const desc = word("desc", "desc");
  const initial = order.default === undefined ? "asc" : reader.oneOf(order.default, `${path}.default`, ["asc", "desc"] as const);
  if (asc !== undefined && asc === desc) reader.fail(`${path}.desc`, `must differ from asc (both ${asc})`);
  if (parameter === undefined || asc === undefined || desc === undefined || initial === undefined) return undefined;
  return { parameter, asc, desc, default: initial };
}

/** Which parameters a style takes besides the page size. */
function usesParameter(style: PaginationStyle, name: "offset" | "page" | "cursor"): boolean {
  switch (name) {
    case "offset": return style === "offset";
    case "page": return style === "page" || style === "next_url" || style === "link";
    case "cursor": return style === "keyset" || style === "cursor";
  }
}

function readResource(reader: Reader, value: unknown, path: string): ResourceSpec | undefined {
  const resource = reader.object(value, path, ["name", "path", "records", "fields", "cursor", "api", "changes"]);
  if (resource === undefined) return undefined;
  const before = reader.problems.length;
  const name = reader.matching(resource.name, `${path}.name`, NAME, "lower case letters, digits and _, starting with a letter, at most 40");
  const where = reader.matching(resource.path, `${path}.path`, RESOURCE_PATH, "a path like /v1/invoices (1 to 6 segments of letters, digits and _ . ~ -)");
  if (where !== undefined && isReserved(where)) reader.fail(`${path}.path`, `is the playground's own (${RESERVED_PREFIXES.join(", ")} and below are taken)`);
  const records = reader.integer(resource.records, `${path}.records`, 1, MAX_RESOURCE_RECORDS);
  const fields = readFields(reader, resource.fields, `${path}.fields`, 0);
  const api = readApi(reader, resource.api, `${path}.api`);
  const changes = readChanges(reader, resource.changes, `${path}.changes`, where, fields);
  let cursor: string | undefined;
  if (fields !== undefined) {
    const ids = Object.entries(fields).filter(([, field]) => field.kind === "id");
    if (ids.length !== 1) reader.fail(`${path}.fields`, `must have exactly one top-level field of kind id (got ${ids.length})`);
    const timestamps = Object.entries(fields).filter(([, field]) => field.kind === "timestamp" && field.nullable === undefined).map(([n]) => n);
    if (resource.cursor === undefined) {
      if (timestamps.length === 1) cursor = timestamps[0];
      else reader.fail(`${path}.cursor`, timestamps.length === 0 ? "is needed: declare a timestamp field (not nullable) to be the change cursor"
        : `must name the change cursor among the timestamp fields (${timestamps.join(", ")})`);
    } else if (typeof resource.cursor !== "string" || !timestamps.includes(resource.cursor)) {
      reader.fail(`${path}.cursor`, `must name a top-level timestamp field that is not nullable (${timestamps.length === 0 ? "there is none" : timestamps.join(", ")}; got ${show(resource.cursor)})`);
    } else {
      cursor = resource.cursor;
    }
  }
  if (fields !== undefined && api !== undefined) {
    // Soft deletes and schema drift add their members to every record.
    const perRecord = [...Object.values(fields), ...Object.values(changes?.drift ?? {})].reduce((sum, field) => sum + valuesIn(field), 1);
    const perPage = perRecord * api.pagination.maxLimit;
    if (perPage > MAX_PAGE_VALUES) {
      reader.fail(`${path}.api.pagination.maxLimit`, `lets a page hold ${perPage} values (${perRecord} per record × ${api.pagination.maxLimit}); ` +
        `at most ${MAX_PAGE_VALUES}: lower maxLimit or the arrays' max`);
    }
  }
  if (reader.problems.length > before || name === undefined || where === undefined || records === undefined || fields === undefined || api === undefined || cursor === undefined
    || changes === undefined) {
    return undefined;
  }
  return { name, path: where, records, fields, cursor, api, changes };
}

/** Every reference in a field and the fields inside it, with its path. */
function referencesOf(field: FieldSpec, path: string): [string, string][] {
  if (field.kind === "reference") return [[path, field.resource]];
  if (field.kind === "object") return Object.entries(field.fields).flatMap(([name, inner]) => referencesOf(inner, `${path}.fields.${name}`));
  if (field.kind === "array") return referencesOf(field.items, `${path}.items`);
  return [];
}

/**
 * A parsed resource file checked: `{ resources }` when it is right, else every problem found, each
 * starting with its JSON path.
 * @example readResourceFile({ resources: [] }) // { problems: ["resources: must declare 1 to 20 resources (got 0)"] }
 */
export function readResourceFile(value: unknown): { readonly resources: readonly ResourceSpec[] } | { readonly problems: readonly Problem[] } {
  const reader = new Reader();
  const file = reader.object(value, "(file)", ["resources"]);
  const list = file?.resources;
  if (file !== undefined && !Array.isArray(list)) reader.fail("resources", `must be a list of resources (got ${show(list)})`);
  const resources: (readonly [index: number, resource: ResourceSpec])[] = [];
  if (Array.isArray(list)) {
    if (list.length === 0 || list.length > MAX_RESOURCES) reader.fail("resources", `must declare 1 to ${MAX_RESOURCES} resources (got ${list.length})`);
    list.slice(0, MAX_RESOURCES).forEach((item, i) => {
      const resource = readResource(reader, item, `resources[${i}]`);
      if (resource !== undefined) resources.push([i, resource]);
    });
    const names = new Map<string, number>();
    const paths = new Map<string, number>();
    list.slice(0, MAX_RESOURCES).forEach((item, i) => {
      if (!isObject(item)) return;
      if (typeof item.name === "string") {
        if (names.has(item.name)) reader.fail(`resources[${i}].name`, `is already the name of resources[${names.get(item.name)}]`);
        else names.set(item.name, i);
      }
      if (typeof item.path === "string") {
        if (paths.has(item.path)) reader.fail(`resources[${i}].path`, `is already the path of resources[${paths.get(item.path)}]`);
        else paths.set(item.path, i);
      }
    });
    // A tombstone list may not take another resource's path (or another's tombstones).
    for (const [i, resource] of resources) {
      const owner = paths.get(resource.changes.tombstones);
      if (owner !== undefined) reader.fail(`resources[${i}].changes.tombstones`, `is already the path of resources[${owner}]`);
      else paths.set(resource.changes.tombstones, i);
    }
    for (const [i, resource] of resources) {
      const found = Object.entries(resource.fields).flatMap(([name, field]) => referencesOf(field, `resources[${i}].fields.${name}`));
      for (const [where, target] of found) {
        if (!names.has(target)) reader.fail(`${where}.resource`, `names no declared resource (declared: ${[...names.keys()].join(", ")}; got ${show(target)})`);
      }
    }
  }
  return reader.problems.length > 0 ? { problems: reader.problems } : { resources: resources.map(([, resource]) => resource) };
}

/** `the resources have 2 problems:` and the problems, indented, one a line (the CLI's and createServer's words). */
export function describeProblems(problems: readonly string[]): string {
  return `the resources have ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n${problems.map((problem) => `  ${problem}`).join("\n")}`;
}
