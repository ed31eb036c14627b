/**
 * Request paths decoded the way the router needs them: percent escapes become the UTF-8 text they
 * spell, except `%2F`, which stays as written so an escaped slash is never read as a separator
 * (`/pagination%2Foffset` is one segment, not two). The query codec's lenient decoder does the work:
 * malformed escapes stay literal, invalid UTF-8 becomes U+FFFD, no exceptions whatever the input.
 */
import { decodeLeniently } from "./query.js";

/**
 * @example decodePath("/cursors/%31/departments") // "/cursors/1/departments"
 * @example decodePath("/a%2Fb") // "/a%2Fb"
 */
export function decodePath(path: string): string {
  return path.indexOf("%") === -1 ? path : decodeLeniently(path, 0x2f);
}
