/** Integers as the query writes them: an optional sign and digits, nothing else, and range checks. */
const INTEGER_SHAPE = /^[+-]?\d+$/;

/**
 * Parses an optional sign followed by digits, nothing else (`1.5`, `1e3`, ` 7`, `0x10` are rejected).
 * Returns `undefined` for any other text; values beyond the safe-integer range come back as
 * non-safe numbers, so callers treat them as out of range rather than crash or wrap.
 * @example parseInteger("+007") // 7
 */
export function parseInteger(text: string): number | undefined {
  if (!INTEGER_SHAPE.test(text)) return undefined;
  return Number(text);
}

/** True when `value` is a safe integer within `[min, max]`. */
export function isIntegerInRange(value: number, min: number, max: number = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}

/**
 * `units / 10^digits` (units a whole number, digits 0 to 6) as JSON writes that number, without the general
 * number-to-text conversion: below 10^15 units the decimal itself is the shortest text that reads back the
 * same double, so it is written from the digits (trailing zeros dropped); larger ones as JSON writes them.
 * @example decimalText(259332, 2) // "2593.32" (JSON.stringify(2593.32))
 */
export function decimalText(units: number, digits: number): string {
  const scale = 10 ** digits;
  if (digits === 0 || !(Math.abs(units) < 1e15)) return JSON.stringify(units / scale);
  const negative = units < 0;
  const magnitude = negative ? -units : units;
  let fraction = magnitude % scale;
  const whole = (magnitude - fraction) / scale;
  const sign = negative ? "-" : "";
  if (fraction === 0) return whole === 0 ? "0" : `${sign}${whole}`;
  let width = digits;
  while (fraction % 10 === 0) {
    fraction /= 10;
    width--;
  }
  return `${sign}${whole}.${String(fraction).padStart(width, "0")}`;
}
