/**
 * Routes for declared resources (`--resources FILE`): one GET route per resource, paged in its declared
 * style with its own parameter names, answered in its declared envelope, filtered by its incremental
 * parameter, behind its auth scheme. The records come from resources/records.ts; everything here is the
 * API's shape around them.
 */
import { DECLARED_MESSAGES, PlaygroundError } from "../errors.js";
import { readParameters } from "../codecs/parameters.js";
import { parametersOf } from "../resources/parameters.js";
import type { DeclaredResource, DeclaredResources } from "../resources/records.js";
import type { Route } from "../run/route.js";
import type { Run } from "../run/run.js";
import type { PlainRequest, PlainResponse, ServedRecords } from "../types.js";
import { GUARDS } from "./auth.js";

const JSON_HEADERS = { "Content-Type": "application/json" } as const;
/** Stands for the records' array while the envelope is serialised (a control character no field name holds). */
const DATA_MARK = "\u0000records\u0000";
const DATA_MARK_JSON = JSON.stringify(DATA_MARK);

/** A cursor of the `cursor` style: the next record's place in the walk, where the filter starts, the direction; opaque to clients. */
function encodeCursor(next: number, first: number, descending: boolean): string {
  return Buffer.from(`p2:${next}:${first}:${descending ? "d" : "a"}`).toString("base64url");
}

function decodeCursor(text: string, count: number): { readonly next: number; readonly first: number; readonly descending: boolean } | undefined {
  if (text.length > 64) return undefined;
  const match = /^p2:(\d{1,10}):(\d{1,10}):([ad])$/.exec(Buffer.from(text, "base64url").toString("latin1"));
  if (match === null) return undefined;
  const next = Number(match[1]);
  const first = Number(match[2]);
  return first <= count && next <= count - first ? { next, first, descending: match[3] === "d" } : undefined;
}

/** Puts `value` at a dot path of `target` (creating the objects on the way). */
function place(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split(".");
  let here = target;
  for (const name of names.slice(0, -1)) {
    const inner = here[name];
    here = (here[name] = typeof inner === "object" && inner !== null ? inner : {}) as Record<string, unknown>;
  }
  here[names.at(-1) as string] = value;
}

/** What the journal and the sync summary learn of an answer's records: `at(k)` is the k-th record's position. */
function served(resource: DeclaredResource, at: (k: number) => number, count: number, more: boolean, startsRun: boolean): ServedRecords {
  return {
    count,
    startsRun,
    positions: (from, n) => Int32Array.from({ length: Math.max(0, Math.min(n, count - from)) }, (_, k) => at(from + k)),
    id: (k) => resource.idText(at(k)),
    firstId: count === 0 ? null : resource.idText(at(0)),
    lastId: count === 0 ? null : resource.idText(at(count - 1)),
    more,
  };
}

