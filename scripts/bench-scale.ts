/**
 * Scale: the targets of issue 16, as ratios measured in one run on this machine.
 * - start-up to the first answer and RSS after a filtered page, largest vs smallest size;
 * - uncached filtered pages (a new page and updated_since on every request, so nothing comes from the
 *   cache), largest vs smallest size, and vs bare node:http sending the same bytes;
 * - cached page50 vs bare node:http sending the same bytes;
 * - the CSV export streamed from the largest size, MB/s vs bare node:http streaming pre-built chunks of
 *   the same size, with RSS sampled every GiB;
 * - uncached filtered pages after a 100,000-tick churn overlay vs before it;
 * - issue 27's rows: the CSV export of 1,000,000 records (the whole file) vs bare node:http streaming
 *   the same bytes in 64 KiB chunks, and the longest wait of another client during it, and the same for a
 *   declared resource of 1,000,000 records, and an uncached page of 50 of its records vs bare; the cached
 *   page50 with the request log and journal on (the CLI's defaults) vs bare.
 * Usage: npm run bench:scale [-- --sizes 200,1000000000 --seconds S --csv-gib G]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hasWrk, machineState, median, rssMiB, runLoad, startChild, table, uncachedPaths } from "./bench-lib.js";
import { probeStall } from "./stall-probe.js";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "200,1000000000" }, seconds: { type: "string", default: "4" }, "csv-gib": { type: "string", default: "10" } },
});
const sizes = values.sizes.split(",").map(Number);
const seconds = Number(values.seconds);
const csvBytes = Number(values["csv-gib"]) * 1024 ** 3;
const useWrk = hasWrk();
const dir = mkdtempSync(join(tmpdir(), "playground-scale-"));
const EPOCH = "2026-06-01T00:00:00Z";
const CONNECTIONS = 16;

function get(url: URL, method = "GET", body?: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: body === undefined ? {} : { "Content-Type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve({
        status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks),
      }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Time from spawn to the first answered request, measured by a parent that polls right after the URL appears. */
async function startUpMs(args: string[], path: string): Promise<number> {
  const began = performance.now();
  const child = await startChild(args, join(dir, "start.log"), /(http:\/\/\S+)\n/);
  await get(new URL(path, child.url));
  const elapsed = performance.now() - began;
  child.process.kill("SIGTERM");
  await new Promise((resolve) => child.process.once("exit", resolve));
  return elapsed;
}

/** A bare node:http server answering every request with these bytes (and these headers). */
async function bareServer(name: string, body: Buffer, contentType: string) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ "/": { headers: { "Content-Type": contentType }, body: body.toString("base64") } }));
  return startChild(["--import", "tsx", "scripts/bare-server.ts", file], join(dir, `${name}.log`), /(http:\/\/\S+)\n/);
}

/**
 * A bare node:http server streaming chunks with backpressure: `setup` is the script's code before the
 * server (it defines `next(sent)`, the chunk after `sent` bytes, or undefined at the end).
 */
async function bareStreaming(name: string, setup: string) {
  const script = join(dir, `${name}.mjs`);
  writeFileSync(script, `import { createServer } from "node:http";
import { readFileSync } from "node:fs";
${setup}
createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/csv; charset=utf-8" });
  let sent = 0;
  const pump = () => {
    for (let chunk = next(sent); chunk !== undefined; chunk = next(sent)) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}).listen(0, "127.0.0.1", function () { process.stdout.write("http://127.0.0.1:" + this.address().port + "/\\n"); });
process.on("SIGTERM", () => process.exit(0));
`);
  return startChild([script], join(dir, `${name}.log`), /(http:\/\/\S+)\n/);
}

/** Bare node:http streaming `total` bytes of one pre-built chunk, again and again. */
function bareStreamer(chunk: Buffer, total: number) {
  return bareStreaming("bare-stream", `const chunk = Buffer.from(${JSON.stringify(chunk.toString("base64"))}, "base64");
const next = (sent) => (sent < ${total} ? chunk : undefined);`);
}

