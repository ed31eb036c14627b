/**
 * Request paths decoded the way the router needs them: percent escapes become the UTF-8 text they
 * spell, except `%2F`, which stays as written so an escaped slash is never read as a separator
 * (`/pagination%2Foffset` is one segment, not two). Malformed escapes (`%`, `%ZZ`) stay literal and
 * invalid UTF-8 becomes U+FFFD: one pass, no exceptions, whatever the input.
 */
import { hexValue } from "./query.js";

/**
 * @example decodePath("/cursors/%31/departments") // "/cursors/1/departments"
 * @example decodePath("/a%2Fb") // "/a%2Fb"
 */
export function decodePath(path: string): string {
  if (path.indexOf("%") === -1) return path;
  let out = "";
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    out += Buffer.from(bytes).toString("utf8");
    bytes = [];
  };
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code === 37 /* % */ && i + 2 < path.length) {
      const high = hexValue(path.charCodeAt(i + 1));
      const low = hexValue(path.charCodeAt(i + 2));
      const byte = high * 16 + low;
      if (high >= 0 && low >= 0 && byte !== 0x2f) {
        bytes.push(byte);
        i += 2;
        continue;
      }
    }
    flush();
    out += path[i];
  }
  flush();
  return out;
}
