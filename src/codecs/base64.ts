/** Base64 as the API writes it: the keyset scroll_param (a base64 timestamp) and text for Basic credentials. */
import { formatTimestamp, parseTimestamp } from "./timestamp.js";

/** Base64 letters with up to two padding characters at the end (the length is checked separately). */
const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 to UTF-8 text, strictly: `undefined` for anything that is not base64.
 * Forgiving in the ways clients get it wrong by accident: a `+` that arrived as a space (unencoded in a
 * query string), URL-safe `-`/`_`, and missing padding.
 */
export function decodeBase64Text(text: string): string | undefined {
  let normalized = /[ \-_]/.test(text) ? text.replace(/[ -]/g, "+").replace(/_/g, "/") : text;
  const remainder = normalized.length % 4;
  if (remainder === 1) return undefined;
  if (remainder !== 0 && !normalized.endsWith("=")) normalized += "=".repeat(4 - remainder);
  if (normalized.length % 4 !== 0 || !STANDARD_BASE64.test(normalized)) return undefined;
  return Buffer.from(normalized, "base64").toString("utf8");
}

/** Standard padded base64 of UTF-8 text. */
export function encodeBase64Text(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/**
 * The keyset cursor: padded base64 of a record's `updatedAt` text.
 * @example encodeScrollParam(1727188297) // "MjAyNC0wOS0yNFQxNDozMTozN1o="
 */
export function encodeScrollParam(updatedAtSeconds: number): string {
  return encodeBase64Text(formatTimestamp(updatedAtSeconds));
}

/** The epoch seconds inside a scroll_param, or `undefined` when it is not base64 of a valid timestamp. */
export function decodeScrollParam(scrollParam: string): number | undefined {
  const decoded = decodeBase64Text(scrollParam);
  return decoded === undefined ? undefined : parseTimestamp(decoded);
}
