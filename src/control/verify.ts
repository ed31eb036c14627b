/**
 * The sync verifier: what a connector ended with (`{id, updatedAt}` rows as a JSON array, NDJSON or CSV,
 * streamed) compared with the playground's records now. Rows are parsed as the bytes arrive and only
 * what the comparison needs is kept (a mark per record position, the first 100 ids of each finding), so
 * the upload is never held whole.
 */
import { formatTimestamp } from "../codecs/timestamp.js";
import { PagedBits } from "../data/paged-bits.js";
import type { ChangingRecords } from "../data/changes.js";
import { PlaygroundError, MESSAGES } from "../errors.js";

/** How many ids of each finding are listed (the counts are exact). */
export const LISTED_IDS = 100;

export type UploadFormat = "json" | "ndjson" | "csv";

/** A finding: how many, and the first ids. */
export interface Finding {
  readonly count: number;
  readonly ids: readonly string[];
}

export interface VerifyReport {
  /** True only when every finding is zero. */
  readonly ok: boolean;
  /** Records the connector should hold: every listed record (soft-deleted ones too, with --soft-delete). */
  readonly expected: number;
  /** Rows received. */
  readonly received: number;
  readonly missing: Finding;
  readonly duplicated: Finding;
  /** Held with another updatedAt than the record has now (normally an older one). */
  readonly stale: Finding;
  /** Held although the record was (hard-)deleted. */
  readonly deleted: Finding;
  /** Ids the playground never had. */
  readonly unknown: Finding;
}

/** A malformed upload: a 400 whose message names the row (`Invalid upload: row 3: ...`). */
export class UploadError extends PlaygroundError {
  constructor(readonly detail: string) {
    super(400, MESSAGES.verifyUpload(detail));
  }
}

class Tally {
  count = 0;
  readonly ids: string[] = [];
  add(id: string): void {
    this.count++;
    if (this.ids.length < LISTED_IDS) this.ids.push(id);
  }
  finding(): Finding {
    return { count: this.count, ids: this.ids };
  }
}

/** Listed positions read per block when looking for missing ones. */
const SCAN_BLOCK = 4096;

/** What the verifier compares rows with: the built-in records (a snapshot) or a declared resource. */
export interface VerifiedRecords {
  /** The position of a record by its id as text, or -1 for an id never had. */
  positionOf(id: string): number;
  /** Whether the record at a position is listed now (not hard-deleted). */
  isListed(position: number): boolean;
  /** The record's change cursor now, in epoch seconds. */
  updatedAtOf(position: number): number;
  /** How many records are listed now. */
  readonly live: number;
  /** Listed positions in creation order, in blocks. */
  listed(): { readonly length: number; positions(start: number, count: number): ArrayLike<number> & Iterable<number> };
  /** The id of the record at a position, as a client holds it. */
  id(position: number): string;
}

/** The records as they are now (a snapshot: later churn does not reach it), with inserted records found by id. */
export function verifiedRecords(records: ChangingRecords): VerifiedRecords {
  const snapshot = records.snapshot();
  const inserted = new Map<string, number>();
  for (let i = records.base.count; i < records.size; i++) inserted.set(records.id(i), i);
  return {
    positionOf: (id) => inserted.get(id) ?? snapshot.base.positionOf(id),
    isListed: (position) => snapshot.isListed(position),
    updatedAtOf: (position) => snapshot.updatedAtOf(position),
    live: snapshot.live,
    listed: () => snapshot.listed(),
    id: (position) => snapshot.id(position),
  };
}

/**
 * Compares rows, one at a time, with the records as they are when it is made. Ids are found by
 * computation (a generated id gives its position back) or in a map of the inserted ones; what was seen
 * is a bitmap whose pages exist only where rows landed.
 */
export class Verifier {
  private readonly seen = new PagedBits();
  private received = 0;
  private seenListed = 0;
  private readonly duplicated = new Tally();
  private readonly stale = new Tally();
  private readonly deleted = new Tally();
  private readonly unknown = new Tally();

  constructor(private readonly records: VerifiedRecords) {}

  /** One row of the upload (`updatedAt` as text, or undefined when the row has none). */
  add(id: string, updatedAt: string | undefined): void {
    this.received++;
    const position = this.records.positionOf(id);
    if (position === -1) {
      this.unknown.add(id);
      return;
    }
    if (this.seen.set(position)) {
      this.duplicated.add(id);
      return;
    }
    if (!this.records.isListed(position)) {
      this.deleted.add(id);
      return;
    }
    this.seenListed++;
    if (!sameInstant(updatedAt, this.records.updatedAtOf(position))) this.stale.add(id);
  }

