import assert from "node:assert/strict";
import { test } from "node:test";
import { closeCsvField, csvField, csvRow, quoteCsvField } from "../../src/codecs/csv.js";

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

/**
 * A field ended by `end` (closeCsvField or quoteCsvField) at offset 2 of a buffer of `room` bytes, its text
 * written `from` bytes on (as much as fits): the position it returns, and the field's bytes up to it.
 */
function ended(end: (out: Uint8Array, at: number, stop: number) => number, from: number, text: string, room = 64): [number, string] {
  const out = Buffer.alloc(room, 0x7e);
  out.write(text, 2 + from, "latin1");
  const stop = end(out, 2, 2 + from + text.length);
  return [stop, out.toString("latin1", 2, Math.min(stop, room))];
}

test("closeCsvField: text written one byte on is moved back, or quoted when it holds a comma, quote, CR or LF; one cut short counts as quoted", () => {
  const close = (text: string, room?: number): [number, string] => ended(closeCsvField, 1, text, room);
  assert.deepEqual(close("plain"), [7, "plain"]);
  assert.deepEqual(close(""), [2, ""]);
  for (const text of ["a,b", "say \"\"hi\"\"", "line\r", "\nx"]) assert.deepEqual(close(text), [2 + text.length + 2, `"${text}"`], JSON.stringify(text));
  // As csvField writes text without quotes.
  for (const text of ["a,b", "plain", "x\r\ny", "Nguyen, Nash and King"]) assert.equal(close(text)[1], csvField(text), JSON.stringify(text));
  // Text reaching the buffer's end (whole, or cut short) counts as quoted: the longer length, nothing moved.
  assert.deepEqual(close("plain", 8), [9, "~plain"]);
  assert.deepEqual(close("plain", 6), [9, "~pla"]);
});

test("quoteCsvField: text written in place stays, or moves on one byte between quotes when it holds a comma, quote, CR or LF; one without room counts as quoted", () => {
  const quote = (text: string, room?: number): [number, string] => ended(quoteCsvField, 0, text, room);
  assert.deepEqual(quote("plain"), [7, "plain"]);
  assert.deepEqual(quote(""), [2, ""]);
  for (const text of ["a,b", "say \"\"hi\"\"", "line\r", "\nx", "end,"]) assert.deepEqual(quote(text), [2 + text.length + 2, `"${text}"`], JSON.stringify(text));
  // As csvField writes text without quotes, and as closeCsvField ends the same text.
  for (const text of ["a,b", "plain", "x\r\ny", "Nguyen, Nash and King", "80956 Hicks Ridge, Kathrynville"]) {
    assert.equal(quote(text)[1], csvField(text), JSON.stringify(text));
    assert.deepEqual(quote(text), ended(closeCsvField, 1, text), JSON.stringify(text));
  }
  // Text that needs quotes and has no room for them counts as quoted (the longer length), nothing moved;
  // text that needs none fits as it is.
  assert.deepEqual(quote("a,b", 6), [7, "a,b~"]);
  assert.deepEqual(quote("a,b", 7), [7, "\"a,b\""]);
  assert.deepEqual(quote("plain", 7), [7, "plain"]);
  // Text cut short by the buffer's end: whether it needs quotes is unknown, so it counts as quoted.
  assert.deepEqual(quote("plain", 5), [9, "pla"]);
});
