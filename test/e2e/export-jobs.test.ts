/** Bulk export jobs: states on the injected clock, the snapshot, CSV/NDJSON/gzip files, failures, expiry, bounds, seeded timing. */
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { JOB_MESSAGES } from "../../src/api/export-jobs.js";
import { MESSAGES } from "../../src/errors.js";
import { MAX_JOBS } from "../../src/run/export-jobs.js";
import { getJson, send, start, type Started } from "../helpers.js";

async function createJob(server: Started, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const reply = await send(server.url, "/export/jobs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: reply.status, headers: reply.headers, body: JSON.parse(reply.text) };
}

/** Raw bytes (no client-side decompression). */
function bytes(server: Started, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((done, fail) => {
    request(new URL(path, server.url), (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", fail).end();
  });
}

test("a job goes queued, running with progress, completed with a download URL; its file is the snapshot taken when it was created", async () => {
  const server = await start({ seed: 2, records: 40, exportJobSeconds: 10, churnMix: "update:1,insert:1,delete:1" });
  try {
    const exportBefore = (await send(server.url, "/export/csv")).text;
    const created = await createJob(server, { format: "csv" });
    const id = created.body.job_id as string;
    assert.match(id, /^job_[0-9a-f]{12}$/);
    const statusUrl = `${server.url.origin}/export/jobs/${id}`;
    assert.deepEqual([created.status, created.headers.location, created.body], [202, statusUrl, { job_id: id, status: "queued", status_url: statusUrl }]);
    assert.equal(created.headers["cache-control"], "no-store");
    const seen: string[] = [(await getJson(server.url, `/export/jobs/${id}`)).body.status];
    // The data changes after the job was created: the file does not.
    server.advance(1_000);
    assert.ok(server.playground.churn(1).length > 0);
    let last: any;
    for (let elapsed = 0; elapsed <= 13_000; elapsed += 500) {
      last = (await getJson(server.url, `/export/jobs/${id}`)).body;
      if (seen.at(-1) !== last.status) seen.push(last.status);
      if (last.status === "running") assert.ok(last.progress >= 0 && last.progress <= 99, String(last.progress));
      if (last.status === "queued") assert.equal("progress" in last, false);
      server.advance(500);
    }
    assert.deepEqual(seen, ["queued", "running", "completed"]);
    assert.deepEqual(last, {
      job_id: id, status: "completed", format: "csv", compression: null, updated_since: null, records: 40,
      created_at: "2026-11-28T12:00:00Z", progress: 100, download_url: `${statusUrl}/file`, expires_at: last.expires_at,
    });
    const file = await send(server.url, `/export/jobs/${id}/file`);
    assert.deepEqual([file.status, file.headers["content-type"], file.headers["content-disposition"]], [200, "text/csv; charset=utf-8", `attachment; filename=${id}.csv`]);
    assert.equal(file.text, exportBefore);
    assert.notEqual((await send(server.url, "/export/csv")).text, exportBefore, "while the live export changed");
    // Expiry: an hour after completion the job and its file are gone.
    const expires = Date.parse(last.expires_at);
    server.advance(expires - (Date.UTC(2026, 10, 28, 12) + 1_000 + 13_500) - 1);
    assert.equal((await send(server.url, `/export/jobs/${id}/file`)).status, 200, "a millisecond before expires_at");
    server.advance(1);
    assert.equal((await send(server.url, `/export/jobs/${id}`)).status, 404);
    assert.deepEqual(JSON.parse((await send(server.url, `/export/jobs/${id}/file`)).text), { error: JOB_MESSAGES.notFound(id) });
  } finally {
    await server.playground.close();
  }
});

test("NDJSON and gzip files, with updated_since, equal the list endpoints' snapshot", async () => {
  const server = await start({ seed: 2, records: 60, exportJobSeconds: 1 });
  try {
    const all = (await getJson(server.url, "/pagination/offset?limit=50&order_by=createdAt")).body.data.concat(
      (await getJson(server.url, "/pagination/offset?limit=50&offset=50&order_by=createdAt")).body.data) as { updatedAt: string }[];
    const since = [...all].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[30]!.updatedAt;
    const ndjson = await createJob(server, { format: "ndjson", updated_since: since });
    const gzip = await createJob(server, { format: "csv", compression: "gzip" });
    server.advance(2_000);
    const lines = (await send(server.url, `/export/jobs/${ndjson.body.job_id}/file`)).text.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines, all.filter((row) => row.updatedAt >= since), "the filter applied, creation order");
    assert.equal(lines.length, 30);
    const status = (await getJson(server.url, `/export/jobs/${ndjson.body.job_id}`)).body;
    assert.deepEqual([status.format, status.updated_since, status.records], ["ndjson", since, 30]);
    const file = await bytes(server, `/export/jobs/${gzip.body.job_id}/file`);
    assert.deepEqual([file.status, file.headers["content-type"], file.headers["content-disposition"], file.headers["content-encoding"]],
      [200, "application/gzip", `attachment; filename=${gzip.body.job_id}.csv.gz`, undefined]);
    assert.equal(gunzipSync(file.body).toString(), (await send(server.url, "/export/csv")).text);
  } finally {
    await server.playground.close();
  }
});

test("a small file kept as its own journal preview is not written over by the next stream's chunks", async () => {
  const server = await start({ seed: 2, records: 40, exportJobSeconds: 1 });
  try {
    const csv = (await createJob(server, { format: "csv" })).body.job_id as string;
    const ndjson = (await createJob(server, { format: "ndjson" })).body.job_id as string;
    server.advance(2_000);
    // One chunk each: the first file's chunk is its preview (by reference), then the second file streams.
    const first = await send(server.url, `/export/jobs/${csv}/file`);
    const seq = server.playground.requests().at(-1)!.seq;
    const second = await send(server.url, `/export/jobs/${ndjson}/file`);
    assert.ok(first.text.length < 16_384 && first.text.startsWith("id,name,") && second.text.startsWith('{"id":'));
    const detail = (await getJson(server.url, `/__playground/requests/${seq}`)).body as { responsePreview: string };
    assert.equal(detail.responsePreview, first.text.slice(0, 4096));
  } finally {
    await server.playground.close();
  }
});

test("not ready is 409, unknown 404, bad requests 400; with --error-rate a share of jobs fail; at most 20 jobs are kept; timing is seeded", async () => {
  const server = await start({ seed: 2, records: 10, exportJobSeconds: 4 });
  try {
    const job = (await createJob(server, { format: "csv" })).body.job_id as string;
    const early = await send(server.url, `/export/jobs/${job}/file`);
    assert.deepEqual([early.status, JSON.parse(early.text)], [409, { error: JOB_MESSAGES.notReady(job, "queued") }]);
    assert.deepEqual(JSON.parse((await send(server.url, "/export/jobs/job_nope")).text), { error: JOB_MESSAGES.notFound("job_nope") });
    const bad: [unknown, string][] = [
      [[], JOB_MESSAGES.body], [{ format: "xml" }, JOB_MESSAGES.format], [{}, JOB_MESSAGES.format], [{ format: "csv", compression: "br" }, JOB_MESSAGES.compression],
      [{ format: "csv", updated_since: "yesterday" }, MESSAGES.timestampNotUtc("updated_since")], [{ format: "csv", when: 1 }, "Unexpected field 'when': use format, updated_since and compression"],
    ];
    for (const [body, error] of bad) assert.deepEqual(await createJob(server, body).then((r) => [r.status, r.body]), [400, { error }], JSON.stringify(body));
    // Failures: every job fails at error rate 1 (faults kept off the API paths themselves).
    server.playground.setFaults({ errorRate: 1, faultPaths: ["/nothing"] });
    const doomed = (await createJob(server, { format: "csv" })).body.job_id as string;
    server.advance(6_000);
    const failed = (await getJson(server.url, `/export/jobs/${doomed}`)).body;
    assert.deepEqual([failed.status, failed.error, "download_url" in failed], ["failed", JOB_MESSAGES.failed, false]);
    assert.equal((await send(server.url, `/export/jobs/${doomed}/file`)).status, 409);
    server.playground.setFaults({});
    // Bounded: the oldest job is forgotten once more than MAX_JOBS exist.
    const ids: string[] = [];
    for (let k = 0; k < MAX_JOBS; k++) ids.push((await createJob(server, { format: "ndjson" })).body.job_id);
    assert.equal((await send(server.url, `/export/jobs/${job}`)).status, 404);
    assert.equal((await send(server.url, `/export/jobs/${ids[0]}`)).status, 200);
  } finally {
    await server.playground.close();
  }
  // The same seed gives the same job ids and the same moments of change.
  const timeline = async (): Promise<string[]> => {
    const twin = await start({ seed: 5, records: 10 });
    try {
      const id = (await createJob(twin, { format: "csv" })).body.job_id as string;
      const states: string[] = [id];
      for (let k = 0; k < 16; k++) {
        states.push((await getJson(twin.url, `/export/jobs/${id}`)).body.status);
        twin.advance(500);
      }
      return states;
    } finally {
      await twin.playground.close();
    }
  };
  assert.deepEqual(await timeline(), await timeline());
});

test("--require-auth guards the export jobs; reset forgets them", async () => {
  const server = await start({ seed: 2, records: 10, requireAuth: "bearer" });
  try {
    const refused = await createJob(server, { format: "csv" });
    assert.deepEqual([refused.status, refused.body], [401, { error: "Authorization header is missing" }]);
    const reply = await send(server.url, "/export/jobs", {
      method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.playground.credentials.bearer}` }, body: '{"format":"csv"}',
    });
    assert.equal(reply.status, 202);
    const id = JSON.parse(reply.text).job_id as string;
    server.playground.reset();
    assert.equal((await send(server.url, `/export/jobs/${id}`, { headers: { Authorization: `Bearer ${server.playground.credentials.bearer}` } })).status, 404);
  } finally {
    await server.playground.close();
  }
});

test("updated_since has one parser and one message, whether it arrives in the query, a JSON body or a form", async () => {
  const server = await start({ seed: 2, records: 10 });
  try {
    const cases: [string, string][] = [
      ["2024-01-01", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
      ["2024-13-01T00:00:00Z", "Invalid date format for 'updated_since'. Use 'YYYY-MM-DDTHH:MM:SSZ'"],
    ];
    for (const [value, message] of cases) {
      const query = await send(server.url, `/pagination/offset?updated_since=${value}`);
      const json = await send(server.url, "/export/jobs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ format: "csv", updated_since: value }) });
      const form = await send(server.url, "/export/jobs", {
        method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ format: "csv", updated_since: value }).toString(),
      });
      for (const reply of [query, json, form]) assert.deepEqual([reply.status, JSON.parse(reply.text)], [400, { error: message }], value);
    }
    // A number is no timestamp either: the format message.
    const number = await send(server.url, "/export/jobs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ format: "csv", updated_since: 1704067200 }) });
    assert.deepEqual(JSON.parse(number.text), { error: "Invalid date format for 'updated_since'. Use 'YYYY-MM-DDTHH:MM:SSZ'" });
    // And a good value is taken from a form as from JSON.
    const good = await send(server.url, "/export/jobs", {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "format=ndjson&updated_since=2024-01-01T00:00:00Z",
    });
    assert.equal(good.status, 202);
    const status = (await getJson(server.url, new URL(String(good.headers.location)).pathname)).body;
    assert.deepEqual([status.format, status.updated_since], ["ndjson", "2024-01-01T00:00:00Z"]);
  } finally {
    await server.playground.close();
  }
});
