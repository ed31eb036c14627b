/**
 * `npm run bench:resources`: what declared resources cost to start and to hold. The built CLI started with
 * the built-in set at 1e9 records, then with the same plus a file of 10 resources at 1e9 records each
 * (every field kind among them); rounds interleaved. Prints the time to listening, the RSS after start and
 * after one first page of every endpoint, and each as a ratio to the built-in set alone.
 * Usage: npm run build && tsx scripts/bench-resources.ts [-- --rounds R]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { machineState, median, rssMiB, startChild, table } from "./bench-lib.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, cli: { type: "string", default: "dist/cli.js" } } });
const rounds = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), "playground-resources-"));
const RECORDS = 1_000_000_000;

const fields = {
  id: { kind: "id" }, name: { kind: "text", text: "name" }, email: { kind: "text", text: "email", nullable: 0.1 },
  amount: { kind: "decimal", min: 1, max: 5000 }, quantity: { kind: "integer", min: 1, max: 99 },
  status: { kind: "enum", values: { open: 3, paid: 5, void: 1 } }, active: { kind: "boolean" }, due: { kind: "date" },
  address: { kind: "object", fields: { city: { kind: "text", text: "city" }, phone: { kind: "text", text: "phone" } } },
  tags: { kind: "array", items: { kind: "text", text: "words" }, max: 3 }, owner: { kind: "reference", resource: "r0" },
  updated: { kind: "timestamp" },
};
const styles = ["offset", "page", "next_url", "link", "cursor", "keyset"];
const resources = Array.from({ length: 10 }, (_, i) => ({
  name: `r${i}`, path: `/v1/r${i}`, records: RECORDS, fields,
  api: { pagination: { style: styles[i % styles.length] }, ...(styles[i % styles.length] === "link" ? { envelope: { data: "" } } : {}) },
}));
const file = join(dir, "ten.json");
writeFileSync(file, JSON.stringify({ resources }));

const runs = { builtIn: { start: [] as number[], rss: [] as number[], served: [] as number[] }, declared: { start: [] as number[], rss: [] as number[], served: [] as number[] } };
console.log(`machine: ${machineState()}; ${rounds} rounds; 10 resources × ${RECORDS} records`);
for (let round = 0; round < rounds; round++) {
  for (const [name, extra] of (round % 2 === 0 ? [["builtIn", []], ["declared", ["--resources", file]]] : [["declared", ["--resources", file]], ["builtIn", []]]) as [keyof typeof runs, string[]][]) {
    const child = await startChild([values.cli, "start", "--port", "0", "--quiet", "--seed", "5", "--records", String(RECORDS), ...extra],
      join(dir, `${name}.log`), /(http:\/\/\S+)\n/);
    runs[name].start.push(child.startedMs);
    runs[name].rss.push(rssMiB(child.process.pid!));
    const paths = ["/pagination/offset?limit=50", ...(name === "declared" ? resources.map((r) => `${r.path}?${r.api.pagination.style === "page" ? "per_page" : "limit"}=50`) : [])];
    for (const path of paths) {
      const answer = await fetch(new URL(path, child.url));
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
      await answer.arrayBuffer();
    }
    runs[name].served.push(rssMiB(child.process.pid!));
    child.process.kill();
  }
}
const row = (label: string, pick: (run: (typeof runs)["builtIn"]) => number[], unit: string): string[] => {
  const a = median(pick(runs.builtIn));
  const b = median(pick(runs.declared));
  return [label, `${a.toFixed(1)} ${unit}`, `${b.toFixed(1)} ${unit}`, (b / a).toFixed(2)];
};
console.log(table(["measure (medians)", "built-in at 1e9", "+ 10 declared at 1e9", "ratio"], [
  row("start-up to listening", (run) => run.start, "ms"),
  row("RSS after start", (run) => run.rss, "MiB"),
  row("RSS after a first page of every endpoint", (run) => run.served, "MiB"),
]));
