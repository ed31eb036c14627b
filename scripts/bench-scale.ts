/**
 * Scale: start-up time, RSS and filtered-page throughput at 200, 20,000 and 1,000,000 records, the CSV
 * export's RSS growth at the largest size, and start-up with defaults against a bare node:http script.
 * Filtered pages use a different page and updated_since on every request, so no answer comes from the
 * cache: this measures the real per-request work.
 * Usage: npm run bench:scale [-- --sizes 200,20000,1000000 --seconds S]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hasWrk, machineState, median, rssMiB, runLoad, startChild, table } from "./bench-lib.js";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "200,20000,1000000" }, seconds: { type: "string", default: "4" } } });
const sizes = values.sizes.split(",").map(Number);
const seconds = Number(values.seconds);
const useWrk = hasWrk();
const dir = mkdtempSync(join(tmpdir(), "playground-scale-"));

async function firstAnswerMs(args: string[], path: string): Promise<number> {
  const child = await startChild(args, join(dir, "start.log"), /(http:\/\/\S+)\n/);
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      request(new URL(path, child.url), (res) => { res.resume().on("end", () => resolve(res.statusCode === 200)); }).on("error", () => resolve(false)).end();
    });
    if (ok) break;
  }
  const elapsed = child.startedMs;
  child.process.kill("SIGTERM");
  return elapsed;
}

/** Time from spawn to the first answered request, measured by a parent that polls right after the URL appears. */
async function startUpMs(args: string[], path: string): Promise<number> {
  const began = performance.now();
  const child = await startChild(args, join(dir, "start.log"), /(http:\/\/\S+)\n/);
  await new Promise<void>((resolve, reject) => {
    request(new URL(path, child.url), (res) => res.resume().on("end", () => resolve())).on("error", reject).end();
  });
  const elapsed = performance.now() - began;
  child.process.kill("SIGTERM");
  await new Promise((resolve) => child.process.once("exit", resolve));
  return elapsed;
}
void firstAnswerMs;

console.log(`connector-playground scale bench: sizes ${sizes.join(", ")}; ${seconds} s per load; load by ${useWrk ? "wrk -t1 -c16" : "scripts/load.ts"}`);
console.log(`machine: ${machineState()}`);

// Start-up with defaults against a bare node:http script (plain JavaScript, no loader).
const bareScript = join(dir, "bare.mjs");
writeFileSync(bareScript, `import { createServer } from "node:http";
const body = Buffer.from(JSON.stringify({ data: [] }));
const server = createServer((req, res) => { res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length }); res.end(body); });
server.listen(0, "127.0.0.1", () => process.stdout.write("http://127.0.0.1:" + server.address().port + "/\\n"));
process.on("SIGTERM", () => process.exit(0));
`);
const bareStarts: number[] = [];
const ourStarts: number[] = [];
for (let i = 0; i < 5; i++) {
  bareStarts.push(await startUpMs([bareScript], "/"));
  ourStarts.push(await startUpMs(["dist/cli.js", "start", "--port", "0", "--quiet"], "/pagination/page_number"));
}
console.log(`start-up to first answer with defaults (median of 5): playground ${median(ourStarts).toFixed(0)} ms, bare ${median(bareStarts).toFixed(0)} ms, ` +
  `ratio ${(median(ourStarts) / median(bareStarts)).toFixed(2)}`);

const rows: string[][] = [];
let baseline = Number.NaN;
for (const size of sizes) {
  const startMs = await startUpMs(["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--records", String(size)], "/pagination/offset?limit=1");
  const server = await startChild(["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--records", String(size)], join(dir, `scale-${size}.log`), /(http:\/\/\S+)\n/);
  const rssAfterStart = rssMiB(server.process.pid!);
  // Every request different: pages across the filtered range, updated_since jittered around the middle.
  const sample = JSON.parse(await new Promise<string>((resolve) => {
    request(new URL(`/pagination/offset?limit=1&offset=${Math.floor(size / 2)}`, server.url), (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; }).on("end", () => resolve(text));
    }).end();
  })) as { data: { updatedAt: string }[] };
  const middle = Date.parse(sample.data[0]!.updatedAt);
  // More distinct paths than any run sends, so no path is asked for twice (nothing is cached).
  const pages = Math.max(1, Math.floor(size / 2 / 50) - 1);
  const paths: string[] = [];
  for (let i = 0; i < 300_000; i++) {
    const since = new Date(middle - i * 1000).toISOString().replace(".000Z", "Z");
    paths.push(`/pagination/page_number?per_page=50&page=${(i * 7919) % pages + 1}&updated_since=${since}`);
  }
  const pathsFile = join(dir, `paths-${size}.txt`);
  writeFileSync(pathsFile, paths.join("\n") + "\n");
  const load = runLoad(new URL(paths[0]!, server.url).href, 16, seconds, {}, useWrk, pathsFile);
  if (Number.isNaN(baseline)) baseline = load.requestsPerSecond;
  const rssAfterLoad = rssMiB(server.process.pid!);
  let csv = "";
  if (size === sizes[sizes.length - 1]) {
    // Export everything with a consumer that stalls for 2 s after 20 MB: the server must wait, not buffer.
    const before = rssMiB(server.process.pid!);
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(server.process.pid!)); }, 50);
    const bytes = await new Promise<number>((resolve) => {
      request(new URL("/export/csv", server.url), (res) => {
        let received = 0;
        let stalled = false;
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (!stalled && received > 20 * 1024 * 1024) {
            stalled = true;
            res.pause();
            setTimeout(() => res.resume(), 2_000);
          }
        });
        res.on("end", () => resolve(received));
      }).end();
    });
    clearInterval(sampler);
    csv = `CSV export of ${size} rows: ${(bytes / 1024 / 1024).toFixed(0)} MiB streamed, server RSS ${before.toFixed(0)} -> peak ${peak.toFixed(0)} MiB (growth ${(peak - before).toFixed(0)} MiB)`;
  }
  server.process.kill("SIGTERM");
  rows.push([String(size), startMs.toFixed(0), rssAfterStart.toFixed(0), rssAfterLoad.toFixed(0), load.requestsPerSecond.toFixed(0),
    (load.requestsPerSecond / baseline).toFixed(2), load.p50Ms.toFixed(2), load.p99Ms.toFixed(2)]);
  if (csv !== "") console.log(csv);
}
console.log(table(["records", "start-up ms", "RSS MiB", "RSS after load", "filtered req/s", "vs smallest", "p50 ms", "p99 ms"], rows));
