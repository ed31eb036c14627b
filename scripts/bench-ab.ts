/**
 * A/B of two builds of the CLI on the hot paths, in one run with rounds interleaved (so both share the
 * machine's noise): a cached 50-record page, and uncached filtered pages (a new page and updated_since
 * every request) at 1,000,000 records. Prints each build's median req/s and B's ratio to A.
 * Usage: npm run build && tsx scripts/bench-ab.ts -- --a OLD/dist/cli.js --b dist/cli.js [--rounds R --seconds S]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createServer } from "../src/index.js";
import { hasWrk, machineState, median, runLoad, startChild, table, uncachedPaths } from "./bench-lib.js";

const { values } = parseArgs({
  options: {
    a: { type: "string" }, b: { type: "string", default: "dist/cli.js" },
    rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "4" }, connections: { type: "string", default: "16" },
  },
});
if (values.a === undefined) throw new Error("--a OLD/dist/cli.js is required");
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const useWrk = hasWrk();
const dir = mkdtempSync(join(tmpdir(), "playground-ab-"));
const EPOCH = "2026-01-01T00:00:00Z";
const RECORDS = 1_000_000;

// Uncached: a new page and updated_since on every request, both orders, from the middle record's updatedAt
// (as bench:scale does); the records are the same in both builds, so one in-process run finds it.
const probe = createServer({ seed: 3, epoch: EPOCH, records: RECORDS, log: false });
const probeUrl = await probe.listen(0, "127.0.0.1");
const middle = await (await fetch(new URL(`/pagination/offset?limit=1&offset=${RECORDS / 2}`, probeUrl))).json() as { data: { updatedAt: string }[] };
await probe.close();
const paths = uncachedPaths(Date.parse(middle.data[0]!.updatedAt), RECORDS, 20_000);
const pathsFile = join(dir, "paths.txt");
writeFileSync(pathsFile, paths.join("\n"));

const builds = [["A", values.a], ["B", values.b]] as const;
const cached: Record<string, number[]> = { A: [], B: [] };
const uncached: Record<string, number[]> = { A: [], B: [] };
console.log(`machine: ${machineState()}; load: ${useWrk ? "wrk" : "built-in"}; ${rounds} rounds of ${seconds} s, ${connections} connections`);
for (let round = 0; round < rounds; round++) {
  // Alternate which build goes first, so neither always runs on the warmer machine.
  for (const [name, cli] of round % 2 === 0 ? builds : [...builds].reverse()) {
    const small = await startChild([cli, "start", "--port", "0", "--quiet", "--seed", "3", "--epoch", EPOCH], join(dir, `${name}-small.log`), /(http:\/\/\S+)\n/);
    runLoad(new URL("/pagination/offset?limit=50", small.url).href, connections, 1, {}, useWrk);
    cached[name]!.push(runLoad(new URL("/pagination/offset?limit=50", small.url).href, connections, seconds, {}, useWrk).requestsPerSecond);
    small.process.kill();
    const large = await startChild([cli, "start", "--port", "0", "--quiet", "--seed", "3", "--epoch", EPOCH, "--records", String(RECORDS)],
      join(dir, `${name}-large.log`), /(http:\/\/\S+)\n/);
    runLoad(large.url.origin, connections, 1, {}, useWrk, pathsFile);
    uncached[name]!.push(runLoad(large.url.origin, connections, seconds, {}, useWrk, pathsFile).requestsPerSecond);
    large.process.kill();
  }
}
const row = (label: string, data: Record<string, number[]>): string[] => {
  const a = median(data.A!);
  const b = median(data.B!);
  return [label, a.toFixed(0), b.toFixed(0), (b / a).toFixed(3)];
};
console.log(table(["path", "A req/s", "B req/s", "B/A"], [row("cached 50-record page", cached), row("uncached filtered page, 1e6 records", uncached)]));