/** Bare node:http streaming the bytes of `file` (read into memory at start) in 64 KiB slices. */
function bareFileStreamer(file: string) {
  return bareStreaming("bare-file", `const bytes = readFileSync(${JSON.stringify(file)});
const next = (sent) => (sent < bytes.length ? bytes.subarray(sent, sent + 65536) : undefined);`);
}

/** Reads a streamed answer up to `limit` bytes as fast as it comes; RSS of `pid` sampled every GiB. */
function drain(url: URL, limit: number, pid?: number): Promise<{ bytes: number; ms: number; rss: number[]; chunkBytes: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const rss: number[] = [];
    let nextSample = 0;
    let bytes = 0;
    let chunkBytes = 0;
    const req = request(url, (res) => {
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        chunkBytes = Math.max(chunkBytes, chunk.length);
        if (pid !== undefined && bytes >= nextSample) {
          rss.push(rssMiB(pid));
          nextSample += 1024 ** 3;
        }
        if (bytes >= limit) {
          const ms = performance.now() - began;
          req.destroy();
          resolve({ bytes, ms, rss, chunkBytes });
        }
      });
      res.on("end", () => resolve({ bytes, ms: performance.now() - began, rss, chunkBytes }));
    });
    req.on("error", (error) => (bytes >= limit ? undefined : reject(error)));
    req.end();
  });
}

/** Paths for an uncached filtered load, written to a file of this run. */
function filteredPaths(name: string, middleMs: number, records: number): string {
  const file = join(dir, `paths-${name}.txt`);
  writeFileSync(file, uncachedPaths(middleMs, records, 300_000).join("\n") + "\n");
  return file;
}

const ratio = (a: number, b: number): string => (a / b).toFixed(2);

/** Medians of three rounds of `ours` and `bare`, measured in turn (the machine's spread hits both alike). */
function inTurn(ours: () => number, bare: () => number): { ours: number; bare: number } {
  const oursRates: number[] = [];
  const bareRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    oursRates.push(ours());
    bareRates.push(bare());
  }
  return { ours: median(oursRates), bare: median(bareRates) };
}

console.log(`connector-playground scale bench: sizes ${sizes.join(", ")}; ${seconds} s per load; load by ${useWrk ? `wrk -t1 -c${CONNECTIONS}` : "scripts/load.ts"}`);
console.log(`machine: ${machineState()}`);

interface SizeResult { size: number; startMs: number; rss: number; filtered: number; bare: number; pageBytes: number; url: URL; pathsFile: string; stop: () => void; pid: number; bareChild: { process: ChildProcess; url: URL } }
const results: SizeResult[] = [];
const argsFor = (size: number): string[] => ["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--epoch", EPOCH, "--records", String(size)];
// Start-up times, the sizes in turn (three rounds), so the machine's spread hits them alike.
const startTimes = new Map<number, number[]>(sizes.map((size) => [size, []]));
for (let round = 0; round < 3; round++) for (const size of sizes) startTimes.get(size)!.push(await startUpMs(argsFor(size), "/pagination/offset?limit=1"));
for (const size of sizes) {
  const args = argsFor(size);
  const starts = startTimes.get(size)!;
  const server = await startChild(args, join(dir, `scale-${size}.log`), /(http:\/\/\S+)\n/);
  const middle = JSON.parse((await get(new URL(`/pagination/offset?limit=1&offset=${Math.floor(size / 2)}`, server.url))).body.toString()) as { data: { updatedAt: string }[] };
  const middleMs = Date.parse(middle.data[0]!.updatedAt);
  const sample = await get(new URL(`/pagination/page_number?per_page=50&page=2&updated_since=${new Date(middleMs).toISOString().replace(".000Z", "Z")}`, server.url));
  const rss = rssMiB(server.process.pid!);
  const pathsFile = filteredPaths(String(size), middleMs, size);
  // A warm-up run first: the text fragments a server makes on demand are made once, as on any server running a while.
  runLoad(new URL("/", server.url).href, CONNECTIONS, seconds, {}, useWrk, pathsFile);
  const bare = await bareServer(`bare-${size}`, sample.body, "application/json");
  results.push({ size, startMs: median(starts), rss, filtered: 0, bare: 0, pageBytes: sample.body.length, url: server.url, pathsFile, pid: server.process.pid!,
    stop: () => server.process.kill("SIGTERM"), bareChild: bare });
}
// Rounds of every size and its bare server in turn (the machine's spread hits them alike); medians of 3.
const rounds = new Map<SizeResult, { filtered: number[]; bare: number[] }>(results.map((result) => [result, { filtered: [], bare: [] }]));
for (let round = 0; round < 3; round++) {
  for (const result of results) {
    rounds.get(result)!.filtered.push(runLoad(new URL("/", result.url).href, CONNECTIONS, seconds, {}, useWrk, result.pathsFile).requestsPerSecond);
    rounds.get(result)!.bare.push(runLoad(result.bareChild.url.href, CONNECTIONS, seconds, {}, useWrk).requestsPerSecond);
  }
}
for (const result of results) {
  result.filtered = median(rounds.get(result)!.filtered);
  result.bare = median(rounds.get(result)!.bare);
  result.bareChild.process.kill("SIGTERM");
  console.log(`${result.size} records: start-up ${result.startMs.toFixed(0)} ms, RSS after a filtered page ${result.rss.toFixed(0)} MiB, uncached filtered ${result.filtered.toFixed(0)} req/s, ` +
    `bare node:http with the same ${result.pageBytes} bytes ${result.bare.toFixed(0)} req/s (medians of 3)`);
}
const smallest = results[0]!;
const largest = results[results.length - 1]!;
for (const result of results.slice(0, -1)) result.stop();

