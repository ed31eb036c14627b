/** The six pagination styles over the user records: next-page URL, page number, offset, keyset, Link header and body cursor. */
import { decodeScrollParam, encodeScrollParam } from "../codecs/base64.js";
import { decodeCursor, encodeCursor } from "../codecs/cursor.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import type { OrderBy, OrderType } from "../data/records.js";
import { PlaygroundError, MESSAGES } from "../errors.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";
import { PARAMETERS, presentValue, readParameters } from "../codecs/parameters.js";
import { jsonWithRecords, viewRun } from "../run/respond.js";

/** Records per keyset page, fixed as in the original. */
export const KEYSET_PAGE_SIZE = 50;

export const NEXT_PAGE_URL_PARAMETERS = [PARAMETERS.orderBy, PARAMETERS.orderType, PARAMETERS.perPage, PARAMETERS.page, PARAMETERS.updatedSince];
export const PAGE_NUMBER_PARAMETERS = NEXT_PAGE_URL_PARAMETERS;
export const OFFSET_PARAMETERS = [PARAMETERS.limit, PARAMETERS.offset, PARAMETERS.orderBy, PARAMETERS.orderType, PARAMETERS.updatedSince];
export const KEYSET_PARAMETERS = [PARAMETERS.scrollParam, PARAMETERS.updatedSince];
export const LINK_HEADER_PARAMETERS = [PARAMETERS.perPage100, PARAMETERS.page, PARAMETERS.orderBy, PARAMETERS.orderType, PARAMETERS.updatedSince];
export const CURSOR_PARAMETERS = [PARAMETERS.limit100, PARAMETERS.cursor, PARAMETERS.updatedSince];
const CURSOR_LIMIT = [PARAMETERS.limit100];

interface PageRequest {
  orderBy: OrderBy;
  orderType: OrderType;
  perPage: number;
  page: number;
  updatedSince: number | undefined;
}

function readPageRequest(request: PlainRequest): PageRequest {
  const values = readParameters(request.query, NEXT_PAGE_URL_PARAMETERS);
  return {
    orderBy: values.order_by,
    orderType: values.order_type,
    perPage: values.per_page,
    page: values.page,
    updatedSince: values.updated_since,
  };
}

/** `GET /pagination/next_page_url` */
export function nextPageUrl(request: PlainRequest, state: Run): PlainResponse {
  const { orderBy, orderType, perPage, page, updatedSince } = readPageRequest(request);
  const view = state.records.view(orderBy, orderType, updatedSince);
  const start = (page - 1) * perPage;
  let next = "null";
  if (start + perPage < view.length) {
    let url = `${request.origin}/pagination/next_page_url?page=${page + 1}&per_page=${perPage}&order_by=${orderBy}&order_type=${orderType}`;
    if (updatedSince !== undefined) url += `&updated_since=${formatTimestamp(updatedSince)}`;
    next = JSON.stringify(url);
  }
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, start, perPage),
    `,"total_items":${view.length},"page":${page},"per_page":${perPage},"next_page_url":${next}}`, next !== "null");
}

/** `GET /pagination/page_number` */
export function pageNumber(request: PlainRequest, state: Run): PlainResponse {
  const { orderBy, orderType, perPage, page, updatedSince } = readPageRequest(request);
  const view = state.records.view(orderBy, orderType, updatedSince);
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, (page - 1) * perPage, perPage),
    `,"page":${page},"page_size":${perPage},"total_pages":${Math.ceil(view.length / perPage)},"total_items":${view.length}}`, page * perPage < view.length);
}

/** `GET /pagination/offset` */
export function offsetPage(request: PlainRequest, state: Run): PlainResponse {
  const values = readParameters(request.query, OFFSET_PARAMETERS);
  const limit = values.limit;
  const offset = values.offset;
  const view = state.records.view(values.order_by, values.order_type, values.updated_since);
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, offset, limit), `,"offset":${offset},"limit":${limit},"total":${view.length}}`,
    offset + limit < view.length);
}

