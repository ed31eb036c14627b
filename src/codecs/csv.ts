/** RFC 4180 CSV: one field quoted when it must be, one row. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, with quotes doubled.
 * @example csvField('Nguyen, Nash and King') // '"Nguyen, Nash and King"'
 */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One RFC 4180 record, CRLF-terminated. */
export function csvRow(values: readonly string[]): string {
  let row = "";
  for (let i = 0; i < values.length; i++) row += (i === 0 ? "" : ",") + csvField(values[i] as string);
  return row + "\r\n";
}