// Cached page50 (the same URL every time, from the smallest size's stored answers) vs bare with its bytes.
const small = await startChild(["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--epoch", EPOCH], join(dir, "cached.log"), /(http:\/\/\S+)\n/);
const page50 = new URL("/pagination/page_number?per_page=50", small.url);
const page50Body = (await get(page50)).body;
const barePage50 = await bareServer("bare-page50", page50Body, "application/json");
const { ours: cached, bare: bareCached } = inTurn(() => runLoad(page50.href, CONNECTIONS, seconds, {}, useWrk).requestsPerSecond,
  () => runLoad(barePage50.url.href, CONNECTIONS, seconds, {}, useWrk).requestsPerSecond);
barePage50.process.kill("SIGTERM");
small.process.kill("SIGTERM");
console.log(`cached page50: ${cached.toFixed(0)} req/s, bare node:http with the same ${page50Body.length} bytes ${bareCached.toFixed(0)} req/s (medians of 3)`);

// The same page from the CLI as it runs by default: the request log on (to a file here) and the journal on.
const logged = await startChild(["dist/cli.js", "start", "--port", "0", "--seed", "3", "--epoch", EPOCH], join(dir, "logged.log"), /Starting Local API on port (\d+)/);
const loggedPage = new URL("/pagination/page_number?per_page=50", logged.url);
const barePage50Again = await bareServer("bare-page50-logged", page50Body, "application/json");
const { ours: loggedRate, bare: bareLogged } = inTurn(() => runLoad(loggedPage.href, CONNECTIONS, seconds, {}, useWrk).requestsPerSecond,
  () => runLoad(barePage50Again.url.href, CONNECTIONS, seconds, {}, useWrk).requestsPerSecond);
logged.process.kill("SIGTERM");
barePage50Again.process.kill("SIGTERM");
console.log(`cached page50, request log and journal on: ${loggedRate.toFixed(0)} req/s, bare ${bareLogged.toFixed(0)} req/s (medians of 3)`);

/**
 * A whole CSV export from a server started with `args`, against bare node:http streaming the same bytes
 * (medians of 3 rounds in turn), then the longest wait of another client during it (of 3).
 */
