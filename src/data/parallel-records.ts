/**
 * Large record sets are generated on two threads: this thread makes the first half while a worker makes
 * the second, both writing into one shared buffer, and this thread waits (Atomics.wait) for the worker,
 * so building stays synchronous. Each half has its own seeded stream, so the data is still a pure
 * function of seed, count and clock. If the worker cannot run, this thread makes the second half itself.
 */
import { Worker } from "node:worker_threads";
import { maxRecordJsonBytes } from "./fake.js";
import { Prng } from "./prng.js";
import { buildRecordSet, generatePart, RecordSet, slotSeconds, writeUpdatedAtText, type RecordStorage } from "./records.js";

/** Below this many records one thread is faster than starting a worker. */
export const PARALLEL_MIN_RECORDS = 100_000;
/** How long a worker that has not even started may keep this thread waiting before it does the work itself. */
const START_GRACE_MS = 1_000;
const WORKER_TIMEOUT_MS = 120_000;
/** The worker's progress in `PartJob.flag`. */
export const PART_WORKING = 0;
export const PART_DONE = 1;
export const PART_FAILED = 2;
export const PART_STARTED = 3;

/** Shared memory for records [from, to): their bytes region and their slices of the per-record arrays. */
function storageFor(shared: SharedStorage, from: number, to: number, byteOffset: number, byteLength: number): RecordStorage {
  return {
    bytes: Buffer.from(shared.bytes, byteOffset, byteLength),
    starts: new Float64Array(shared.starts, from * 8, to - from),
    ends: new Float64Array(shared.ends, from * 8, to - from),
    createdAt: new Float64Array(shared.createdAt, from * 8, to - from),
    updatedAt: new Float64Array(shared.updatedAt, from * 8, to - from),
  };
}

export interface SharedStorage {
  readonly bytes: SharedArrayBuffer;
  readonly starts: SharedArrayBuffer;
  readonly ends: SharedArrayBuffer;
  readonly createdAt: SharedArrayBuffer;
  readonly updatedAt: SharedArrayBuffer;
}

/** What the worker is asked to do (record-worker.ts). */
export interface PartJob {
  readonly seed: number;
  readonly count: number;
  readonly nowSeconds: number;
  readonly from: number;
  readonly to: number;
  readonly byteOffset: number;
  readonly byteLength: number;
  readonly shared: SharedStorage;
  /** PART_WORKING, then PART_STARTED, then PART_DONE or PART_FAILED. */
  readonly flag: Int32Array;
}

/** Runs a job (in the worker, or here as the fallback). */
export function runPart(job: PartJob): void {
  generatePart(new Prng(job.seed), job.count, job.nowSeconds, job.from, job.to, storageFor(job.shared, job.from, job.to, job.byteOffset, job.byteLength));
}

function startWorker(job: PartJob): Worker | undefined {
  // Running from TypeScript sources (under a loader such as tsx), a worker could not load them.
  if (import.meta.url.endsWith(".ts")) return undefined;
  const entry = new URL("./record-worker.js", import.meta.url);
  try {
    const worker = new Worker(entry, { workerData: job });
    worker.unref();
    // Failures show in the flag; the event only keeps an unhandled error from crashing the process.
    worker.on("error", () => undefined);
    return worker;
  } catch {
    return undefined;
  }
}

/**
 * Records i and i + 1 may share an updatedAt only if they were made by different threads (each
 * thread keeps its own neighbours distinct): move record `i + 1` to another free second of its window.
 */
export function separateAtSeam(records: { createdAt: Float64Array; updatedAt: Float64Array; bytes: Buffer; ends: Float64Array }, seam: number,
  count: number, nowSeconds: number): void {
  const { createdAt, updatedAt } = records;
  if (updatedAt[seam - 1] !== updatedAt[seam]) return;
  const latest = Math.min((createdAt[seam] as number) + slotSeconds(count) - 1, nowSeconds - 1);
  for (let candidate = createdAt[seam] as number; candidate <= latest; candidate++) {
    if (candidate !== updatedAt[seam - 1] && candidate !== updatedAt[seam + 1]) {
      updatedAt[seam] = candidate;
      writeUpdatedAtText(records.bytes, records.ends[seam] as number, candidate);
      return;
    }
  }
}

/**
 * Generates and indexes `count` records, on two threads when there are enough of them. `useWorker`
 * false makes this thread do both halves (the same data: the fallback, and what tests compare against).
 */
export function buildRecordSetInParallel(rng: Prng, count: number, nowSeconds: number, useWorker = true, softDelete = false): RecordSet {
  if (count < PARALLEL_MIN_RECORDS) return buildRecordSet(rng, count, nowSeconds, softDelete);
  const half = Math.floor(count / 2);
  const secondSeed = rng.nextUint32();
  const bound = maxRecordJsonBytes();
  const firstBytes = half * bound;
  const secondBytes = (count - half) * bound;
  const shared: SharedStorage = {
    // Only the pages actually written take memory; the unused tail of each region never does.
    bytes: new SharedArrayBuffer(firstBytes + secondBytes),
    starts: new SharedArrayBuffer(count * 8),
    ends: new SharedArrayBuffer(count * 8),
    createdAt: new SharedArrayBuffer(count * 8),
    updatedAt: new SharedArrayBuffer(count * 8),
  };
  const job: PartJob = {
    seed: secondSeed, count, nowSeconds, from: half, to: count, byteOffset: firstBytes, byteLength: secondBytes, shared,
    flag: new Int32Array(new SharedArrayBuffer(4)),
  };
  const worker = useWorker ? startWorker(job) : undefined;
  generatePart(rng, count, nowSeconds, 0, half, storageFor(shared, 0, half, 0, firstBytes));
  if (worker !== undefined) {
    // A worker that never started (it failed to load) must not keep this thread waiting long.
    Atomics.wait(job.flag, 0, PART_WORKING, START_GRACE_MS);
    if (Atomics.load(job.flag, 0) === PART_STARTED) Atomics.wait(job.flag, 0, PART_STARTED, WORKER_TIMEOUT_MS);
  }
  if (Atomics.load(job.flag, 0) !== PART_DONE) {
    void worker?.terminate();
    runPart(job);
  }
  const starts = new Float64Array(shared.starts);
  const ends = new Float64Array(shared.ends);
  // The worker's offsets are relative to its region.
  for (let i = half; i < count; i++) {
    starts[i] = (starts[i] as number) + firstBytes;
    ends[i] = (ends[i] as number) + firstBytes;
  }
  const bytes = Buffer.from(shared.bytes);
  const createdAt = new Float64Array(shared.createdAt);
  const updatedAt = new Float64Array(shared.updatedAt);
  separateAtSeam({ createdAt, updatedAt, bytes, ends }, half, count, nowSeconds);
  return new RecordSet(bytes, starts, ends, createdAt, updatedAt, softDelete);
}
