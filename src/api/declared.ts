/**
 * Routes for declared resources (`--resources FILE`): one GET route per resource, paged in its declared
 * style with its own parameter names, answered in its declared envelope, filtered by its incremental
 * parameter, behind its auth scheme. The records come from resources/records.ts; everything here is the
 * API's shape around them.
 */
import { DECLARED_MESSAGES, MESSAGES, PlaygroundError } from "../errors.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import type { Tombstone } from "../data/changes.js";
import { csvAnswer } from "./export.js";
import { firstWhere } from "../data/search.js";
import { readParameters } from "../codecs/parameters.js";
import { parametersOf } from "../resources/parameters.js";
import type { DeclaredResource, DeclaredResources } from "../resources/records.js";
import type { Route } from "../run/route.js";
import type { Run } from "../run/run.js";
import type { BodySlab } from "../run/respond.js";
import { jsonWriter } from "../data/serialize.js";
import type { PlainRequest, PlainResponse, ServedRecords } from "../types.js";
import { GUARDS } from "./auth.js";

const JSON_HEADERS = { "Content-Type": "application/json" } as const;
/** Stands for the records' array while the envelope is serialised (a control character no field name holds). */
const DATA_MARK = "\u0000records\u0000";
const DATA_MARK_JSON = JSON.stringify(DATA_MARK);

/**
 * A cursor of the `cursor` style: the change cursor (epoch seconds) of the last record served, where the
 * filter starts, the direction; opaque to clients. The next page is the records past that second, so a
 * record changed meanwhile (moved to the end) is served again, never skipped.
 */
function encodeCursor(last: number, since: number | undefined, descending: boolean): string {
  return Buffer.from(`c3:${last}:${since ?? "-"}:${descending ? "d" : "a"}`).toString("base64url");
}

function decodeCursor(text: string): { readonly last: number; readonly since: number | undefined; readonly descending: boolean } | undefined {
  if (text.length > 64) return undefined;
  const match = /^c3:(-?\d{1,12}):(-?\d{1,12}|-):([ad])$/.exec(Buffer.from(text, "base64url").toString("latin1"));
  if (match === null) return undefined;
  return { last: Number(match[1]), since: match[2] === "-" ? undefined : Number(match[2]), descending: match[3] === "d" };
}

/** Puts `value` at a dot path of `target` (creating the objects on the way). */
export function place(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split(".");
  let here = target;
  for (const name of names.slice(0, -1)) {
    const inner = here[name];
    here = (here[name] = typeof inner === "object" && inner !== null ? inner : {}) as Record<string, unknown>;
  }
  here[names.at(-1) as string] = value;
}

/** What the journal and the sync summary learn of an answer's records (their positions, in the answer's order). */
function served(resource: DeclaredResource, positions: Int32Array, more: boolean, startsRun: boolean): ServedRecords {
  const count = positions.length;
  return {
    count,
    startsRun,
    positions: (from, n) => positions.subarray(from, Math.min(count, from + n)),
    id: (k) => resource.id(positions[k] as number),
    firstId: count === 0 ? null : resource.id(positions[0] as number),
    lastId: count === 0 ? null : resource.id(positions[count - 1] as number),
    more,
  };
}