async function exportRow(name: string, args: string[], path: string): Promise<{ mbps: number; bare: number; bytes: number; stallMs: number; firstMbps: number }> {
  const server = await startChild(["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--epoch", EPOCH, ...args], join(dir, `${name}.log`), /(http:\/\/\S+)\n/);
  const file = join(dir, `${name}.csv`);
  // The fresh server's first export (it makes the text it meets as it goes); then the file bare streams.
  const first = await drain(new URL(path, server.url), Number.POSITIVE_INFINITY);
  const firstMbps = first.bytes / 1e6 / (first.ms / 1000);
  writeFileSync(file, (await get(new URL(path, server.url))).body);
  const fileStreamer = await bareFileStreamer(file);
  const rates: number[] = [];
  const bareRates: number[] = [];
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    const ours = await drain(new URL(path, server.url), Number.POSITIVE_INFINITY);
    const theirs = await drain(fileStreamer.url, Number.POSITIVE_INFINITY);
    bytes = ours.bytes;
    rates.push(ours.bytes / 1e6 / (ours.ms / 1000));
    bareRates.push(theirs.bytes / 1e6 / (theirs.ms / 1000));
  }
  fileStreamer.process.kill("SIGTERM");
  const stalls = [];
  for (let round = 0; round < 3; round++) stalls.push((await probeStall(server.url, path)).maxWaitMs);
  server.process.kill("SIGTERM");
  return { mbps: median(rates), bare: median(bareRates), bytes, stallMs: Math.max(...stalls), firstMbps };
}

// The CSV export of 1,000,000 records, the whole file, against bare node:http streaming the same bytes;
// then the longest wait of another client during it.
const million = await exportRow("million", ["--records", "1000000"], "/export/csv");
console.log(`CSV export of 1,000,000 records (${(million.bytes / 1e6).toFixed(0)} MB): ${million.mbps.toFixed(0)} MB/s, bare streaming the same bytes ${million.bare.toFixed(0)} MB/s ` +
  `(medians of 3; a fresh server's first export ${million.firstMbps.toFixed(0)} MB/s); another client's longest wait during it ${million.stallMs.toFixed(0)} ms`);

// The same for a declared resource of 1,000,000 records (README's invoices: a reference, a decimal, an
// enum, an array of objects with text, two timestamps).
const resourcesFile = join(dir, "invoices.json");
writeFileSync(resourcesFile, JSON.stringify({ resources: [
  { name: "customers", path: "/v1/customers", records: 500, fields: { id: { kind: "id", format: "sequence" }, name: { kind: "text", text: "name" }, updated: { kind: "timestamp" } } },
  { name: "invoices", path: "/v1/invoices", records: 1_000_000, cursor: "modified", fields: {
    id: { kind: "id" }, customer: { kind: "reference", resource: "customers" }, amount: { kind: "decimal", min: 10, max: 5000, scale: 2 },
    status: { kind: "enum", values: { paid: 8, open: 2 } },
    lines: { kind: "array", max: 3, items: { kind: "object", fields: { sku: { kind: "text", text: "words" }, qty: { kind: "integer", min: 1, max: 9 } } } },
    created: { kind: "timestamp" }, modified: { kind: "timestamp" },
  } },
] }));
const declared = await exportRow("declared", ["--resources", resourcesFile], "/export/csv/invoices");
console.log(`CSV export of 1,000,000 declared invoices (${(declared.bytes / 1e6).toFixed(0)} MB): ${declared.mbps.toFixed(0)} MB/s, bare streaming the same bytes ${declared.bare.toFixed(0)} MB/s ` +
  `(medians of 3); another client's longest wait during it ${declared.stallMs.toFixed(0)} ms`);

// An uncached page of 50 of those invoices (a new updated_since each request, so no answer is stored)
// against bare node:http answering with one such page's bytes.
const declaredPages = await startChild(["dist/cli.js", "start", "--port", "0", "--quiet", "--seed", "3", "--epoch", EPOCH, "--resources", resourcesFile],
  join(dir, "declared-pages.log"), /(http:\/\/\S+)\n/);
const declaredPathsFile = join(dir, "paths-declared.txt");
// A second apart (97 s) within the invoices' 11 years of slots, so every page is full.
const declaredPaths = Array.from({ length: 300_000 }, (_, i) =>
  `/v1/invoices?limit=50&updated_since=${new Date(Date.parse(EPOCH) - 3 * 365 * 86_400_000 + i * 97_000).toISOString().replace(".000Z", "Z")}`);
