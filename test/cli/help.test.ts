/** --help for the program and each command: names in their own column, wrapped to 100 columns. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatRows, HELP, HELP_WIDTH, helpFor, START_HELP, VERIFY_HELP, wrap } from "../../src/cli/help.js";

test("wrap breaks between words, keeps '(default: X)' whole and lets one long word stand alone", () => {
  assert.deepEqual(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
  assert.deepEqual(wrap("x (default: 10)", 12), ["x", "(default: 10)"]);
  assert.deepEqual(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
  assert.deepEqual(wrap("", 10), []);
});

test("a name never touches its description: a long name puts it on the next line", () => {
  assert.equal(formatRows([["--port N", "the port"]]), "  --port N                 the port");
  assert.equal(formatRows([["--access-token-ttl SECONDS", "OAuth2 access token lifetime"]]),
    "  --access-token-ttl SECONDS\n                           OAuth2 access token lifetime");
  // 23 characters is the longest name that keeps its description on its line (two spaces between).
  assert.equal(formatRows([["x".repeat(23), "d"]]), `  ${"x".repeat(23)}  d`);
  assert.equal(formatRows([["x".repeat(24), "d"]]), `  ${"x".repeat(24)}\n${" ".repeat(27)}d`);
});

test("each command has its own help, and no line of any help is over 100 columns", () => {
  assert.equal(helpFor("start"), START_HELP);
  assert.equal(helpFor("verify"), VERIFY_HELP);
  assert.equal(helpFor(undefined), HELP);
  assert.match(START_HELP, /^Usage: playground start \[options\]\n/);
  assert.match(VERIFY_HELP, /^Usage: playground verify FILE --url URL/);
  assert.equal(VERIFY_HELP.includes("--records"), false);
  assert.equal(START_HELP.includes("--updated-field"), false);
  for (const text of [HELP, START_HELP, VERIFY_HELP]) {
    const long = text.split("\n").filter((line) => line.length > HELP_WIDTH);
    assert.deepEqual(long, []);
    // A description never starts right after a name without a gap of two spaces.
    for (const line of text.split("\n").filter((row) => row.startsWith("  --"))) assert.match(line, /^ {2}\S+( \S+)?( {2,}\S|$)/, line);
  }
});
