/** The pagination handlers as pure functions of a request and a run: exact envelopes, records and what they served. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { cursorPage, keysetPage, linkHeaderPage, nextPageUrl, offsetPage, pageNumber } from "../../src/api/pagination.js";
import { formatTimestamp } from "../../src/codecs/timestamp.js";
import { PlaygroundError } from "../../src/errors.js";
import { ORIGIN, plain, run, text } from "./plain.js";

const state = run();
/** The records of positions in updatedAt (= creation) order, as the API writes them. */
const records = (from: number, to: number): unknown[] => Array.from({ length: to - from }, (_, k) => JSON.parse(state.records.json(from + k)));

test("offset: a window of the updatedAt order, with the total and whether more follow", () => {
  const answer = offsetPage(plain("/pagination/offset?limit=3&offset=4"), state);
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(text(answer)), { data: records(4, 7), offset: 4, limit: 3, total: 30 });
  assert.deepEqual([answer.served?.count, answer.served?.firstId, answer.served?.lastId, answer.served?.more], [3, state.records.id(4), state.records.id(6), true]);
  const desc = JSON.parse(text(offsetPage(plain("/pagination/offset?limit=2&order_type=desc"), state)));
  assert.deepEqual(desc.data, [records(29, 30)[0], records(28, 29)[0]]);
  assert.throws(() => offsetPage(plain("/pagination/offset?limit=0"), state), new PlaygroundError(400, "Invalid value for 'limit'. It should be between 1 and 50."));
});

test("page number and next page URL: pages of per_page, the URL carrying every parameter that shapes the result", () => {
  assert.deepEqual(JSON.parse(text(pageNumber(plain("/pagination/page_number?per_page=7&page=5"), state))),
    { data: records(28, 30), page: 5, page_size: 7, total_pages: 5, total_items: 30 });
  const since = formatTimestamp(state.records.updatedAtOf(10));
  const first = JSON.parse(text(nextPageUrl(plain(`/pagination/next_page_url?per_page=15&updated_since=${since}`), state)));
  assert.deepEqual(first, {
    data: records(10, 25), total_items: 20, page: 1, per_page: 15,
    next_page_url: `${ORIGIN}/pagination/next_page_url?page=2&per_page=15&order_by=updatedAt&order_type=asc&updated_since=${since}`,
  });
  assert.equal(JSON.parse(text(nextPageUrl(plain(`/pagination/next_page_url?per_page=15&page=2&updated_since=${since}`), state))).next_page_url, null);
});

test("keyset: 50 a page strictly after the scroll_param; updated_since only on the first request", () => {
  const big = run({ records: 120 });
  const first = JSON.parse(text(keysetPage(plain("/pagination/keyset"), big)));
  assert.equal(first.data.length, 50);
  assert.equal(first.total_count, 120);
  const second = JSON.parse(text(keysetPage(plain(`/pagination/keyset?scroll_param=${encodeURIComponent(first.scroll_param)}`), big)));
  assert.deepEqual([second.data[0].id, second.total_count], [big.records.id(50), 70]);
  assert.throws(() => keysetPage(plain("/pagination/keyset?scroll_param=x&updated_since=2024-01-01T00:00:00Z"), big),
    new PlaygroundError(400, "You can only use 'updated_since' in first request, subsequent requests should use only 'scroll_param'"));
});

test("Link header: the body a bare array, first/prev/next/last as absolute URLs", () => {
  const answer = linkHeaderPage(plain("/pagination/link_header?per_page=10&page=2"), state);
  assert.deepEqual(JSON.parse(text(answer)), records(10, 20));
  const link = (page: number, rel: string): string => `<${ORIGIN}/pagination/link_header?page=${page}&per_page=10&order_by=updatedAt&order_type=asc>; rel="${rel}"`;
  assert.equal(answer.headers?.Link, [link(1, "first"), link(1, "prev"), link(3, "next"), link(3, "last")].join(", "));
});

test("body cursor: has_more and next_cursor agree, and the cursor resumes after the page", () => {
  const first = JSON.parse(text(cursorPage(plain("/pagination/cursor?limit=20"), state)));
  assert.deepEqual([first.data.length, first.has_more, typeof first.next_cursor], [20, true, "string"]);
  const rest = JSON.parse(text(cursorPage(plain(`/pagination/cursor?limit=20&cursor=${first.next_cursor}`), state)));
  assert.deepEqual(rest, { data: records(20, 30), has_more: false, next_cursor: null });
});

test("checks keep their order: the pair refused before a bad timestamp is read, the cursor's limit before the pair", () => {
  assert.throws(() => keysetPage(plain("/pagination/keyset?scroll_param=x&updated_since=bad"), state),
    new PlaygroundError(400, "You can only use 'updated_since' in first request, subsequent requests should use only 'scroll_param'"));
  assert.throws(() => cursorPage(plain("/pagination/cursor?limit=0&cursor=x&updated_since=bad"), state), new PlaygroundError(400, "Invalid value for 'limit'. It should be between 1 and 100."));
  assert.throws(() => cursorPage(plain("/pagination/cursor?cursor=x&updated_since=bad"), state),
    new PlaygroundError(400, "You can only use 'updated_since' in the first request; later requests pass only 'cursor'"));
  assert.throws(() => cursorPage(plain("/pagination/cursor?limit=0&updated_since=bad"), state), new PlaygroundError(400, "Invalid value for 'limit'. It should be between 1 and 100."));
  assert.throws(() => keysetPage(plain("/pagination/keyset?scroll_param=%%%"), state), new PlaygroundError(400, "Invalid scroll_param value"));
});
