/**
 * A generated user record written into bytes: the same bytes as its JSON and CSV text, from the layout's
 * byte writers plus what the overlay of changes says now (its updatedAt, its deletion). Shared by the
 * record set (in the event loop's thread) and the row workers (data/row-worker.ts), which have no overlay
 * and are handed those values.
 */
import { copyBytes, timestampInto, viewOf, writeLatin1 } from "../codecs/bytes.js";
import { phoneOf } from "./record-json.js";
import type { ProceduralLayout } from "./procedural.js";

/** Room a generated record's bytes always fit in (its id, three short fragments, timestamps, phone). */
export const FAST_ROOM = 2048;

const COMMA = 0x2c;
const QUOTE = 0x22;
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));
const ID_OPEN = ascii(`{"id":"`);
const CREATED_OPEN = ascii(`,"createdAt":"`);
const UPDATED_OPEN = ascii(`","updatedAt":"`);
const LIVE_BYTES = ascii(`,"deletedAt":null`);
const DELETED_OPEN = ascii(`,"deletedAt":"`);
const PHONE_OPEN = ascii(`,"phone":"`);

/** What a row shows besides the layout's own values. */
export interface RowState {
  /** Every record carries deletedAt (soft deletes). */
  readonly softDelete: boolean;
  /** Every record carries phone (schema drift). */
  readonly drifted: boolean;
}

/** Record i's CSV row (with CRLF); `deletedAt` undefined while live. Needs FAST_ROOM bytes of room. */
export function writeUserCsv(layout: ProceduralLayout, i: number, updatedAt: number, deletedAt: number | undefined, state: RowState, out: Uint8Array, at: number): number {
  const v = viewOf(out);
  at = layout.idInto(i, v, at);
  out[at++] = COMMA;
  at = layout.textCsvInto(i, v, at);
  out[at++] = COMMA;
  at = timestampInto(v, at, layout.createdAt(i));
  out[at++] = COMMA;
  at = timestampInto(v, at, updatedAt);
  if (state.softDelete) {
    out[at++] = COMMA;
    if (deletedAt !== undefined) at = timestampInto(v, at, deletedAt);
  }
  if (state.drifted) {
    out[at++] = COMMA;
    at = writeLatin1(out, at, phoneOf(i));
  }
  out[at++] = 0x0d;
  out[at++] = 0x0a;
  return at;
}

/** Record i's JSON, as writeUserCsv writes its row. */
export function writeUserJson(layout: ProceduralLayout, i: number, updatedAt: number, deletedAt: number | undefined, state: RowState, out: Uint8Array, at: number): number {
  const v = viewOf(out);
  at = copyBytes(out, at, ID_OPEN, 0, ID_OPEN.length);
  at = layout.idInto(i, v, at);
  out[at++] = QUOTE;
  out[at++] = COMMA;
  at = layout.textJsonInto(i, v, at);
  at = copyBytes(out, at, CREATED_OPEN, 0, CREATED_OPEN.length);
  at = timestampInto(v, at, layout.createdAt(i));
  at = copyBytes(out, at, UPDATED_OPEN, 0, UPDATED_OPEN.length);
  at = timestampInto(v, at, updatedAt);
  out[at++] = QUOTE;
  if (state.softDelete) {
    if (deletedAt === undefined) {
      at = copyBytes(out, at, LIVE_BYTES, 0, LIVE_BYTES.length);
    } else {
      at = copyBytes(out, at, DELETED_OPEN, 0, DELETED_OPEN.length);
      at = timestampInto(v, at, deletedAt);
      out[at++] = QUOTE;
    }
  }
  if (state.drifted) {
    at = copyBytes(out, at, PHONE_OPEN, 0, PHONE_OPEN.length);
    at = writeLatin1(out, at, phoneOf(i));
    out[at++] = QUOTE;
  }
  out[at++] = 0x7d;
  return at;
}
