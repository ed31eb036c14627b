/**
 * The one reader of request bodies: JSON (RFC 8259: UTF-8, strictly) or a form
 * (`application/x-www-form-urlencoded`), as the Content-Type says. Every endpoint that takes a body reads
 * it here and turns a BodyError into its own answer (an RFC 6749 error, the control plane's 400, ...).
 */
import { decodeComponent } from "./query.js";

/** Why a body could not be read: not UTF-8, not JSON (with the parser's words), not an object, a form field twice, or a type not taken. */
export class BodyError extends Error {
  constructor(readonly reason: "utf8" | "json" | "object" | "repeated" | "type", detail: string) {
    super(detail);
  }
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text; a BodyError when it is not UTF-8. */
export function bodyText(body: Buffer | undefined): string {
  if (body === undefined || body.length === 0) return "";
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    throw new BodyError("utf8", "the body is not valid UTF-8");
  }
}

/** The body as JSON; `empty` stands for a blank body when given. */
export function readJson(body: Buffer | undefined, empty?: unknown): unknown {
  const text = bodyText(body);
  if (empty !== undefined && text.trim() === "") return empty;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BodyError("json", (error as Error).message);
  }
}

/** A form's fields in order (a name without `=` has the empty value); a name given twice is a BodyError. */
export function readForm(body: Buffer | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of bodyText(body).split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    if (fields.has(name)) throw new BodyError("repeated", name);
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
export function readObject(body: Buffer | undefined, contentType: string | undefined, form: boolean): Record<string, unknown> {
  if (form && mediaType(contentType) === "application/x-www-form-urlencoded") return Object.fromEntries(readForm(body));
  const parsed = readJson(body);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new BodyError("object", "the body is not a JSON object");
  return parsed as Record<string, unknown>;
}