/** The handler of one declared resource. */
function handlerOf(resource: DeclaredResource): (request: PlainRequest, slab?: BodySlab) => PlainResponse {
  const { spec } = resource;
  const { pagination, envelope, incremental, order } = spec.api;
  const specs = parametersOf(spec);
  const limitName = pagination.limit;
  return (request, slab) => {
    const values = readParameters(request.query, specs) as Readonly<Record<string, string | number | undefined>>;
    const limit = values[limitName] as number;
    let descending = order !== null && values[order.parameter] === order.desc;
    // The walk: the records the filter keeps in the change cursor's order (creation order until churn
    // changes some: a changed record moves to the end), in the chosen direction; k counts along it.
    let since = incremental === null ? undefined : values[incremental] as number | undefined;
    // Where a keyset or cursor walk resumes: past the record (or second) it names.
    let anchor: number | undefined;
    let startK = 0;
    let page = 1;
    switch (pagination.style) {
      case "offset":
        startK = values[pagination.offset as string] as number;
        break;
      case "page":
      case "next_url":
      case "link":
        page = values[pagination.page as string] as number;
        startK = Math.min(resource.size, (page - 1) * limit);
        break;
      case "cursor": {
        const name = pagination.cursor as string;
        const text = values[name] as string | undefined;
        if (text !== undefined) {
          if (since !== undefined) throw new PlaygroundError(400, DECLARED_MESSAGES.cursorAndSince(name, incremental as string));
          const cursor = decodeCursor(text);
          // The cursor style always has a place for the next cursor (next_cursor unless declared); a cursor keeps its walk's direction.
          if (cursor === undefined || (order !== null && request.query.values.has(order.parameter) && cursor.descending !== descending)) {
            throw new PlaygroundError(400, DECLARED_MESSAGES.cursor(name, envelope.next as string));
          }
          anchor = cursor.last;
          since = cursor.since;
          descending = cursor.descending;
        }
        break;
      }
      case "keyset": {
        const name = pagination.cursor as string;
        const after = values[name] as string | undefined;
        if (after !== undefined) {
          const position = resource.positionOf(after);
          if (position === -1) throw new PlaygroundError(400, DECLARED_MESSAGES.keyset(name));
          anchor = resource.updatedAtOf(position);
        }
        break;
      }
    }
    const ascending = resource.view("updatedAt", "asc", since);
    const total = ascending.length;
    if (anchor !== undefined) {
      // Ascending: after every record at or before the anchor's second; descending: after every one at or past it.
      startK = descending ? Math.min(total, resource.view("updatedAt", "asc", anchor).length)
        : total - Math.min(total, resource.view("updatedAt", "asc", anchor, true).length);
    }
    const view = descending ? resource.view("updatedAt", "desc", since) : ascending;
    startK = Math.min(startK, total);
    const count = Math.max(0, Math.min(total, startK + limit) - startK);
    const positions = view.positions(startK, count);
    const more = startK + count < total;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    const pageUrl = (n: number): string => {
      const query = new URLSearchParams();
      query.set(pagination.page as string, String(n));
      query.set(limitName, String(limit));
      if (incremental !== null && request.query.values.has(incremental)) query.set(incremental, request.query.values.get(incremental) as string);
      if (order !== null && request.query.values.has(order.parameter)) query.set(order.parameter, descending ? order.desc : order.asc);
      return `${request.origin}${spec.path}?${query.toString()}`;
    };
    if (pagination.style === "link") {
      const last = Math.max(1, Math.ceil(total / limit));
      const links = [`<${pageUrl(1)}>; rel="first"`];
      if (page > 1) links.push(`<${pageUrl(Math.min(page - 1, last))}>; rel="prev"`);
      if (more) links.push(`<${pageUrl(page + 1)}>; rel="next"`);
      links.push(`<${pageUrl(last)}>; rel="last"`);
      headers.Link = links.join(", ");
    }
    // The envelope around the records (none when the answer is the bare list).
    let prefix = "";
    let suffix = "";
    if (envelope.data !== "") {
      const answer: Record<string, unknown> = {};
      place(answer, envelope.data, DATA_MARK);
      if (envelope.total !== undefined) place(answer, envelope.total, total);
      if (envelope.hasMore !== undefined) place(answer, envelope.hasMore, more);
      if (envelope.next !== undefined) {
        const last = positions[count - 1] as number;
        const next = !more ? null
          : pagination.style === "cursor" ? encodeCursor(resource.updatedAtOf(last), since, descending)
            : pagination.style === "keyset" ? resource.id(last)
              : pagination.style === "offset" ? startK + count
                : pagination.style === "next_url" ? pageUrl(page + 1) : page + 1;
        place(answer, envelope.next, next);
      }
      const text = JSON.stringify(answer);
      const mark = text.indexOf(DATA_MARK_JSON);
      prefix = text.slice(0, mark);
      suffix = text.slice(mark + DATA_MARK_JSON.length);
    }
    // The records written as bytes into the run's slab; as text when they do not fit its scratch buffer.
    const body = slab?.page(prefix, positions, jsonWriter(resource), suffix) ?? `${prefix}[${resource.joinedJson(positions)}]${suffix}`;
    // A first page: no cursor or id to continue from, and the walk's start (offset 0, page 1).
    const continues = pagination.cursor !== undefined && values[pagination.cursor] !== undefined;
    return { status: 200, headers, body, served: served(resource, positions, more, !continues && startK === 0) };
  };
}

/** Tombstones per streamed chunk (about 16 KiB). */
const TOMBSTONE_BLOCK = 256;

/**
 * A resource's tombstones: every record deleted at or after the incremental parameter's time (all without
 * it), oldest deletion first, in the resource's data key: `{"data": [{"id": .., "deleted_at": ..}]}`.
 * Not paged (churn keeps at most MAX_CHANGES); streamed in chunks when long.
 */
