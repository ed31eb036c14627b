/** The Authorization header: its scheme and credentials, and secrets compared in constant time. */

/**
 * Compares secrets in constant time: every character of the expected secret is visited and differences
 * are OR-ed together without branching, so the position of the first difference never shows in the
 * timing. Only the length can (it is public: every secret here has a fixed, documented shape). No
 * allocation, unlike Buffer-based `crypto.timingSafeEqual`, which matters on every authenticated request.
 */
export function secretsEqual(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}

/** Splits `Scheme credentials`; the scheme is lower-cased (schemes are case-insensitive, RFC 9110). */
export function parseAuthorization(header: string): { scheme: string; credentials: string } {
  const trimmed = header.trim();
  let space = trimmed.indexOf(" ");
  const tab = trimmed.indexOf("\t");
  if (tab !== -1 && (space === -1 || tab < space)) space = tab;
  if (space === -1) return { scheme: trimmed.toLowerCase(), credentials: "" };
  return { scheme: trimmed.slice(0, space).toLowerCase(), credentials: trimmed.slice(space).trim() };
}
