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
