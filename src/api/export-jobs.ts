/**
 * Bulk export jobs, the asynchronous pattern of bulk APIs: `POST /export/jobs` queues a job over a
 * snapshot of the records taken then; `GET /export/jobs/{id}` moves through queued, running (with
 * progress) and completed (with a download URL and an expiry) or failed, on the playground's clock with
 * seeded timing; `GET /export/jobs/{id}/file` streams the snapshot as CSV or NDJSON, gzip when asked.
 * A snapshot is the record set's overlay of changes at that moment (small), never the records.
 */
import { formatTimestamp } from "../codecs/timestamp.js";
import { expiresMs, statusOf, type Job } from "../run/export-jobs.js";
import { PlaygroundError, JOB_MESSAGES } from "../errors.js";

export { JOB_MESSAGES };
import { compressChunks } from "../codecs/encoding.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";
import { rowStream } from "../run/row-pool.js";
import { readBodyObject, readTimestampValue } from "../codecs/parameters.js";
import type { DeclaredResource } from "../resources/records.js";
import { resourceNamed } from "./declared.js";

const JSON_NO_STORE = { "Content-Type": "application/json", "Cache-Control": "no-store" } as const;

/** The job as its status endpoint describes it now. */
function describe(job: Job, nowMs: number, origin: string): Record<string, unknown> {
  const status = statusOf(job, nowMs);
  const answer: Record<string, unknown> = {
    job_id: job.id, ...(job.resource === undefined ? {} : { resource: job.resource }), status, format: job.format, compression: job.gzip ? "gzip" : null,
    updated_since: job.updatedSince === undefined ? null : formatTimestamp(job.updatedSince),
    records: job.snapshot.view.length, created_at: formatTimestamp(Math.floor(job.createdMs / 1000)),
  };
  if (status === "running") answer.progress = Math.min(99, Math.floor(((nowMs - job.runningMs) / (job.endMs - job.runningMs)) * 100));
  if (status === "completed") {
    answer.progress = 100;
    answer.download_url = `${origin}/export/jobs/${job.id}/file`;
    answer.expires_at = formatTimestamp(expiresMs(job) / 1000);
  }
  if (status === "failed") answer.error = JOB_MESSAGES.failed;
  return answer;
}

/** The job asked for: a JSON object, or the same fields form-encoded; `resource` names a declared resource. */
function readJobRequest(request: PlainRequest, state: Run): { format: Job["format"]; gzip: boolean; updatedSince: number | undefined; resource: DeclaredResource | undefined } {
  const fields = readBodyObject(request.body, request.headers["content-type"], JOB_MESSAGES.body, true);
  const known = state.declared === undefined ? ["format", "updated_since", "compression"] : ["format", "updated_since", "compression", "resource"];
  for (const name of Object.keys(fields)) if (!known.includes(name)) throw new PlaygroundError(400, JOB_MESSAGES.unknownField(name, known));
  if (fields.format !== "csv" && fields.format !== "ndjson") throw new PlaygroundError(400, JOB_MESSAGES.format);
  if (fields.compression !== undefined && fields.compression !== null && fields.compression !== "gzip") throw new PlaygroundError(400, JOB_MESSAGES.compression);
  // The same parser and message as the updated_since query parameter.
  const updatedSince = fields.updated_since === undefined || fields.updated_since === null ? undefined : readTimestampValue(fields.updated_since, "updated_since");
  const resource = fields.resource === undefined ? undefined : resourceNamed(state.declared, String(fields.resource));
  return { format: fields.format, gzip: fields.compression === "gzip", updatedSince, resource };
}

/** `POST /export/jobs`: 202 with the queued job and its Location. */
export function createExportJob(request: PlainRequest, state: Run): PlainResponse {
  const { format, gzip, updatedSince, resource } = readJobRequest(request, state);
  const job = state.exportJobs.create(resource ?? state.records, state.faults().errorRate, request.now, format, gzip, updatedSince, resource?.spec.name);
  const location = `${request.origin}/export/jobs/${job.id}`;
  return { status: 202, headers: { ...JSON_NO_STORE, Location: location }, body: JSON.stringify({ job_id: job.id, status: "queued", status_url: location }) };
}

function jobFor(request: PlainRequest, state: Run): Job {
  const id = request.params.job_id ?? "";
  const job = state.exportJobs.find(id, request.now);
  if (job === undefined) throw new PlaygroundError(404, JOB_MESSAGES.notFound(id));
  return job;
}

/** `GET /export/jobs/{job_id}`. */
export function exportJobStatus(request: PlainRequest, state: Run): PlainResponse {
  return { status: 200, headers: JSON_NO_STORE, body: JSON.stringify(describe(jobFor(request, state), request.now, request.origin)) };
}

/** `GET /export/jobs/{job_id}/file`: the snapshot, streamed; 409 until completed. */
export function exportJobFile(request: PlainRequest, state: Run): PlainResponse {
  const job = jobFor(request, state);
  const status = statusOf(job, request.now);
  if (status !== "completed") throw new PlaygroundError(409, JOB_MESSAGES.notReady(job.id, status));
  const extension = job.format === "csv" ? "csv" : "ndjson";
  const { records, view } = job.snapshot;
  const chunks = (): Iterable<Buffer> | AsyncIterable<Buffer> => (job.format === "csv" ? rowStream(records, view, "csv", records.csvHeader()) : rowStream(records, view, "ndjson"));
  return {
    status: 200,
    headers: {
      "Content-Type": job.gzip ? "application/gzip" : job.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "Content-Disposition": `attachment; filename=${job.id}.${extension}${job.gzip ? ".gz" : ""}`,
    },
    body: job.gzip ? () => compressChunks(chunks(), "gzip") : chunks,
  };
}
