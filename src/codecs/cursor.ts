/**
 * The body cursor of `/pagination/cursor` (as Stripe and Slack hand them out): opaque to the client,
 * URL-safe base64 of `v1:<updatedAt seconds>:<tag>`, where the tag is a hash of the seed and the position.
 * A cursor from another seed, or with any character changed, fails the tag check.
 */

import { keyHash } from "./hash.js";

/** The seed's mark on a position: the 53-bit key hash of both, as 14 hex digits. */
function tag(seed: number, after: number): string {
  return keyHash(`${seed}:${after}:cursor`).toString(16).padStart(14, "0");
}

/** @example decodeCursor(7, encodeCursor(7, 1767225600)) // 1767225600 */
export function encodeCursor(seed: number, afterSeconds: number): string {
  return Buffer.from(`v1:${afterSeconds}:${tag(seed, afterSeconds)}`).toString("base64url");
}

/** The position a cursor continues after, or `undefined` when it is not one of this seed's cursors. */
export function decodeCursor(seed: number, cursor: string): number | undefined {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const match = /^v1:(-?\d{1,12}):([0-9a-f]{14})$/.exec(Buffer.from(cursor, "base64url").toString("latin1"));
  if (match === null) return undefined;
  const after = Number(match[1]);
  return tag(seed, after) === match[2] && encodeCursor(seed, after) === cursor ? after : undefined;
}
