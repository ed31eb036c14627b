import assert from "node:assert/strict";
import { test } from "node:test";
import { closeCsvField, csvField, csvRow } from "../../src/codecs/csv.js";

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

test("closeCsvField: text written one byte on is moved back, or quoted when it holds a comma, quote, CR or LF; one cut short counts as quoted", () => {
  const close = (text: string, room = 64): [number, string] => {
    const out = Buffer.alloc(room, 0x7e);
    out.write(text, 3, "latin1");
    const end = closeCsvField(out, 2, 3 + text.length);
    return [end, out.toString("latin1", 2, Math.min(end, room))];
  };
  assert.deepEqual(close("plain"), [7, "plain"]);
  assert.deepEqual(close(""), [2, ""]);
  for (const text of ["a,b", "say \"\"hi\"\"", "line\r", "\nx"]) assert.deepEqual(close(text), [2 + text.length + 2, `"${text}"`], JSON.stringify(text));
  // As csvField writes text without quotes.
  for (const text of ["a,b", "plain", "x\r\ny", "Nguyen, Nash and King"]) assert.equal(close(text)[1], csvField(text), JSON.stringify(text));
  // Text reaching the buffer's end (whole, or cut short) counts as quoted: the longer length, nothing moved.
  assert.deepEqual(close("plain", 8), [9, "~plain"]);
  assert.deepEqual(close("plain", 6), [9, "~pla"]);
});
