/**
 * A run's bulk export jobs: each a snapshot of the records taken when it was made (the record set's
 * overlay of changes, small, never the records), with seeded timing (queued, running, then completed or
 * failed) on the playground's clock. The endpoints that show them are in src/api/export-jobs.ts.
 */
import { Prng } from "../data/prng.js";
import { MAX_JOBS } from "../errors.js";

export { MAX_JOBS };
import type { RecordView } from "../data/views.js";
import type { Exported } from "../data/serialize.js";

/** How long a completed job's file can be downloaded, in seconds of the playground's clock. */
export const JOB_FILE_TTL_SECONDS = 3600;
export const DEFAULT_JOB_SECONDS = 6;

/** The records as they were when the job was made, and the job's rows among them (creation order). */
export interface Snapshot {
  readonly records: Exported;
  readonly view: RecordView;
}

export interface Job {
  readonly id: string;
  readonly format: "csv" | "ndjson";
  readonly gzip: boolean;
  readonly updatedSince: number | undefined;
  /** The declared resource exported (undefined: the built-in records). */
  readonly resource?: string;
  readonly createdMs: number;
  /** When it starts running and when it ends (playground ms). */
  readonly runningMs: number;
  readonly endMs: number;
  readonly fails: boolean;
  readonly snapshot: Snapshot;
}

/** A server's export jobs, their seeded timing and failures. */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly stream: Prng;
  private readonly start: readonly [number, number, number, number];

  constructor(seed: number, readonly jobSeconds: number) {
    this.stream = new Prng(seed);
    this.start = this.stream.save();
  }

  /** Back to none, with the timing stream at its start (the control plane's reset). */
  reset(): void {
    this.jobs.clear();
    this.stream.load(this.start);
  }

  /** A new job over a snapshot of `records` taken now; it fails (by the seeded stream) at `errorRate`. */
  create(records: Exported, errorRate: number, nowMs: number, format: Job["format"], gzip: boolean, updatedSince: number | undefined, resource?: string): Job {
    const rng = this.stream;
    const id = `job_${rng.hex(12)}`;
    const total = this.jobSeconds * 1000;
    // A quarter to a half of the time queued, the rest running; the whole within ±20 % of the setting.
    const length = Math.round(total * (0.8 + rng.float() * 0.4));
    const queued = Math.round(length * (0.25 + rng.float() * 0.25));
    const fails = rng.float() < errorRate;
    const job: Job = {
      id, format, gzip, updatedSince, ...(resource === undefined ? {} : { resource }), createdMs: nowMs, runningMs: nowMs + queued, endMs: nowMs + length, fails, snapshot: takeSnapshot(records, updatedSince),
    };
    this.jobs.set(id, job);
    if (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    return job;
  }

  /** The job, or undefined when unknown or expired (an expired job is forgotten). */
  find(id: string, nowMs: number): Job | undefined {
    const job = this.jobs.get(id);
    if (job !== undefined && !job.fails && nowMs >= expiresMs(job)) {
      this.jobs.delete(id);
      return undefined;
    }
    return job;
  }
}

function takeSnapshot(records: Exported, updatedSince: number | undefined): Snapshot {
  const snapshot = records.snapshot();
  return { records: snapshot, view: snapshot.view("createdAt", "asc", updatedSince) };
}

/** When a completed job and its file are gone: the expires_at it states, to the second. */
export function expiresMs(job: Job): number {
  return (Math.floor(job.endMs / 1000) + JOB_FILE_TTL_SECONDS) * 1000;
}

export type Status = "queued" | "running" | "completed" | "failed";

export function statusOf(job: Job, nowMs: number): Status {
  if (nowMs < job.runningMs) return "queued";
  if (nowMs < job.endMs) return "running";
  return job.fails ? "failed" : "completed";
}
