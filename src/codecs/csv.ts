/** RFC 4180 CSV: one field quoted when it must be, one row. */

/** Whether a field must be quoted: it holds a quote, comma, CR or LF (a loop: fields are short, and many per row). */
export function needsQuotes(value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    const code = value.charCodeAt(k);
    if (code === 0x22 || code === 0x2c || code === 0x0d || code === 0x0a) return true;
  }
  return false;
}

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, with quotes doubled.
 * @example csvField('Nguyen, Nash and King') // '"Nguyen, Nash and King"'
 */
export function csvField(value: string): string {
  return needsQuotes(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value;
}

/** One RFC 4180 record, CRLF-terminated. */
export function csvRow(values: readonly string[]): string {
  let row = "";
  for (let i = 0; i < values.length; i++) row += (i === 0 ? "" : ",") + csvField(values[i] as string);
  return row + "\r\n";
}

/**
 * Ends a CSV field whose text was written into `out` from `at + 1` up to `end` (any quotes in it already
 * doubled): between quotes when it holds a quote, comma, CR or LF, as csvField does, else moved back to
 * `at`; returns the position after the field. One that did not fit `out` is counted as quoted (the longer
 * form: its writer is called again with room for it).
 */
export function closeCsvField(out: Uint8Array, at: number, end: number): number {
  if (end >= out.length) return end + 1;
  for (let k = at + 1; k < end; k++) {
    const byte = out[k];
    if (byte === 0x22 || byte === 0x2c || byte === 0x0d || byte === 0x0a) {
      out[at] = 0x22;
      out[end] = 0x22;
      return end + 1;
    }
  }
  for (let k = at + 1; k < end; k++) out[k - 1] = out[k] as number;
  return end - 1;
}

/**
 * Ends a CSV field whose text was written into `out` from `at` up to `end` (any quotes in it already
 * doubled), as closeCsvField does for text written one byte on: unchanged when it needs no quotes (nothing
 * moves: for text that seldom needs them), else moved on one byte and put between quotes. One that does
 * not fit `out` (or not with the quotes it needs) is counted as quoted, nothing moved.
 */
export function quoteCsvField(out: Uint8Array, at: number, end: number): number {
  // Bytes past the buffer's end were dropped: whether they need quotes is unknown.
  if (end > out.length) return end + 2;
  for (let k = at; k < end; k++) {
    const byte = out[k];
    if (byte === 0x22 || byte === 0x2c || byte === 0x0d || byte === 0x0a) {
      if (end + 2 > out.length) return end + 2;
      out.copyWithin(at + 1, at, end);
      out[at] = 0x22;
      out[end + 1] = 0x22;
      return end + 2;
    }
  }
  return end;
}
