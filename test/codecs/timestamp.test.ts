import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTimestamp, parseTimestamp } from "../../src/codecs/timestamp.js";

test("formatTimestamp writes YYYY-MM-DDTHH:MM:SSZ for modern, early and far dates", () => {
  const cases: [number, string][] = [
    [0, "1970-01-01T00:00:00Z"],
    [1727007333, "2024-09-22T12:15:33Z"],
    [-62135596800, "0001-01-01T00:00:00Z"],
    [951782400, "2000-02-29T00:00:00Z"],
    [253402300799, "9999-12-31T23:59:59Z"],
    [-1, "1969-12-31T23:59:59Z"],
  ];
  for (const [seconds, text] of cases) assert.equal(formatTimestamp(seconds), text);
});

test("parseTimestamp inverts formatTimestamp and agrees with Date for every day of a leap cycle", () => {
  for (let day = -800; day < 800; day++) {
    const seconds = 946684800 + day * 86400 + ((day * 7919) % 86400 + 86400) % 86400;
    const text = formatTimestamp(seconds);
    assert.equal(text, new Date(seconds * 1000).toISOString().replace(".000Z", "Z"));
    assert.equal(parseTimestamp(text), seconds);
  }
});

test("parseTimestamp accepts year 0001 and leap days, rejects impossible dates and other shapes", () => {
  assert.equal(parseTimestamp("0001-01-01T00:00:00Z"), -62135596800);
  assert.equal(parseTimestamp("2024-02-29T23:59:59Z"), 1709251199);
  const rejected = [
    "0000-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
    "2024-04-31T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z",
    "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z", "24-01-01T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00.000Z",
    "2024-01-01T00:00:00+00:00", "", "Z", "2024-01-01T00:00:00ZZ", "２０２４-01-01T00:00:00Z", "2024-01-01T00:00:00z",
  ];
  for (const text of rejected) assert.equal(parseTimestamp(text), undefined, text);
});

test("formatTimestamp keeps recent days' dates apart: days in turn, days 64 apart (one memo slot), negative days, all as Date writes them", () => {
  const day = 86_400;
  const base = 1_780_000_000;
  const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  const sequence = [base, base - 30 * day, base + 5, base - 30 * day + 7, base + 64 * day, base, base - 64 * day + 1, base + 64 * day + 2, -1, -day - 1, -64 * day - 1, -1];
  for (let round = 0; round < 3; round++) for (const seconds of sequence) assert.equal(formatTimestamp(seconds), iso(seconds), String(seconds));
});
