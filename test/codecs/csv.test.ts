import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, csvRow } from "../../src/codecs/csv.js";

test("csvField quotes commas, quotes, CR and LF per RFC 4180 and leaves other text alone", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["", ""],
    ["Nguyen, Nash and King", '"Nguyen, Nash and King"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ['"', '""""'],
    ["Zoë’s café", "Zoë’s café"],
  ];
  for (const [value, expected] of cases) assert.equal(csvField(value), expected);
});

test("csvRow joins fields with commas and ends with CRLF", () => {
  assert.equal(csvRow(["a", "b,c", 'd"e']), 'a,"b,c","d""e"\r\n');
  assert.equal(csvRow([]), "\r\n");
});
