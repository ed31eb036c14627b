/**
 * The longest wait of another client while one downloads at full speed (issue 22): the CLI with
 * `--records N` (default 1,000,000) serves `/export/csv` and `/incremental/timestamp` uncompressed to a
 * reader that takes bytes as fast as it can, while a second client pings `/__playground/health` every
 * 5 ms (scripts/stall-probe.ts). Each path is downloaded `--rounds` times alone and `--rounds` times
 * with the pings; the table shows the median MB/s of each and the longest ping wait. `--cli FILE` measures another build (e.g. an earlier main's
 * dist/cli.js) the same way, for an A/B in one run.
 * Usage: npm run bench:stall [-- --records N --rounds R --cli dist/cli.js]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { machineState, median, startChild, table } from "./bench-lib.js";
import { probeStall, type StallReading } from "./stall-probe.js";

const { values } = parseArgs({
  options: { records: { type: "string", default: "1000000" }, rounds: { type: "string", default: "3" }, cli: { type: "string", multiple: true, default: ["dist/cli.js"] } },
});
const dir = mkdtempSync(join(tmpdir(), "playground-stall-"));
const rows: string[][] = [];
for (const cli of values.cli) {
  const child = await startChild([cli, "start", "--port", "0", "--quiet", "--seed", "7", "--epoch", "2026-06-01T00:00:00Z", "--records", values.records],
    join(dir, "cli.log"), /(http:\/\/\S+)\n/);
  try {
    for (const path of ["/export/csv", "/incremental/timestamp"]) {
      // Alone (the download's own speed), then with the pinging client (how long it waits).
      const alone: StallReading[] = [];
      const pinged: StallReading[] = [];
      for (let round = 0; round < Number(values.rounds); round++) {
        alone.push(await probeStall(child.url, path, "identity", false));
        pinged.push(await probeStall(child.url, path));
      }
      const mbps = (readings: StallReading[]): string => median(readings.map((reading) => reading.bytes / 1e6 / reading.seconds)).toFixed(1);
      const stall = Math.max(...pinged.map((reading) => reading.maxWaitMs));
      rows.push([cli, path, `${((alone[0]?.bytes ?? 0) / 1e6).toFixed(0)} MB`, mbps(alone), mbps(pinged), String(stall), String(median(pinged.map((r) => r.answeredDuring)))]);
    }
  } finally {
    child.process.kill("SIGTERM");
  }
}
process.stdout.write(`${machineState()}\n${values.records} records, uncompressed, ${values.rounds} rounds each\n`);
process.stdout.write(`${table(["build", "path", "size", "MB/s alone", "MB/s while pinged", "longest ping wait, ms", "pings answered mid-download"], rows)}\n`);
