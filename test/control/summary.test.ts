import assert from "node:assert/strict";
import { test } from "node:test";
import { noteOf, type Observation } from "../../src/control/journal.js";
import { SyncSummary } from "../../src/control/summary.js";
import { PAGE_COST_BYTES } from "../../src/data/paged-bits.js";
import type { ServedRecords } from "../../src/types.js";

/** A finished request and the records its answer served (what the recorder hands the summary). */
interface Served { readonly input: Observation; readonly served: ServedRecords }

/** A 200 answer of `/pagination/offset` that served these positions. */
function served(positions: readonly number[], seq: number): Served {
  const all = Int32Array.from(positions);
  const records: ServedRecords = { count: all.length, positions: (start, count) => all.slice(start, start + count), id: String, firstId: null, lastId: null, more: true };
  return {
    input: {
      seq, receivedAt: seq * 1000, method: "GET", target: `/pagination/offset?offset=${seq}`, path: "/pagination/offset", endpoint: "/pagination/offset",
      headers: {}, requestBytes: 0, durationMs: 1, fault: undefined, extraHeaders: {}, rateLimitRemaining: undefined, written: { bytes: 10, preview: undefined },
      answer: noteOf({ status: 200, headers: {}, body: "", served: records }),
    },
    served: records,
  };
}

const observe = (summary: SyncSummary, { input, served }: Served): void => summary.observe(input, served);

test("the summary's bitmaps stay within their byte budget; what it cannot tell apart is counted as untracked; clear frees it", () => {
  // Room for three 4,096-record pages in all (seen and twice bitmaps share it).
  const summary = new SyncSummary(3 * PAGE_COST_BYTES);
  observe(summary, served([0, 1, 4096], 1));
  assert.equal(summary.bytes, 2 * PAGE_COST_BYTES);
  observe(summary, served([0, 8192, 12_288, 5], 2));
  // 0 again needs a "twice" page (the third); 8192 and 12288 need pages that no longer fit; 5 is new on a known page.
  const [offset] = summary.endpoints();
  assert.deepEqual([offset?.recordsServed, offset?.distinctRecords, offset?.recordsServedMoreThanOnce, offset?.recordsUntracked], [7, 4, 1, 2]);
  assert.equal(summary.bytes, 3 * PAGE_COST_BYTES);
  summary.clear();
  assert.equal(summary.bytes, 0);
  observe(summary, served([8192], 3));
  assert.deepEqual(summary.endpoints()[0]?.recordsUntracked, 0);
});

test("the same first page served again and again: each a run of its own, counted exactly as a fresh answer with the same records is", () => {
  /** A first page (offset 0) whose answer object is shared, as a cached answer's is. */
  const first = (seq: number, answer = served([3, 1, 4, 1_000_000], 0)): Served => ({ input: { ...answer.input, seq, receivedAt: seq * 1000, target: "/pagination/offset?offset=0" }, served: answer.served });
  const shared = served([3, 1, 4, 1_000_000], 0);
  const next = (seq: number): Served => { const page = served([5, 9, 3], seq); return { input: { ...page.input, target: "/pagination/offset?offset=4" }, served: page.served }; };
  const sequence = (answer: (seq: number) => Served): ReturnType<SyncSummary["endpoints"]>[] => {
    const summary = new SyncSummary(3 * PAGE_COST_BYTES);
    const states: ReturnType<SyncSummary["endpoints"]>[] = [];
    for (const [seq, kind] of [[1, "first"], [2, "first"], [3, "first"], [4, "next"], [5, "first"], [6, "first"], [7, "next"], [8, "next"]] as const) {
      observe(summary, kind === "first" ? answer(seq) : next(seq));
      states.push(summary.endpoints());
    }
    return states;
  };
  // One answer object (the cached page) against a new object with the same records each time.
  const cached = sequence((seq) => first(seq, shared));
  assert.deepEqual(cached, sequence((seq) => first(seq)));
  assert.deepEqual(cached.map(([e]) => [e?.runs, e?.pages, e?.recordsServed, e?.distinctRecords, e?.recordsServedMoreThanOnce, e?.recordsUntracked]), [
    [1, 1, 4, 4, 0, 0], [2, 2, 8, 4, 0, 0], [3, 3, 12, 4, 0, 0], [3, 4, 15, 6, 1, 0], [4, 5, 19, 4, 0, 0], [5, 6, 23, 4, 0, 0], [5, 7, 26, 6, 1, 0], [5, 8, 29, 6, 3, 0],
  ]);
});