/** `GET /pagination/keyset`: 50 records a page by updatedAt ascending, resumed strictly after the cursor. */
export function keysetPage(request: PlainRequest, state: Run): PlainResponse {
  if (presentValue(request.query, "scroll_param") !== undefined && presentValue(request.query, "updated_since") !== undefined) throw new PlaygroundError(400, MESSAGES.keysetBoth);
  const { scroll_param: scrollParam, updated_since: since } = readParameters(request.query, KEYSET_PARAMETERS);
  let view;
  if (scrollParam !== undefined) {
    const after = decodeScrollParam(scrollParam);
    if (after === undefined) throw new PlaygroundError(400, MESSAGES.scrollParam);
    view = state.records.view("updatedAt", "asc", after, true);
  } else {
    view = state.records.view("updatedAt", "asc", since);
  }
  let next = "null";
  if (view.length > KEYSET_PAGE_SIZE) {
    next = `"${encodeScrollParam(state.records.updatedAtOf(view.at(KEYSET_PAGE_SIZE - 1)))}"`;
  }
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, 0, KEYSET_PAGE_SIZE), `,"total_count":${view.length},"scroll_param":${next}}`, next !== "null");
}

/**
 * `GET /pagination/link_header`: the body is a bare JSON array of records; where to go next is in the
 * `Link` header (RFC 8288), as GitHub does it: absolute URLs for `first`, `prev` (from page 2), `next`
 * (until the last page) and `last`, each carrying every parameter that shapes the result.
 */
export function linkHeaderPage(request: PlainRequest, state: Run): PlainResponse {
  const values = readParameters(request.query, LINK_HEADER_PARAMETERS);
  const perPage = values.per_page;
  const page = values.page;
  const orderBy = values.order_by;
  const orderType = values.order_type;
  const updatedSince = values.updated_since;
  const view = state.records.view(orderBy, orderType, updatedSince);
  const lastPage = Math.max(1, Math.ceil(view.length / perPage));
  const filter = updatedSince === undefined ? "" : `&updated_since=${formatTimestamp(updatedSince)}`;
  const link = (target: number, rel: string): string =>
    `<${request.origin}/pagination/link_header?page=${target}&per_page=${perPage}&order_by=${orderBy}&order_type=${orderType}${filter}>; rel="${rel}"`;
  const links = [link(1, "first")];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"));
  links.push(link(lastPage, "last"));
  const answer = jsonWithRecords(state.slab, "", viewRun(state.records, view, (page - 1) * perPage, perPage), "", page < lastPage);
  return { ...answer, headers: { ...answer.headers, Link: links.join(", ") } };
}

/**
 * `GET /pagination/cursor`: `{"data": [...], "has_more": bool, "next_cursor": string|null}`, as Stripe and
 * Slack answer, by updatedAt ascending. The cursor is opaque (see codecs/cursor.ts); the next page holds
 * the records updated strictly after the last one of this page.
 */
export function cursorPage(request: PlainRequest, state: Run): PlainResponse {
  if (presentValue(request.query, "cursor") !== undefined && presentValue(request.query, "updated_since") !== undefined) {
    // The limit is checked first, as always; then the pair is refused.
    readParameters(request.query, CURSOR_LIMIT);
    throw new PlaygroundError(400, MESSAGES.cursorBoth);
  }
  const { limit, cursor, updated_since: since } = readParameters(request.query, CURSOR_PARAMETERS);
  let view;
  if (cursor !== undefined) {
    const after = decodeCursor(state.settings.seed, cursor);
    if (after === undefined) throw new PlaygroundError(400, MESSAGES.cursor);
    view = state.records.view("updatedAt", "asc", after, true);
  } else {
    view = state.records.view("updatedAt", "asc", since);
  }
  const hasMore = view.length > limit;
  const next = hasMore ? `"${encodeCursor(state.settings.seed, state.records.updatedAtOf(view.at(limit - 1)))}"` : "null";
  return jsonWithRecords(state.slab, `{"data":`, viewRun(state.records, view, 0, limit), `,"has_more":${hasMore},"next_cursor":${next}}`, hasMore);
}
