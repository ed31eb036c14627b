/**
 * A row worker (a worker thread of run/row-pool.ts): writes blocks of generated user records as CSV rows,
 * NDJSON lines or JSON array elements into bytes and hands the buffer back (transferred, not copied).
 * It rebuilds the procedural layout from the seed, the count and the epoch (the same records: a pure
 * function of those), and is told what the overlay of changes says for each row (updatedAt, deletedAt).
 */
import { parentPort } from "node:worker_threads";
import { ProceduralLayout } from "./procedural.js";
import { FAST_ROOM, writeUserCsv, writeUserJson } from "./user-bytes.js";

/** One block to write. */
export interface RowJob {
  readonly id: number;
  readonly seed: number;
  readonly count: number;
  readonly nowSeconds: number;
  readonly kind: "csv" | "ndjson" | "json";
  /** Start with a comma (a JSON array's block after the first). */
  readonly leadingComma: boolean;
  readonly softDelete: boolean;
  readonly drifted: boolean;
  readonly positions: Int32Array;
  readonly updatedAt: Float64Array;
  /** NaN while live (only with soft deletes). */
  readonly deletedAt: Float64Array | undefined;
}

/** The written block: its bytes in `buffer` [0, length). */
export interface RowResult {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly length: number;
}

/** Layouts by seed, count and epoch (a worker serves every server of its process; two at a time, each with its text tables). */
const layouts = new Map<string, ProceduralLayout>();

function layoutFor(job: RowJob): ProceduralLayout {
  const key = `${job.seed}:${job.count}:${job.nowSeconds}`;
  let layout = layouts.get(key);
  if (layout === undefined) {
    if (layouts.size >= 2) layouts.delete(layouts.keys().next().value as string);
    layout = new ProceduralLayout(job.seed, job.count, job.nowSeconds);
    layouts.set(key, layout);
  }
  return layout;
}

/** Writes a block (the rows in order, separated as its kind wants). */
export function writeBlock(job: RowJob): RowResult {
  const layout = layoutFor(job);
  const rows = job.positions.length;
  let out = new Uint8Array(Math.max(64 * 1024, rows * 400));
  let at = 0;
  if (job.leadingComma) out[at++] = 0x2c;
  for (let k = 0; k < rows; k++) {
    if (out.length - at < FAST_ROOM) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out.subarray(0, at));
      out = grown;
    }
    if (k > 0 && job.kind === "json") out[at++] = 0x2c;
    const i = job.positions[k] as number;
    const deleted = job.deletedAt?.[k];
    const deletedAt = deleted === undefined || Number.isNaN(deleted) ? undefined : deleted;
    if (job.kind === "csv") {
      at = writeUserCsv(layout, i, job.updatedAt[k] as number, deletedAt, job, out, at);
    } else {
      at = writeUserJson(layout, i, job.updatedAt[k] as number, deletedAt, job, out, at);
      if (job.kind === "ndjson") out[at++] = 0x0a;
    }
  }
  return { id: job.id, buffer: out.buffer as ArrayBuffer, length: at };
}

parentPort?.on("message", (job: RowJob) => {
  const result = writeBlock(job);
  parentPort?.postMessage(result, [result.buffer]);
});