writeFileSync(declaredPathsFile, declaredPaths.join("\n") + "\n");
const declaredSample = await get(new URL(declaredPaths[0]!, declaredPages.url));
if (declaredSample.status !== 200 || JSON.parse(declaredSample.body.toString()).data.length !== 50) throw new Error(`declared page: ${declaredSample.status} ${declaredSample.body.toString().slice(0, 200)}`);
const bareDeclared = await bareServer("bare-declared-page", declaredSample.body, "application/json");
runLoad(new URL("/", declaredPages.url).href, CONNECTIONS, seconds, {}, useWrk, declaredPathsFile);
const declaredPage = inTurn(() => runLoad(new URL("/", declaredPages.url).href, CONNECTIONS, seconds, {}, useWrk, declaredPathsFile).requestsPerSecond,
  () => runLoad(bareDeclared.url.href, CONNECTIONS, seconds, {}, useWrk).requestsPerSecond);
declaredPages.process.kill("SIGTERM");
bareDeclared.process.kill("SIGTERM");
console.log(`uncached page of 50 declared invoices (${declaredSample.body.length} bytes): ${declaredPage.ours.toFixed(0)} req/s, bare node:http with the same bytes ${declaredPage.bare.toFixed(0)} req/s (medians of 3)`);

// The CSV export of the largest size, then bare node:http streaming pre-built chunks of the same size.
const csv = await drain(new URL("/export/csv", largest.url), csvBytes, largest.pid);
const csvMBps = csv.bytes / 1e6 / (csv.ms / 1000);
const firstChunk = (await new Promise<Buffer>((resolve) => {
  const req = request(new URL("/export/csv", largest.url), (res) => res.once("data", (chunk: Buffer) => { resolve(chunk); req.destroy(); }));
  req.on("error", () => undefined);
  req.end();
}));
const streamer = await bareStreamer(firstChunk, csvBytes);
const bareCsv = await drain(streamer.url, csvBytes);
streamer.process.kill("SIGTERM");
const bareMBps = bareCsv.bytes / 1e6 / (bareCsv.ms / 1000);
console.log(`CSV export of ${largest.size} records: ${(csv.bytes / 1024 ** 3).toFixed(1)} GiB at ${csvMBps.toFixed(0)} MB/s; bare node:http streaming ${firstChunk.length}-byte chunks ${bareMBps.toFixed(0)} MB/s; ` +
  `server RSS per GiB streamed: ${csv.rss.map((value) => value.toFixed(0)).join(", ")} MiB`);

// The baseline for the churn row: the same server, right before the changes (its fragment tables now warm from the export).
const beforeChurn = runLoad(new URL("/", largest.url).href, CONNECTIONS, seconds, {}, useWrk, largest.pathsFile).requestsPerSecond;
// A 100,000-tick churn overlay on the largest size: 100 x 1,000 ticks of mixed changes, the clock moved on
// before each so every tick has its free seconds (a tick changes one to three records, each at its own second).
const churnStarted = performance.now();
let changes = 0;
for (let k = 0; k < 100; k++) {
  await get(new URL("/__playground/clock", largest.url), "POST", JSON.stringify({ advance: 3000 }));
  const answer = await get(new URL("/__playground/churn", largest.url), "POST", JSON.stringify({ ticks: 1000, mix: "update:8,insert:1,delete:1" }));
  if (answer.status !== 200) throw new Error(`churn: ${answer.status} ${answer.body.toString()}`);
  changes += (JSON.parse(answer.body.toString()) as { changed: unknown[] }).changed.length;
}
const churnMs = performance.now() - churnStarted;
const config = JSON.parse((await get(new URL("/__playground/config", largest.url))).body.toString()) as { records: number };
const deleted = JSON.parse((await get(new URL("/incremental/deleted", largest.url))).body.toString()) as { data: unknown[] };
const churned = runLoad(new URL("/", largest.url).href, CONNECTIONS, seconds, {}, useWrk, largest.pathsFile).requestsPerSecond;
const churnedRss = rssMiB(largest.pid);
largest.stop();
console.log(`100,000 churn ticks applied in ${(churnMs / 1000).toFixed(1)} s (${changes} changes, ${deleted.data.length} of them deletions; ${config.records} listed records): ` +
  `uncached filtered ${churned.toFixed(0)} req/s (${beforeChurn.toFixed(0)} right before), RSS ${churnedRss.toFixed(0)} MiB`);