/** The handler of one declared resource. */
function handlerOf(resource: DeclaredResource): (request: PlainRequest) => PlainResponse {
  const { spec } = resource;
  const { pagination, envelope, incremental, order } = spec.api;
  const specs = parametersOf(spec);
  const limitName = pagination.limit;
  return (request) => {
    const values = readParameters(request.query, specs) as Readonly<Record<string, string | number | undefined>>;
    const limit = values[limitName] as number;
    const since = incremental === null ? undefined : values[incremental] as number | undefined;
    let descending = order !== null && values[order.parameter] === order.desc;
    // The walk: the records the filter keeps, from `first` on, in the chosen direction; k counts along it.
    let first = since === undefined ? 0 : resource.firstSince(since);
    let startK: number;
    let page = 1;
    switch (pagination.style) {
      case "offset":
        startK = values[pagination.offset as string] as number;
        break;
      case "page":
      case "next_url":
      case "link":
        page = values[pagination.page as string] as number;
        startK = Math.min(resource.count, (page - 1) * limit);
        break;
      case "cursor": {
        const name = pagination.cursor as string;
        const text = values[name] as string | undefined;
        startK = 0;
        if (text !== undefined) {
          if (since !== undefined) throw new PlaygroundError(400, DECLARED_MESSAGES.cursorAndSince(name, incremental as string));
          const cursor = decodeCursor(text, resource.count);
          // The cursor style always has a place for the next cursor (next_cursor unless declared); a cursor keeps its walk's direction.
          if (cursor === undefined || (order !== null && request.query.values.has(order.parameter) && cursor.descending !== descending)) {
            throw new PlaygroundError(400, DECLARED_MESSAGES.cursor(name, envelope.next as string));
          }
          startK = cursor.next;
          first = cursor.first;
          descending = cursor.descending;
        }
        break;
      }
      case "keyset": {
        const name = pagination.cursor as string;
        const after = values[name] as string | undefined;
        startK = 0;
        if (after !== undefined) {
          const position = resource.positionOf(after);
          if (position === -1) throw new PlaygroundError(400, DECLARED_MESSAGES.keyset(name));
          startK = Math.max(0, descending ? resource.count - position : position + 1 - first);
        }
        break;
      }
    }
    const total = resource.count - first;
    const at = (k: number): number => (descending ? resource.count - 1 - k : first + k);
    startK = Math.min(startK, total);
    const count = Math.max(0, Math.min(total, startK + limit) - startK);
    const more = startK + count < total;
    let joined = "";
    if (descending) {
      for (let k = 0; k < count; k++) joined += (k > 0 ? "," : "") + resource.json(at(startK + k));
    } else {
      joined = resource.joinedJson(at(startK), count);
    }
    const records = `[${joined}]`;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    const pageUrl = (n: number): string => {
      const query = new URLSearchParams();
      query.set(pagination.page as string, String(n));
      query.set(limitName, String(limit));
      if (since !== undefined && incremental !== null) query.set(incremental, request.query.values.get(incremental) as string);
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
    let body: string;
    if (envelope.data === "") {
      body = records;
    } else {
      const answer: Record<string, unknown> = {};
      place(answer, envelope.data, DATA_MARK);
      if (envelope.total !== undefined) place(answer, envelope.total, total);
      if (envelope.hasMore !== undefined) place(answer, envelope.hasMore, more);
      if (envelope.next !== undefined) {
        const next = !more ? null
          : pagination.style === "cursor" ? encodeCursor(startK + count, first, descending)
            : pagination.style === "keyset" ? resource.idText(at(startK + count - 1))
              : pagination.style === "offset" ? startK + count
                : pagination.style === "next_url" ? pageUrl(page + 1) : page + 1;
        place(answer, envelope.next, next);
      }
      body = JSON.stringify(answer).replace(DATA_MARK_JSON, records);
    }
    // A first page: no cursor or id to continue from, and the walk's start (offset 0, page 1).
    const continues = pagination.cursor !== undefined && values[pagination.cursor] !== undefined;
    return { status: 200, headers, body, served: served(resource, (k) => at(startK + k), count, more, !continues && startK === 0) };
  };
}

/** One GET route per declared resource, guarded by its auth scheme. */
export function declaredRoutes(resources: DeclaredResources): Route[] {
  return resources.list.map((resource): Route => {
    const handle = handlerOf(resource);
    const auth = resource.spec.api.auth;
    return {
      method: "GET",
      path: resource.spec.path,
      query: parametersOf(resource.spec),
      guarded: true,
      answerNamesOrigin: true,
      etag: true,
      handler: (request, run) => {
        if (auth !== "none") GUARDS[auth](request, run);
        return handle(request);
      },
    };
  });
}

/** A resource's first page as a client's first request gets it (parsed): the OpenAPI document's example. */
export function firstPage(resource: DeclaredResource, origin: string): unknown {
  const request = { method: "GET", path: resource.spec.path, query: { values: new Map(), names: [] }, origin, headers: {} } as unknown as PlainRequest;
  const answer = handlerOf(resource)(request);
  return JSON.parse(answer.body as string) as unknown;
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
