/**
 * The verifier at scale: a playground with N records (default 1,000,000) is sent every record's id and
 * updatedAt as NDJSON (about 80 bytes a row), and the whole CSV export (extra columns ignored), each
 * written to a file first and then streamed from it. Prints the time from the first byte sent to the
 * report, and the server's RSS before and at its peak, against the upload's size.
 * Usage: npm run bench:verify [-- --records N]
 */
import { request, type IncomingMessage } from "node:http";
import { createReadStream, createWriteStream, mkdtempSync, type ReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { machineState, rssMiB, startChild, table } from "./bench-lib.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "1000000" } } });
const records = Number(values.records);
const dir = mkdtempSync(join(tmpdir(), "playground-verify-"));
console.log(`connector-playground verify bench: ${records} records; machine: ${machineState()}`);
const server = await startChild(["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--records", String(records)], join(dir, "server.log"), /(http:\/\/\S+)\n/);
const pid = server.process.pid!;

function get(path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => request(new URL(path, server.url), resolve).on("error", reject).end());
}

/** CSV rows of the export to NDJSON `{"id","updatedAt"}` lines, as they stream (UUIDs and timestamps never need quoting). */
function csvToNdjson(): Transform {
  let pending = "";
  let header = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (pending + chunk.toString("utf8")).split("\r\n");
      pending = lines.pop() ?? "";
      let out = "";
      for (const line of lines) {
        if (header) { header = false; continue; }
        // id first, updatedAt last: quoted fields in between may hold commas, so read from both ends.
        out += `{"id":"${line.slice(0, 36)}","updatedAt":"${line.slice(line.length - 20)}"}\n`;
      }
      done(null, out);
    },
  });
}

/** Streams `source` (through `transform`, if given) into POST /__playground/verify; resolves with the report, the time and the bytes sent. */
async function verify(source: ReadStream, type: string): Promise<{ ms: number; bytes: number; peak: number; report: { ok: boolean; expected: number; received: number } }> {
  let bytes = 0;
  let peak = rssMiB(pid);
  const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(pid)); }, 50);
  const began = performance.now();
  const answer = new Promise<string>((resolve, reject) => {
    const upload = request(new URL("/__playground/verify", server.url), { method: "POST", headers: { "Content-Type": type } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; }).on("end", () => resolve(text));
    });
    upload.on("error", reject);
    const counter = new Transform({ transform(chunk: Buffer, _encoding, done) { bytes += chunk.length; done(null, chunk); } });
    void pipeline(source, counter, upload);
  });
  const report = JSON.parse(await answer) as { ok: boolean; expected: number; received: number };
  const ms = performance.now() - began;
  clearInterval(sampler);
  return { ms, bytes, peak, report };
}

const rows: string[][] = [];
for (const [name, type, transform] of [["NDJSON {id, updatedAt}", "application/x-ndjson", true], ["the CSV export as is", "text/csv", false]] as const) {
  const file = join(dir, transform ? "synced.ndjson" : "synced.csv");
  await (transform ? pipeline(await get("/export/csv"), csvToNdjson(), createWriteStream(file)) : pipeline(await get("/export/csv"), createWriteStream(file)));
  const before = rssMiB(pid);
  const result = await verify(createReadStream(file), type);
  rows.push([name, (result.bytes / 1024 / 1024).toFixed(0), `${result.report.ok} (${result.report.received} of ${result.report.expected})`,
    (result.ms / 1000).toFixed(1), before.toFixed(0), result.peak.toFixed(0), (result.peak - before).toFixed(0)]);
}
console.log(table(["upload", "MiB sent", "ok (received of expected)", "seconds", "RSS before", "RSS peak", "growth MiB"], rows));
server.process.kill("SIGTERM");