  report(): VerifyReport {
    const missing = new Tally();
    const expected = this.records.live;
    missing.count = expected - this.seenListed;
    // The first missing ones in creation order, looked for only while some are missing.
    const listed = this.records.listed();
    for (let start = 0; start < listed.length && missing.ids.length < Math.min(missing.count, LISTED_IDS); start += SCAN_BLOCK) {
      for (const position of listed.positions(start, SCAN_BLOCK)) {
        if (!this.seen.has(position) && missing.ids.length < LISTED_IDS) missing.ids.push(this.records.id(position));
      }
    }
    const findings = { missing: missing.finding(), duplicated: this.duplicated.finding(), stale: this.stale.finding(), deleted: this.deleted.finding(), unknown: this.unknown.finding() };
    const ok = Object.values(findings).every((finding) => finding.count === 0);
    return { ok, expected, received: this.received, ...findings };
  }
}

/**
 * Whether a timestamp as a connector wrote it is this instant (epoch seconds): the playground's own form,
 * or any other ISO 8601 spelling of the same second (`+00:00`, fractions of zero, as Python's isoformat writes).
 */
export function sameInstant(text: string | undefined, seconds: number): boolean {
  if (text === undefined) return false;
  if (text === formatTimestamp(seconds)) return true;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return false;
  const ms = Date.parse(text.replace(" ", "T"));
  return ms === seconds * 1000;
}

/** The names a row's change cursor is looked for under, in order: a chosen one first, then the two common spellings. */
export function updatedNames(chosen?: string): readonly string[] {
  return chosen === undefined ? ["updatedAt", "updated_at"] : [chosen, "updatedAt", "updated_at"].filter((name, k, all) => all.indexOf(name) === k);
}

/** "updatedAt or updated_at" (or with the chosen name first), for messages. */
function spelled(names: readonly string[]): string {
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(", ")} or ${names.at(-1) as string}`;
}

/** A list of names found, shortened for a message. */
function found(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((name) => JSON.stringify(name.slice(0, 40))).join(", ");
  return names.length === 0 ? "none" : names.length > 12 ? `${shown}, ...` : shown;
}

/** The row's id and updatedAt from a parsed JSON value, or an UploadError naming the row and what it holds. */
function fromJson(value: unknown, row: number, names: readonly string[], idName: string): [string, string | undefined] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UploadError(`row ${row}: expected an object with ${idName} and ${spelled(names)}`);
  const fields = value as Record<string, unknown>;
  const id = fields[idName];
  if (typeof id !== "string" && typeof id !== "number") {
    throw new UploadError(`row ${row}: needs ${idName === "id" ? "an id" : idName} (a string); its fields are ${found(Object.keys(fields))}`);
  }
  const name = names.find((candidate) => Object.hasOwn(fields, candidate));
  if (name === undefined) {
    throw new UploadError(`row ${row}: needs ${spelled(names)} (the record's change cursor); its fields are ${found(Object.keys(fields))}` +
      " (name another field with ?updated_field=NAME)");
  }
  const updatedAt = fields[name];
  if (updatedAt !== null && typeof updatedAt !== "string") throw new UploadError(`row ${row}: ${name} must be a string`);
  return [String(id), typeof updatedAt === "string" ? updatedAt : undefined];
}

function parseElement(text: string, row: number, names: readonly string[], idName: string): [string, string | undefined] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UploadError(`row ${row}: not valid JSON`);
  }
  return fromJson(value, row, names, idName);
}

/** Which format an upload is in: by Content-Type, else (none, or application/octet-stream) by its first character. */
export function uploadFormat(contentType: string | undefined, firstByte: number | undefined): UploadFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  // JSON labelled as JSON but written one object per line (NDJSON) is read as such.
  if (type === "application/json") return firstByte === 0x7b ? "ndjson" : "json";
  if (type === "application/x-ndjson" || type === "application/jsonl" || type === "application/x-jsonlines") return "ndjson";
  if (type === "text/csv") return "csv";
  if (firstByte === 0x5b) return "json";
  if (firstByte === 0x7b) return "ndjson";
  return "csv";
}

/** Longest single row accepted (a row is an id and a timestamp; extra fields are allowed, not megabytes of them). */
const MAX_ROW_CHARS = 64 * 1024;

/**
 * Feeds rows to `onRow` as text arrives (chunks may split rows, strings and escapes anywhere), in the
 * given format; `end()` checks the upload is complete. UploadError for anything malformed.
 */
export function rowParser(format: UploadFormat, onRow: (id: string, updatedAt: string | undefined) => void,
  names: readonly string[] = updatedNames(), idName = "id"): { write(text: string): void; end(): void } {
  switch (format) {
    case "json": return jsonArrayParser(onRow, names, idName);
    case "ndjson": return ndjsonParser(onRow, names, idName);
    case "csv": return csvParser(onRow, names, idName);
  }
}