const rows = [
  ["Start-up to first answer, largest vs smallest", `${largest.startMs.toFixed(0)} vs ${smallest.startMs.toFixed(0)} ms`, ratio(largest.startMs, smallest.startMs), "<= 1.2"],
  ["RSS after a filtered page, largest vs smallest", `${largest.rss.toFixed(0)} vs ${smallest.rss.toFixed(0)} MiB`, ratio(largest.rss, smallest.rss),
    `<= 1.2 + 16 MiB (${(smallest.rss * 1.2 + 16).toFixed(0)} MiB)`],
  ["Uncached filtered page, largest vs smallest", `${largest.filtered.toFixed(0)} vs ${smallest.filtered.toFixed(0)} req/s`, ratio(largest.filtered, smallest.filtered), ">= 0.9"],
  ["Uncached filtered page vs bare, same bytes (largest)", `${largest.filtered.toFixed(0)} vs ${largest.bare.toFixed(0)} req/s`, ratio(largest.filtered, largest.bare), ">= 0.4"],
  ["Cached page50 vs bare, same bytes", `${cached.toFixed(0)} vs ${bareCached.toFixed(0)} req/s`, ratio(cached, bareCached), ">= 0.80"],
  ["CSV export vs bare streaming chunks", `${csvMBps.toFixed(0)} vs ${bareMBps.toFixed(0)} MB/s`, ratio(csvMBps, bareMBps), ">= 0.5"],
  ["CSV export RSS, first vs last GiB", `${csv.rss[0]?.toFixed(0)} -> ${csv.rss.at(-1)?.toFixed(0)} MiB over ${(csv.bytes / 1024 ** 3).toFixed(1)} GiB`,
    ratio(csv.rss.at(-1) ?? Number.NaN, csv.rss[0] ?? Number.NaN), "flat"],
  ["CSV export at 1e6 records vs bare streaming the same bytes", `${million.mbps.toFixed(0)} vs ${million.bare.toFixed(0)} MB/s`, ratio(million.mbps, million.bare), ">= 0.5"],
  ["CSV export at 1e6 records, a fresh server's first, vs bare", `${million.firstMbps.toFixed(0)} vs ${million.bare.toFixed(0)} MB/s`, ratio(million.firstMbps, million.bare), ">= 0.5"],
  ["Uncached declared page (50 invoices) vs bare, same bytes", `${declaredPage.ours.toFixed(0)} vs ${declaredPage.bare.toFixed(0)} req/s`, ratio(declaredPage.ours, declaredPage.bare), ">= 0.4"],
  ["CSV export of 1e6 declared records vs bare, same bytes", `${declared.mbps.toFixed(0)} vs ${declared.bare.toFixed(0)} MB/s`, ratio(declared.mbps, declared.bare), ">= 0.5"],
  ["Cached page50 vs bare, request log and journal on", `${loggedRate.toFixed(0)} vs ${bareLogged.toFixed(0)} req/s`, ratio(loggedRate, bareLogged), ">= 0.85"],
  ["Longest wait of another client during the 1e6 CSV export", `${million.stallMs.toFixed(0)} ms`, "-", "< 50 ms"],
  ["Longest wait of another client during the declared CSV export", `${declared.stallMs.toFixed(0)} ms`, "-", "< 50 ms"],
  ["100,000-tick churn overlay: filtered page vs none", `${churned.toFixed(0)} vs ${beforeChurn.toFixed(0)} req/s`, ratio(churned, beforeChurn), ">= 0.8"],
];
console.log(table(["Target", "Measured", "Ratio", "Goal"], rows));
