/**
 * Long streams of generated records written in parallel: worker threads (data/row-worker.ts; two fewer
 * than the machine's cores, at most four) write blocks of rows while the event loop's thread only sends
 * them. On one or two cores there are none: the event loop's thread and the client reading already take
 * both, and writing in this thread measured faster there than handing blocks to a worker. Blocks come back in order; only a few are in flight, and the next is asked for
 * only when the writer takes one (backpressure end to end), so a slow client holds a few blocks, not the
 * stream. Where there are no workers (the single executable), or rows the workers cannot make (records
 * inserted by churn, records given as objects), the caller's own writer is used, in this thread. A worker
 * that fails fails the streams waiting on it (their clients see a cut answer); the next long stream starts
 * a new pool, at most MAX_POOL_RESTARTS times a run, after which streams are written in this thread.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ProceduralLayout } from "../data/procedural.js";
import { RecordSet } from "../data/records.js";
import { byteChunks, csvWriter, jsonWriter, ndjsonWriter, type Exported, type RowSource } from "../data/serialize.js";
import type { RowJob, RowResult } from "../data/row-worker.js";

/** This module's URL (build:exe replaces it with undefined: the single executable has no worker file to start). */
const HERE: string | undefined = import.meta.url;

/** Rows per block (about 400-600 KB of JSON). */
export const BLOCK_ROWS = 2048;

/** Streams shorter than this are written in this thread (a worker's round trip costs more than it saves). */
export const PARALLEL_MIN_ROWS = 4 * BLOCK_ROWS;

/**
 * Streams written by the workers at once; more are written in this thread. With two blocks in flight per
 * worker (at most four workers, each block about 0.8 MB), what streams hold stays under 26 MB.
 */
export const MAX_PARALLEL_STREAMS = 4;

/** Streams being written by the workers now. */
let active = 0;

/** How many times a failed pool is replaced by a new one in a run (a worker that keeps failing is not started for ever). */
export const MAX_POOL_RESTARTS = 3;

class RowPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (bytes: Buffer) => void; reject: (error: Error) => void }>();
  private nextJob = 0;
  private nextWorker = 0;
  broken = false;

  constructor(file: URL, size: number) {
    // Run from the TypeScript sources (the tests, with tsx), the worker registers tsx's loader first.
    const fromSource = file.pathname.endsWith(".ts");
    const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
    for (let k = 0; k < size; k++) {
      const worker = fromSource ? new Worker(boot, { eval: true }) : new Worker(file);
      worker.on("message", (result: RowResult) => {
        const job = this.waiting.get(result.id);
        this.waiting.delete(result.id);
        if (this.waiting.size === 0) this.idle();
        job?.resolve(Buffer.from(result.buffer, 0, result.length));
      });
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", () => this.fail(new Error("a row worker stopped")));
      // After the listeners (adding one refs the worker again): an idle pool never keeps the process alive.
      worker.unref();
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Nothing waiting: the workers may not keep the process alive. */
  private idle(): void {
    for (const worker of this.workers) worker.unref();
  }

  /** Every job waiting fails, and no stream uses the pool again. */
  private fail(error: Error): void {
    this.broken = true;
    for (const job of this.waiting.values()) job.reject(error);
    this.waiting.clear();
    this.idle();
  }

  /** Stops the workers: a pool replaced, or (stopRowWorkers) one stopped mid-stream as a dying worker would be. */
  async stop(): Promise<void> {
    this.broken = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  run(job: Omit<RowJob, "id">): Promise<Buffer> {
    if (this.broken) return Promise.reject(new Error("a row worker stopped"));
    const id = this.nextJob++;
    const worker = this.workers[this.nextWorker++ % this.workers.length] as Worker;
    // Jobs waiting keep the process alive until they are answered.
    if (this.waiting.size === 0) for (const each of this.workers) each.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const transfer = [job.positions.buffer, job.updatedAt.buffer, ...(job.deletedAt === undefined ? [] : [job.deletedAt.buffer])] as ArrayBuffer[];
      worker.postMessage({ ...job, id }, transfer);
    });
  }
}

/** Row workers for a machine with this many cores: two fewer (the event loop's thread, the client reading), at most four. */
export function rowWorkersFor(cores: number): number {
  return Math.max(0, Math.min(4, cores - 2));
}

let pool: RowPool | undefined;
let unavailable = HERE === undefined;
let workerCount = rowWorkersFor(availableParallelism());
/** Failed pools replaced so far. */
let restarts = 0;

/**
 * Sets how many row workers write long streams from now on (0: none, every stream in this thread). For
 * tests, to use the workers on any machine; an idle pool of another size is stopped.
 */
export function useRowWorkers(count: number): void {
  restarts = 0;
  if (count === workerCount && pool?.broken !== true) return;
  workerCount = count;
  if (pool !== undefined && (active === 0 || pool.broken)) {
    void pool.stop();
    pool = undefined;
  }
}

/** How many workers the pool has, or undefined while there is none (started at the first long stream). For tests. */
export function rowPoolSize(): number | undefined {
  return pool?.size;
}

