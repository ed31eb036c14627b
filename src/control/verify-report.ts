/** The verifier's report as text for a terminal (`playground verify`). */
import type { Finding, VerifyReport } from "./verify.js";

const FINDINGS: readonly (readonly [keyof VerifyReport, string])[] = [
  ["missing", "missing: listed records your sync does not hold"],
  ["duplicated", "duplicated: held more than once"],
  ["stale", "stale: held with another updatedAt than the record has now"],
  ["deleted", "deleted: held although the record was deleted"],
  ["unknown", "unknown: ids the playground never had"],
];

/** Ids a terminal report lists per finding (the JSON report lists up to 100). */
export const REPORT_IDS = 10;
/** The widest line of the report. */
const WIDTH = 100;
const INDENT = " ".repeat(13);

/** Ids, a few to a line (as many as fit in 100 columns: two UUIDs), then how many were not listed. */
function idLines(finding: Finding): string[] {
  const shown = finding.ids.slice(0, REPORT_IDS);
  const words = [...shown.map((id, i) => (i < shown.length - 1 || finding.count > shown.length ? `${id},` : id))];
  if (finding.count > shown.length) words.push(`... (${finding.count - shown.length} more)`);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line !== "" && INDENT.length + line.length + 1 + word.length > WIDTH) {
      lines.push(INDENT + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, INDENT + line];
}

/**
 * The report for a terminal: a verdict, a count per finding and the first ids of each, no line over
 * 100 columns (ids longer than a line stand alone).
 * @example formatReport(report) // "OK: 200 records expected, 200 received; nothing missing, ...\n"
 */
export function formatReport(report: VerifyReport): string {
  const head = `${report.ok ? "OK" : "NOT OK"}: ${report.expected} record(s) expected, ${report.received} received`;
  const lines = [head];
  for (const [key, label] of FINDINGS) {
    const finding = report[key] as Finding;
    lines.push(`  ${String(finding.count).padStart(9)}  ${label}`);
    if (finding.count > 0) lines.push(...idLines(finding));
  }
  return `${lines.join("\n")}\n`;
}
