import assert from "node:assert/strict";
import { test } from "node:test";
import { colorizeLog, formatLogDate, formatRequestLog } from "../../src/http/log.js";

test("request lines look like werkzeug's", () => {
  const date = new Date(2026, 10, 28, 1, 44, 28);
  assert.equal(formatLogDate(date), "28/Nov/2026 01:44:28");
  assert.equal(formatRequestLog("127.0.0.1", date, "GET", "/pagination/offset", "1.1", 200),
    '127.0.0.1 - - [28/Nov/2026 01:44:28] "GET /pagination/offset HTTP/1.1" 200 -');
  assert.equal(formatLogDate(new Date(2026, 0, 5, 9, 3, 7)), "05/Jan/2026 09:03:07");
});

test("control characters cannot forge log lines", () => {
  const line = formatRequestLog("::1", new Date(2026, 0, 1), "GET", "/x\n127.0.0.1 - - fake\u001b[31m", "1.1", 404);
  assert.equal(line.includes("\n"), false);
  assert.ok(line.includes("/x\\x0a127.0.0.1 - - fake\\x1b[31m"));
});

test("C1 controls, quotes and backslashes are escaped too: the quoted request line cannot be ended early", () => {
  const line = formatRequestLog("::1", new Date(2026, 0, 1), "GET", '/x\u009b31m" 200 - \\', "1.1", 404);
  assert.ok(line.endsWith('"GET /x\\x9b31m\\x22 200 - \\x5c HTTP/1.1" 404 -'), line);
  assert.equal(line.split('"').length, 3, "exactly one quoted part");
});

test("status colours follow werkzeug's scheme; 200 stays plain", () => {
  assert.equal(colorizeLog("l", 200), "l");
  assert.equal(colorizeLog("l", 101), "\u001b[1ml\u001b[0m");
  assert.equal(colorizeLog("l", 204), "\u001b[32ml\u001b[0m");
  assert.equal(colorizeLog("l", 304), "\u001b[36ml\u001b[0m");
  assert.equal(colorizeLog("l", 404), "\u001b[33ml\u001b[0m");
  assert.equal(colorizeLog("l", 400), "\u001b[1;31ml\u001b[0m");
  assert.equal(colorizeLog("l", 500), "\u001b[1;35ml\u001b[0m");
});
