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