function tombstonesOf(resource: DeclaredResource): (request: PlainRequest) => PlainResponse {
  const { spec } = resource;
  const idName = JSON.stringify(Object.entries(spec.fields).find(([, field]) => field.kind === "id")?.[0] ?? "id");
  const deletedName = JSON.stringify(spec.changes.deletedField);
  const specs = parametersOf(spec).filter((parameter) => parameter.name === spec.api.incremental);
  return (request) => {
    const since = spec.api.incremental === null ? undefined : readParameters(request.query, specs)[spec.api.incremental] as number | undefined;
    const deletions = resource.deletions();
    // The list only grows at its end: the tombstones up to now are fixed, whatever churn does meanwhile.
    const end = deletions.length;
    const first = since === undefined ? 0 : firstWhere(0, end, (k) => (deletions[k] as Tombstone).deletedAt >= since);
    const text = (from: number, to: number): string => deletions.slice(from, to)
      .map(({ index, deletedAt }) => `{${idName}:${resource.idJson(index)},${deletedName}:"${formatTimestamp(deletedAt)}"}`).join(",");
    let head = "[";
    let tail = "]";
    if (spec.api.envelope.data !== "") {
      const answer: Record<string, unknown> = {};
      place(answer, spec.api.envelope.data, DATA_MARK);
      [head, tail] = JSON.stringify(answer).split(DATA_MARK_JSON) as [string, string];
      head += "[";
      tail = `]${tail}`;
    }
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: function* chunks(): Generator<string> {
        yield head;
        for (let k = first; k < end; k += TOMBSTONE_BLOCK) yield (k > first ? "," : "") + text(k, Math.min(end, k + TOMBSTONE_BLOCK));
        yield tail;
      },
    };
  };
}

/** A declared route behind the resource's auth scheme. */
function guarded(resource: DeclaredResource, route: Omit<Route, "method" | "guarded" | "handler">, handle: (request: PlainRequest, slab: BodySlab) => PlainResponse): Route {
  const auth = resource.spec.api.auth;
  return {
    ...route,
    method: "GET",
    guarded: true,
    handler: (request, run) => {
      if (auth !== "none") GUARDS[auth](request, run);
      return handle(request, run.slab);
    },
  };
}

/**
 * Each declared resource's routes, guarded by its auth scheme: its list, its tombstones and its CSV
 * export (`/export/csv/NAME`).
 */
export function declaredRoutes(resources: DeclaredResources): Route[] {
  return resources.list.flatMap((resource): Route[] => [
    guarded(resource, { path: resource.spec.path, query: parametersOf(resource.spec), answerNamesOrigin: true, etag: true }, handlerOf(resource)),
    guarded(resource, { path: resource.spec.changes.tombstones, query: parametersOf(resource.spec).filter((parameter) => parameter.name === resource.spec.api.incremental), etag: true },
      tombstonesOf(resource)),
    guarded(resource, { path: `/export/csv/${resource.spec.name}`, query: [], etag: true }, () => csvAnswer(resource, `${resource.spec.name}_export.csv`)),
  ]);
}

/** The declared resource a request names (`?resource=`, an export job's `resource`): a 400 naming the declared ones when none is called so. */
export function resourceNamed(resources: DeclaredResources | undefined, name: string): DeclaredResource {
  const resource = resources?.list.find((declared) => declared.spec.name === name);
  if (resource === undefined) throw new PlaygroundError(400, MESSAGES.verifyResource(name, resources?.list.map((declared) => declared.spec.name) ?? []));
  return resource;
}

/** A resource's first page as a client's first request gets it (parsed): the OpenAPI document's example. */
export function firstPage(resource: DeclaredResource, origin: string): unknown {
  const request = { method: "GET", path: resource.spec.path, query: { values: new Map(), names: [] }, origin, headers: {} } as unknown as PlainRequest;
  const answer = handlerOf(resource)(request);
  return JSON.parse(answer.body.toString()) as unknown;
}

/**
 * What a request without credentials gets from a resource's auth scheme (status, error text, challenge),
 * asked of the guard itself: the OpenAPI document's example. Undefined for an open resource.
 */
export function refusalWithoutCredentials(resource: DeclaredResource, run: Run): { readonly status: number; readonly error: string; readonly challenge?: string } | undefined {
  const auth = resource.spec.api.auth;
  if (auth === "none") return undefined;
  try {
    GUARDS[auth]({ headers: {}, now: 0 }, run);
  } catch (error) {
    if (!(error instanceof PlaygroundError)) throw error;
    const challenge = error.headers["WWW-Authenticate"];
    return { status: error.status, error: error.message, ...(challenge === undefined ? {} : { challenge }) };
  }
  throw new Error(`the ${auth} guard let a request without credentials through`);
}
