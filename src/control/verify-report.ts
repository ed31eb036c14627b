/** The verifier's report as text for a terminal (`playground verify`). */
import type { Finding, VerifyReport } from "./verify.js";

const FINDINGS: readonly (readonly [keyof VerifyReport, string])[] = [
  ["missing", "missing: listed records your sync does not hold"],
  ["duplicated", "duplicated: held more than once"],
  ["stale", "stale: held with another updatedAt than the record has now"],
  ["deleted", "deleted: held although the record was deleted"],
  ["unknown", "unknown: ids the playground never had"],
];

/**
 * @example formatReport(report) // "OK: 200 records expected, 200 received; nothing missing, ...\n"
 */
export function formatReport(report: VerifyReport): string {
  const head = `${report.ok ? "OK" : "NOT OK"}: ${report.expected} record(s) expected, ${report.received} received`;
  const lines = [head];
  for (const [key, label] of FINDINGS) {
    const finding = report[key] as Finding;
    lines.push(`  ${String(finding.count).padStart(9)}  ${label}`);
    if (finding.count > 0) {
      lines.push(`             ${finding.ids.join(", ")}${finding.count > finding.ids.length ? `, ... (${finding.count - finding.ids.length} more)` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