/**
 * Stops the row workers now, even mid-stream, as a worker that dies would: the streams waiting on them
 * fail (their clients see a cut answer), and the next long stream starts a new pool (see
 * MAX_POOL_RESTARTS). For tests of that path.
 */
export async function stopRowWorkers(): Promise<void> {
  await pool?.stop();
}

/** The pool, started at the first long stream; undefined where there can be none. */
function poolNow(): RowPool | undefined {
  if (unavailable || workerCount === 0) return undefined;
  if (pool?.broken === true && restarts < MAX_POOL_RESTARTS) {
    // What it was writing has failed already; its workers that still run are stopped.
    restarts++;
    void pool.stop();
    pool = undefined;
  }
  if (pool === undefined) {
    const here = HERE as string;
    const file = new URL(`../data/row-worker${here.endsWith(".ts") ? ".ts" : ".js"}`, here);
    if (!existsSync(fileURLToPath(file))) {
      unavailable = true;
      return undefined;
    }
    pool = new RowPool(file, workerCount);
  }
  return pool.broken ? undefined : pool;
}

/** How a stream's rows are written: as CSV rows, NDJSON lines, or JSON array elements (commas between). */
export type RowKind = RowJob["kind"];

/**
 * `head`, the rows of `rows` (positions in `records`), then `tail`, written by the row workers; or
 * undefined when they cannot (no workers, a short stream, records not generated by the layout): the
 * caller then writes them itself. `here` writes one block in this thread (blocks holding inserted records).
 * `onRows` hears how many rows each block held once the consumer has taken it.
 */
export function parallelRows(records: RecordSet, rows: RowSource, kind: RowKind, head: string, tail: string,
  here: (positions: Int32Array, leadingComma: boolean) => Buffer, onRows?: (count: number) => void): AsyncGenerator<Buffer> | undefined {
  const base = records.base;
  if (rows.length < PARALLEL_MIN_ROWS || !(base instanceof ProceduralLayout) || active >= MAX_PARALLEL_STREAMS) return undefined;
  const workers = poolNow();
  if (workers === undefined) return undefined;
  const blocks = Math.ceil(rows.length / BLOCK_ROWS);
  const inFlight = workers.size * 2;
  const block = (b: number): Promise<Buffer> => {
    const positions = Int32Array.from(rows.positions(b * BLOCK_ROWS, BLOCK_ROWS));
    const leadingComma = kind === "json" && b > 0;
    // Records inserted by churn are objects the workers do not have.
    if (positions.some((i) => i >= base.count)) return Promise.resolve(here(positions, leadingComma));
    return workers.run({
      seed: base.seed, count: base.count, nowSeconds: base.nowSeconds, kind, leadingComma, softDelete: records.softDelete, drifted: records.drifted, positions,
      updatedAt: Float64Array.from(positions, (i) => records.updatedAtOf(i)),
      deletedAt: records.softDelete ? Float64Array.from(positions, (i) => records.deletedAtOf(i) ?? Number.NaN) : undefined,
    });
  };
  return (async function* generate(): AsyncGenerator<Buffer> {
    active++;
    try {
      yield* blocksInOrder();
    } finally {
      active--;
    }
  })();

  async function* blocksInOrder(): AsyncGenerator<Buffer> {
    if (head !== "") yield Buffer.from(head);
    const pending: Promise<Buffer>[] = [];
    let submitted = 0;
    const submit = (): void => {
      if (submitted >= blocks) return;
      const next = block(submitted++);
      // A stream its client left may leave blocks unread: their failure is nobody's to handle.
      next.catch(() => undefined);
      pending.push(next);
    };
    for (let k = 0; k < inFlight; k++) submit();
    for (let b = 0; b < blocks; b++) {
      const bytes = await (pending.shift() as Promise<Buffer>);
      submit();
      yield bytes;
      onRows?.(Math.min(BLOCK_ROWS, rows.length - b * BLOCK_ROWS));
    }
    if (tail !== "") yield Buffer.from(tail);
  }
}

/**
 * A stream of rows of any records: by the row workers where they can (see parallelRows), else written in
 * this thread. JSON rows are array elements (commas between); `head` and `tail` go around them.
 */
export function rowStream(records: Exported, rows: RowSource, kind: RowKind, head = "", tail = "", onRows?: (count: number) => void): Iterable<Buffer> | AsyncIterable<Buffer> {
  const write = kind === "csv" ? csvWriter(records) : kind === "ndjson" ? ndjsonWriter(records) : jsonWriter(records);
  const separator = kind === "json" ? 0x2c : -1;
  const here = (positions: Int32Array, leadingComma: boolean): Buffer =>
    Buffer.concat([...byteChunks({ length: positions.length, positions: (start, count) => positions.subarray(start, start + count) }, write, leadingComma ? "," : "", separator)]);
  const parallel = records instanceof RecordSet ? parallelRows(records, rows, kind, head, tail, here, onRows) : undefined;
  return parallel ?? byteChunks(rows, write, head, separator, tail, onRows);
}
