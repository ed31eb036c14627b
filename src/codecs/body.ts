/**
 * The one reader of request bodies: JSON (RFC 8259: UTF-8, strictly) or a form
 * (`application/x-www-form-urlencoded`), as the Content-Type says. Every endpoint that takes a body reads
 * it here and says, with `refuse`, how it answers a body it cannot read (an RFC 6749 error, the control
 * plane's 400, ...): the reader throws what `refuse` makes, so no caller converts an error.
 */
import type { PlaygroundError } from "../errors.js";
import { decodeComponent } from "./query.js";

/** Why a body could not be read: not UTF-8, not JSON (`detail`: the parser's words), not an object, or a form field twice (`detail`: its name). */
export type BodyProblem = "utf8" | "json" | "object" | "repeated";
/** The caller's answer to a body it cannot read. */
export type Refuse = (problem: BodyProblem, detail: string) => PlaygroundError;

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text; refused when it is not UTF-8. */
export function bodyText(body: Buffer | undefined, refuse: Refuse): string {
  if (body === undefined || body.length === 0) return "";
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    throw refuse("utf8", "the body is not valid UTF-8");
  }
}

/** The body as JSON; `empty` stands for a blank body when given. */
export function readJson(body: Buffer | undefined, refuse: Refuse, empty?: unknown): unknown {
  const text = bodyText(body, refuse);
  if (empty !== undefined && text.trim() === "") return empty;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw refuse("json", (error as Error).message);
  }
}

/** A form's fields in order (a name without `=` has the empty value); a name given twice is refused. */
export function readForm(body: Buffer | undefined, refuse: Refuse): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of bodyText(body, refuse).split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    if (fields.has(name)) throw refuse("repeated", name);
    fields.set(name, equals === -1 ? "" : decodeComponent(pair.slice(equals + 1)));
  }
  return fields;
}

/** The media type of a Content-Type header, lower-case, without parameters (undefined when absent). */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType === undefined ? undefined : contentType.split(";")[0]?.trim().toLowerCase();
}

/**
 * The body's members as an object: a form's fields when the Content-Type is a form and `form` is allowed,
 * otherwise the body as a JSON object.
 */
export function readObject(body: Buffer | undefined, contentType: string | undefined, form: boolean, refuse: Refuse): Record<string, unknown> {
  if (form && mediaType(contentType) === "application/x-www-form-urlencoded") return Object.fromEntries(readForm(body, refuse));
  const parsed = readJson(body, refuse);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw refuse("object", "the body is not a JSON object");
  return parsed as Record<string, unknown>;
}
