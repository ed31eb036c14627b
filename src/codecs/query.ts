/**
 * Query strings parsed the way browsers and Python clients write them: `&`-separated, `+` is a space,
 * percent escapes decoded as UTF-8. Malformed escapes (`%`, `%ZZ`) are kept as literal text and invalid
 * UTF-8 becomes U+FFFD, so no input can throw. Names keep their order of first appearance.
 */
import type { Query } from "../types.js";

export type { Query };

const EMPTY_QUERY: Query = { values: new Map(), names: [] };

/** Decodes one `application/x-www-form-urlencoded` component without ever throwing. */
export function decodeComponent(text: string): string {
  if (text.indexOf("%") === -1) return text.indexOf("+") === -1 ? text : text.replace(/\+/g, " ");
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return decodeLeniently(spaced);
  }
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Percent escapes decoded as UTF-8 in one pass, never throwing: malformed escapes stay literal, invalid
 * UTF-8 becomes U+FFFD. An escape of `keep` (a byte value) stays as written.
 * @example decodeLeniently("/a%2Fb%41", 0x2f) // "/a%2FbA"
 */
export function decodeLeniently(text: string, keep = -1): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const high = code === 37 /* % */ && i + 2 < text.length ? hexValue(text.charCodeAt(i + 1)) : -1;
    const low = high === -1 ? -1 : hexValue(text.charCodeAt(i + 2));
    const byte = low === -1 ? -1 : high * 16 + low;
    if (byte !== -1 && byte !== keep) {
      bytes.push(byte);
      i += 2;
    } else {
      // Re-encode the literal character (which may be a surrogate pair) as UTF-8 bytes.
      const char = String.fromCodePoint(text.codePointAt(i) as number);
      for (const byte of Buffer.from(char, "utf8")) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Parses the text after `?` (without the `?`).
 * @example parseQuery("page=2&page=3&x").values.get("page") // "2"
 */
export function parseQuery(search: string): Query {
  if (search === "") return EMPTY_QUERY;
  const values = new Map<string, string>();
  const names: string[] = [];
  for (const pair of search.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    if (values.has(name)) continue;
    values.set(name, equals === -1 ? "" : decodeComponent(pair.slice(equals + 1)));
    names.push(name);
  }
  return { values, names };
}

/** A request target split into its path and the query string after `?` (empty without one). */
export function splitTarget(originTarget: string): [path: string, search: string] {
  const questionMark = originTarget.indexOf("?");
  return questionMark === -1 ? [originTarget, ""] : [originTarget.slice(0, questionMark), originTarget.slice(questionMark + 1)];
}
