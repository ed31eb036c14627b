/** The request log in the werkzeug style users of the original know, and its colours. */
import { twoDigits } from "../codecs/timestamp.js";
import type { JournalEntry } from "../control/journal.js";
import type { ChurnChange } from "../run/settings.js";

/**
 * A structured log entry (`--json`, or a `log` function that declares a second parameter): every API
 * request as its journal entry; requests to the control plane and the pages in short; churn as it happens.
 */
export type LogEntry =
  | ({ readonly event: "request" } & JournalEntry)
  | { readonly event: "control" | "other"; readonly time: string; readonly method: string; readonly path: string; readonly status: number | null }
  | { readonly event: "churn"; readonly time: string; readonly changed: readonly ChurnChange[] };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];


/** `28/Nov/2026 01:44:28` in local time, as werkzeug prints it. */
export function formatLogDate(date: Date): string {
  return `${twoDigits(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()} ` +
    `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`;
}

/**
 * C0 and C1 control characters, `"` and `\` in a logged request line are written as `\xNN`, so a client
 * can neither forge log lines or terminal sequences nor end the quoted request line early.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f"\\]/;

function escapeLogText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f"\\]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * One log line: `127.0.0.1 - - [28/Nov/2026 01:44:28] "GET /pagination/offset HTTP/1.1" 200 -`.
 * Only the request line is logged: never headers or bodies, so no secret reaches the log.
 */
export function formatRequestLog(remote: string, date: Date, method: string, target: string, httpVersion: string, status: number | "-"): string {
  return new RequestLogFormat().line(remote, date, method, target, httpVersion, status);
}

/** A server's log lines: requests arrive many per second, so the date text of the last second is reused. */
export class RequestLogFormat {
  private lastSecond = Number.NaN;
  private lastDate = "";

  line(remote: string, date: Date, method: string, target: string, httpVersion: string, status: number | "-"): string {
    const second = Math.floor(date.getTime() / 1000);
    if (second !== this.lastSecond) {
      this.lastDate = formatLogDate(date);
      this.lastSecond = second;
    }
    return `${remote} - - [${this.lastDate}] "${escapeLogText(`${method} ${target} HTTP/${httpVersion}`)}" ${status} -`;
  }
}

const RESET = "\u001b[0m";

/** Werkzeug's colours by status: bold 1xx, plain 200, cyan 304, green 3xx, yellow 404, bold red 4xx, bold magenta 5xx. */
export function colorizeLog(line: string, status: number): string {
  let style: string;
  if (status === 0) return line;
  if (status < 200) style = "\u001b[1m";
  else if (status === 200) return line;
  else if (status === 304) style = "\u001b[36m";
  else if (status < 400) style = "\u001b[32m";
  else if (status === 404) style = "\u001b[33m";
  else if (status < 500) style = "\u001b[1;31m";
  else style = "\u001b[1;35m";
  return `${style}${line}${RESET}`;
}