/** A JSON array of objects, element by element: only the element being read is kept. */
function jsonArrayParser(onRow: (id: string, updatedAt: string | undefined) => void, names: readonly string[], idName: string): { write(text: string): void; end(): void } {
  let state: "before" | "between" | "element" | "after" = "before";
  let element = "";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let row = 0;
  const finishElement = (): void => {
    row++;
    const [id, updatedAt] = parseElement(element, row, names, idName);
    onRow(id, updatedAt);
    element = "";
  };
  return {
    write(text) {
      for (let k = 0; k < text.length; k++) {
        const c = text[k] as string;
        if (state === "element") {
          element += c;
          if (element.length > MAX_ROW_CHARS) throw new UploadError(`row ${row + 1}: longer than ${MAX_ROW_CHARS} characters`);
          if (inString) {
            if (escaped) escaped = false;
            else if (c === "\\") escaped = true;
            else if (c === '"') inString = false;
          } else if (c === '"') inString = true;
          else if (c === "{" || c === "[") depth++;
          else if (c === "}" || c === "]") {
            depth--;
            if (depth === 0) {
              finishElement();
              state = "between";
            }
          }
          continue;
        }
        if (c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\uFEFF") continue;
        if (state === "before") {
          if (c !== "[") throw new UploadError("expected a JSON array of objects");
          state = "between";
        } else if (state === "between") {
          if (c === "]") state = "after";
          else if (c === ",") continue;
          else if (c === "{") {
            state = "element";
            element = c;
            depth = 1;
          } else {
            throw new UploadError(`row ${row + 1}: expected an object with ${idName} and ${spelled(names)}`);
          }
        } else {
          throw new UploadError("unexpected text after the end of the array");
        }
      }
    },
    end() {
      if (state !== "after") throw new UploadError(state === "before" ? "expected a JSON array of objects" : "the array is not closed: the upload ended early");
    },
  };
}

/** One JSON object per line (blank lines allowed). */
function ndjsonParser(onRow: (id: string, updatedAt: string | undefined) => void, names: readonly string[], idName: string): { write(text: string): void; end(): void } {
  let pending = "";
  let row = 0;
  const line = (text: string): void => {
    const trimmed = text.trim();
    if (trimmed === "") return;
    row++;
    const [id, updatedAt] = parseElement(trimmed, row, names, idName);
    onRow(id, updatedAt);
  };
  return {
    write(text) {
      pending += text;
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        line(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
      if (pending.length > MAX_ROW_CHARS) throw new UploadError(`row ${row + 1}: longer than ${MAX_ROW_CHARS} characters`);
    },
    end() {
      line(pending);
      pending = "";
    },
  };
}

/** RFC 4180 CSV with a header row naming `id` and the change cursor (`updatedAt` or `updated_at`; other columns ignored). */
function csvParser(onRow: (id: string, updatedAt: string | undefined) => void, names: readonly string[], idName: string): { write(text: string): void; end(): void } {
  const headerProblem = (columns: readonly string[]): string =>
    `the CSV header must name ${idName === "id" ? "an id" : `an ${idName}`} column and ${spelled(names)} (the change cursor; name another with ?updated_field=NAME); it names ${found(columns)}`;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let quoteSeen = false;
  let header: { id: number; updatedAt: number } | undefined;
  let row = 0;
  let rowChars = 0;
  const endField = (): void => {
    fields.push(field);
    field = "";
    quoteSeen = false;
  };
  const endRow = (): void => {
    endField();
    const values = fields;
    fields = [];
    rowChars = 0;
    if (values.length === 1 && values[0] === "") return;
    if (header === undefined) {
      const columns = values.map((name) => name.replace(/^\uFEFF/, "").trim());
      const id = columns.indexOf(idName);
      const cursor = names.map((name) => columns.indexOf(name)).find((index) => index !== -1);
      if (id === -1 || cursor === undefined) throw new UploadError(headerProblem(columns));
      header = { id, updatedAt: cursor };
      return;
    }
    row++;
    const id = values[header.id];
    if (id === undefined || id === "") throw new UploadError(`row ${row}: no id`);
    onRow(id, values[header.updatedAt]);
  };
  return {
    write(text) {
      for (let k = 0; k < text.length; k++) {
        const c = text[k] as string;
        if (++rowChars > MAX_ROW_CHARS) throw new UploadError(`row ${row + 1}: longer than ${MAX_ROW_CHARS} characters`);
        if (quoted) {
          if (c === '"') {
            quoted = false;
            quoteSeen = true;
          } else {
            field += c;
          }
        } else if (c === '"') {
          // A doubled quote inside a quoted field reads as one quote.
          if (quoteSeen) field += '"';
          quoted = true;
        } else if (c === ",") {
          endField();
        } else if (c === "\n") {
          endRow();
        } else if (c !== "\r") {
          field += c;
        }
      }
    },
    end() {
      if (quoted) throw new UploadError(`row ${row + 1}: a quoted field is not closed`);
      if (field !== "" || fields.length > 0) endRow();
      if (header === undefined) throw new UploadError(headerProblem([]));
    },
  };
}
