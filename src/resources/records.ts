/**
 * Declared resources' records, computed, never stored: record i of a resource is a pure function of the
 * seed, the resource's place in the file, its count, the epoch and i, as the built-in records are. The
 * built-in layout (data/procedural.ts) gives each record its id and its slot of time, so the change cursor
 * strictly increases with i (both orders are creation order; a filter is a binary search); every other
 * field is a hash of i and the field's path, so any record is made alone, in any order, the same on every
 * start and replica. References pick a record of the other resource the same way. Records are written
 * straight into bytes (a field's writers below); their text forms are those bytes decoded.
 */
import { mix32, modulo, ProceduralLayout } from "../data/procedural.js";
import { ChangingRecords, type RecordChange, type Stamped, type Timeline } from "../data/changes.js";
import { pickChanges, type ChurnMix } from "../simulate/churn.js";
import { closeCsvField, csvField, quoteCsvField } from "../codecs/csv.js";
import { copyBytes, timestampInto, viewOf, writeDecimal, writeInteger, writeLatin1 } from "../codecs/bytes.js";
import { Prng } from "../data/prng.js";
import { Lexicon, writeAddress, writeAddressCity, writeCompany, writeEmail, writeFirstName, writeJob, writeLastName, writeName } from "../data/fake-bytes.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { JOB_TITLES, STREET_NAMES } from "../data/words.js";
import type { FieldSpec, ResourceSpec, TextKind } from "./schema.js";

/** A 32-bit key of a text (FNV-1a, then mixed). */
function keyOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return mix32(hash);
}

/** Lower-case words for `words` and `sentence` text: the generator's street names and job titles, split. */
const WORDS = new Lexicon([...new Set([...STREET_NAMES, ...JOB_TITLES].flatMap((text) => text.toLowerCase().split(/[^a-z]+/))
  .filter((word) => word.length > 2))].sort());

/** A uniform number in [0, 1) from a record and a key. */
const unit = (i: number, key: number): number => mix32(i ^ key) / 2 ** 32;

/**
 * Writes a value of record i of `set` (the set as it is now: its timestamps change with churn) into `out` at
 * `at`, returning the position after it. Bytes past the end of `out` are dropped (a typed array ignores
 * them) while the position still advances, so a record's writer tells from where it ends whether the
 * record fit, and how much room it needs.
 */
type Write = (i: number, set: DeclaredResource, out: Buffer, at: number) => number;

/**
 * A field's value: its JSON; its CSV field (a string as itself, quoted when it must be; null empty; an
 * array or object as its JSON text, quoted); and its JSON with every quote doubled, as it stands inside a
 * quoted CSV field (how a structure's members are written there).
 */
interface Value {
  readonly json: Write;
  readonly cell: Write;
  readonly doubled: Write;
}

/** A CSV column: its name (nested objects' members by dot path) and its field. */
interface Column {
  readonly name: string;
  readonly write: Write;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NULL = Buffer.from("null");
const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");

/** A value written between quotes (text that never needs escaping: generated words, timestamps). */
function inQuotes(write: Write): Write {
  return (i, set, out, at) => {
    out[at] = QUOTE;
    const end = write(i, set, out, at + 1);
    out[end] = QUOTE;
    return end + 1;
  };
}

/** The same between doubled quotes (inside a quoted CSV field). */
function inDoubledQuotes(write: Write): Write {
  return (i, set, out, at) => {
    out[at] = QUOTE;
    out[at + 1] = QUOTE;
    const end = write(i, set, out, at + 2);
    out[end] = QUOTE;
    out[end + 1] = QUOTE;
    return end + 2;
  };
}

/**
 * How a text kind's CSV field is quoted. Addresses always hold a comma; companies (`Nguyen, Nash and
 * King`) and job titles may. The other kinds are made of word lists of letters (names, cities, words,
 * email parts and domains) joined by spaces, digits and `.-_@+`, so they never need quotes, and are
 * written as they are, without looking for a comma (test/data/fake.test.ts checks those lists).
 */
const CSV_QUOTING: Readonly<Record<TextKind, "always" | "maybe" | "never">> = {
  address: "always", company: "maybe", job: "maybe",
  name: "never", first_name: "never", last_name: "never", email: "never", city: "never", phone: "never", words: "never", sentence: "never",
};

/**
 * A generated text's value: quoted in JSON (text made from the word lists never needs escaping, which
 * test/data/fake.test.ts checks of every list), a CSV field quoted when it holds a comma. Text that
 * always holds one is written a byte on, ready for its quotes; text that may, in place, moved only when it
 * needs them; text that never does, as it is. Either way the same bytes.
 */
function textValue(text: Write, quoting: "always" | "maybe" | "never"): Value {
  return {
    json: inQuotes(text),
    cell: quoting === "always" ? (i, set, out, at) => closeCsvField(out, at, text(i, set, out, at + 1))
      : quoting === "maybe" ? (i, set, out, at) => quoteCsvField(out, at, text(i, set, out, at)) : text,
    doubled: inDoubledQuotes(text),
  };
}

/** A value whose CSV field is its JSON text as it is (numbers, booleans). */
function plainValue(write: Write): Value {
  return { json: write, cell: write, doubled: write };
}

/** A value whose JSON text is a structure (an object, an array): its CSV field is that text, quoted when it must be. */
function structuredValue(json: Write, doubled: Write): Value {
  return { json, cell: (i, set, out, at) => closeCsvField(out, at, doubled(i, set, out, at + 1)), doubled };
}

/** A timestamp or date: quoted in JSON, as it is in CSV (it never needs quoting). */
function timeValue(text: Write): Value {
  return { json: inQuotes(text), cell: text, doubled: inDoubledQuotes(text) };
}

/** Writes whole epoch seconds as formatTimestamp does, or its first 10 characters (the date). */
function writeTime(out: Buffer, at: number, seconds: number, date: boolean): number {
  // The usual 20-byte form is stored a word at a time, which needs its room; other years (other lengths) and a buffer's end go by the text.
  if (out.length - at >= 24) {
    const end = timestampInto(viewOf(out), at, seconds);
    if (end === at + 20) return date ? at + 10 : end;
  }
  const text = formatTimestamp(seconds);
  return writeLatin1(out, at, date ? text.slice(0, 10) : text);
}

/** Members in braces (`{"a":1,"b":2}`), each after its head (`"a":`). */
function objectOf(heads: readonly Buffer[], members: readonly Write[]): Write {
  return (i, set, out, at) => {
    out[at++] = 0x7b;
    for (let m = 0; m < members.length; m++) {
      if (m > 0) out[at++] = COMMA;
      const head = heads[m] as Buffer;
      at = (members[m] as Write)(i, set, out, copyBytes(out, at, head, 0, head.length));
    }
    out[at] = 0x7d;
    return at + 1;
  };
}

/** A list in brackets of `min` to `min + span - 1` items (how many: a hash of the record). */
function arrayOf(items: readonly Write[], min: number, span: number, key: number): Write {
  return (i, set, out, at) => {
    const length = min + modulo(mix32(i ^ key), span);
    out[at++] = 0x5b;
    for (let j = 0; j < length; j++) {
      if (j > 0) out[at++] = COMMA;
      at = (items[j] as Write)(i, set, out, at);
    }
    out[at] = 0x5d;
    return at + 1;
  };
}

/** `count` words from the list, drawn from `rng`, with spaces between. */
function writeWords(rng: Prng, count: number, out: Uint8Array, at: number): number {
  at = WORDS.pick(rng, out, at);
  for (let k = 1; k < count; k++) {
    out[at++] = 0x20;
    at = WORDS.pick(rng, out, at);
  }
  return at;
}

/** Room for one record's text form when `json(i)` or `csvRow(i)` is asked for (a larger record gets a buffer of its own). */
let scratch = Buffer.allocUnsafe(16 * 1024);

/**
 * The base of a declared resource: the built-in layout's ids and time slots, or a sequence of ids
 * (1, 2, ...). Positions past the count (inserted records) have ids too, never one of the base's.
 */
class DeclaredBase implements Timeline {
  constructor(private readonly layout: ProceduralLayout, readonly sequence: boolean) {}
  get count(): number {
    return this.layout.count;
  }
  createdAt(i: number): number {
    return this.layout.createdAt(i);
  }
  updatedAt(i: number): number {
    return this.layout.updatedAt(i);
  }
  firstUpdatedFrom(since: number, strict: boolean): number {
    return this.layout.firstUpdatedFrom(since, strict);
  }
  id(i: number): string {
    return this.sequence ? String(i + 1) : this.layout.id(i);
  }
  /** Writes record i's id: a UUID's 36 characters, or its number in the sequence. */
  writeId(i: number, out: Buffer, at: number): number {
    if (this.sequence) return writeInteger(out, at, i + 1);
    return out.length - at >= 36 ? this.layout.idInto(i, viewOf(out), at) : at + 36;
  }
  positionOf(id: string): number {
    if (!this.sequence) return this.layout.positionOf(id);
    if (!/^[1-9]\d{0,9}$/.test(id)) return -1;
    const position = Number(id) - 1;
    return position < this.count ? position : -1;
  }
}

/** How a resource's records are written: a writer per member (with its head), CSV columns, the drift members. */
interface Shape {
  readonly members: readonly Write[];
  readonly drift: readonly Write[];
  readonly columns: readonly Column[];
  readonly driftColumns: readonly Column[];
  readonly deletedMember: Buffer;
}

/**
 * One resource's records: the base and the changes churn made (changes.ts), written in the declared
 * shape straight into bytes. With soft deletes every record carries the declared deleted field; after
 * schema drift the drift fields, last.
 */
export class DeclaredResource extends ChangingRecords<Stamped, DeclaredBase> {
  /** The base's count: what references pick among. */
  readonly count: number;
  private readonly shape: Shape;

  constructor(readonly spec: ResourceSpec, index: number, seed: number, epochSeconds: number, resolve: (name: string) => DeclaredResource,
    softDelete = false, shape?: Shape, base?: DeclaredBase) {
    // Each resource its own layout: the seed mixed with its place in the file and its name.
    super(base ?? new DeclaredBase(new ProceduralLayout((seed + keyOf(`${index}:${spec.name}`) * 2 ** 20) % Number.MAX_SAFE_INTEGER, spec.records, epochSeconds),
      Object.values(spec.fields).some((field) => field.kind === "id" && field.format === "sequence")), softDelete);
    this.count = spec.records;
    this.shape = shape ?? this.shapeOf(resolve);
  }

  protected blank(): this {
    return new DeclaredResource(this.spec, 0, 0, 0, () => this, this.softDelete, this.shape, this.base) as this;
  }

  private shapeOf(resolve: (name: string) => DeclaredResource): Shape {
    const { spec } = this;
    // Each member with what comes before it: the record's first one opens the object, the others a comma.
    const membersOf = (fields: Readonly<Record<string, FieldSpec>>, prefix: string, opens: boolean): Write[] => Object.entries(fields).map(([name, field], index) => {
      const value = this.renderer(field, `${prefix}.${name}`, prefix === spec.name && name === spec.cursor, resolve).json;
      const head = Buffer.from(`${opens && index === 0 ? "{" : ","}${JSON.stringify(name)}:`);
      return (i: number, set: DeclaredResource, out: Buffer, at: number): number => value(i, set, out, copyBytes(out, at, head, 0, head.length));
    });
    const columnsOf = (fields: Readonly<Record<string, FieldSpec>>, prefix: string, names: string): Column[] => Object.entries(fields).flatMap(([name, field]): Column[] =>
      (field.kind === "object" && field.nullable === undefined ? columnsOf(field.fields, `${prefix}.${name}`, `${names}${name}.`)
        : [{ name: `${names}${name}`, write: this.renderer(field, `${prefix}.${name}`, prefix === spec.name && name === spec.cursor, resolve).cell }]));
    return {
      // A resource has at least its id field: the first member opens the object.
      members: membersOf(spec.fields, spec.name, true),
      // Drift fields are keyed under their own prefix: their values never echo a field's.
      drift: membersOf(spec.changes.drift, `${spec.name}~drift`, false),
      columns: columnsOf(spec.fields, spec.name, ""),
      driftColumns: columnsOf(spec.changes.drift, `${spec.name}~drift`, ""),
      deletedMember: Buffer.from(`,${JSON.stringify(spec.changes.deletedField)}:`),
    };
  }

  /** Record i's id as JSON text (a quoted UUID, or a number for a sequence). */
  idJson(i: number): string {
    return this.base.sequence ? String(i + 1) : `"${this.base.id(i)}"`;
  }

  /** Writes record i's id as JSON, between `quotes` quotes each side when it is a UUID (2: inside a quoted CSV field). */
  writeIdJson(i: number, out: Buffer, at: number, quotes: 1 | 2): number {
    if (this.base.sequence) return this.base.writeId(i, out, at);
    out[at] = QUOTE;
    out[at + quotes - 1] = QUOTE;
    const end = this.base.writeId(i, out, at + quotes);
    out[end] = QUOTE;
    out[end + quotes - 1] = QUOTE;
    return end + quotes;
  }

  /** Writes record i's id as a client sends it back (`starting_after=...`). */
  writeIdText(i: number, out: Buffer, at: number): number {
    return this.base.writeId(i, out, at);
  }

  /** Record i's id as the text a client sends back (`starting_after=...`). */
  idText(i: number): string {
    return this.id(i);
  }

  /** Record i's JSON up to where it ends (which may be past the end of `out`: see Write). */
  private jsonEnd(i: number, out: Buffer, at: number): number {
    const { members, drift, deletedMember } = this.shape;
    for (let m = 0; m < members.length; m++) at = (members[m] as Write)(i, this, out, at);
    if (this.softDelete) {
      at = copyBytes(out, at, deletedMember, 0, deletedMember.length);
      const deletedAt = this.deletedAtOf(i);
      if (deletedAt === undefined) {
        at = copyBytes(out, at, NULL, 0, NULL.length);
      } else {
        out[at] = QUOTE;
        at = writeTime(out, at + 1, deletedAt, false);
        out[at++] = QUOTE;
      }
    }
    if (this.drifted) for (let m = 0; m < drift.length; m++) at = (drift[m] as Write)(i, this, out, at);
    out[at] = 0x7d;
    return at + 1;
  }

  /** Record i's CSV row up to where it ends, CRLF-terminated, in the header's columns. */
  private csvEnd(i: number, out: Buffer, at: number): number {
    const { columns, driftColumns } = this.shape;
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) out[at++] = COMMA;
      at = (columns[c] as Column).write(i, this, out, at);
    }
    if (this.softDelete) {
      out[at++] = COMMA;
      const deletedAt = this.deletedAtOf(i);
      if (deletedAt !== undefined) at = writeTime(out, at, deletedAt, false);
    }
    if (this.drifted) {
      for (let c = 0; c < driftColumns.length; c++) {
        out[at++] = COMMA;
        at = (driftColumns[c] as Column).write(i, this, out, at);
      }
    }
    out[at] = 0x0d;
    out[at + 1] = 0x0a;
    return at + 2;
  }

  /**
   * Writes record i's JSON (its fields in the declared order, then the deleted field with soft deletes and
   * the drift fields) into `out` at `at`: the position after it, or minus the bytes it needs when it does not fit.
   */
  writeJson(i: number, out: Buffer, at: number): number {
    const end = this.jsonEnd(i, out, at);
    return end <= out.length ? end : at - end;
  }

  /** Writes record i's CSV row as writeJson writes its JSON. */
  writeCsvRow(i: number, out: Buffer, at: number): number {
    const end = this.csvEnd(i, out, at);
    return end <= out.length ? end : at - end;
  }

  /** Record i as JSON text (its bytes, decoded). */
  json(i: number): string {
    return this.textOf(i, this.jsonEnd);
  }

  /** Record i's CSV row (CRLF-terminated) as text. */
  csvRow(i: number): string {
    return this.textOf(i, this.csvEnd);
  }

  /** What `write` puts down for record i, as text. */
  private textOf(i: number, write: (this: DeclaredResource, i: number, out: Buffer, at: number) => number): string {
    let out = scratch;
    let end = write.call(this, i, out, 0);
    if (end > out.length) {
      out = Buffer.allocUnsafe(end);
      end = write.call(this, i, out, 0);
    }
    return out.toString("utf8", 0, end);
  }

  /** The records at these positions as JSON, joined by commas. */
  joinedJson(positions: ArrayLike<number>): string {
    let out = "";
    for (let k = 0; k < positions.length; k++) out += (k > 0 ? "," : "") + this.json(positions[k] as number);
    return out;
  }

  /** The CSV header row: the fields (a nested object's members as `address.city`), the deleted field, the drift fields. */
  csvHeader(): string {
    const { columns, driftColumns } = this.shape;
    const names = [...columns, ...(this.drifted ? driftColumns : [])].map((column) => column.name);
    if (this.softDelete) names.splice(columns.length, 0, this.spec.changes.deletedField);
    return `${names.map(csvField).join(",")}\r\n`;
  }

  /** How a field's value is written, as a function of the record's position. */
  private renderer(field: FieldSpec, path: string, isCursor: boolean, resolve: (name: string) => DeclaredResource): Value {
    const key = keyOf(path);
    const value = this.valueRenderer(field, path, key, isCursor, resolve);
    const share = field.nullable ?? 0;
    if (share === 0) return value;
    const nullKey = keyOf(`${path}?`);
    const { json, cell, doubled } = value;
    const writeNull = (out: Buffer, at: number): number => copyBytes(out, at, NULL, 0, NULL.length);
    return {
      json: (i, set, out, at) => (unit(i, nullKey) < share ? writeNull(out, at) : json(i, set, out, at)),
      cell: (i, set, out, at) => (unit(i, nullKey) < share ? at : cell(i, set, out, at)),
      doubled: (i, set, out, at) => (unit(i, nullKey) < share ? writeNull(out, at) : doubled(i, set, out, at)),
    };
  }

  private valueRenderer(field: FieldSpec, path: string, key: number, isCursor: boolean, resolve: (name: string) => DeclaredResource): Value {
    switch (field.kind) {
      case "id":
        return { json: (i, set, out, at) => set.writeIdJson(i, out, at, 1), cell: (i, set, out, at) => set.writeIdText(i, out, at), doubled: (i, set, out, at) => set.writeIdJson(i, out, at, 2) };
      case "timestamp":
        if (isCursor) return timeValue((i, set, out, at) => writeTime(out, at, set.updatedAtOf(i), false));
        // Another timestamp: within the 30 days before the record was created.
        return timeValue((i, set, out, at) => writeTime(out, at, set.createdAtOf(i) - modulo(mix32(i ^ key), 2_592_000), false));
      case "date":
        return timeValue((i, set, out, at) => writeTime(out, at, set.createdAtOf(i) - modulo(mix32(i ^ key), 31_536_000), true));
      case "boolean": {
        const share = field.trueShare ?? 0.5;
        return plainValue((i, _set, out, at) => (unit(i, key) < share ? copyBytes(out, at, TRUE, 0, 4) : copyBytes(out, at, FALSE, 0, 5)));
      }
      case "integer": {
        const span = field.max - field.min + 1;
        // Two 32-bit draws cover spans wider than 2^32.
        return plainValue((i, _set, out, at) => writeInteger(out, at, field.min + Math.floor(((mix32(i ^ key) * 2 ** 21) + (mix32(i ^ key ^ 0x5bd1e995) >>> 11)) / 2 ** 53 * span)));
      }
      case "decimal": {
        const digits = field.scale ?? 2;
        const scale = 10 ** digits;
        const low = Math.ceil(field.min * scale);
        const steps = Math.floor(field.max * scale) - low + 1;
        return plainValue((i, _set, out, at) => writeDecimal(out, at, low + Math.floor(unit(i, key) * steps), digits));
      }
      case "enum": {
        const entries: [string, number][] = Array.isArray(field.values) ? (field.values as readonly string[]).map((v) => [v, 1])
          : Object.entries(field.values as Record<string, number>);
        const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
        const bounds: number[] = [];
        let running = 0;
        for (const [, weight] of entries) bounds.push((running += weight));
        const which = (i: number): number => {
          const pick = unit(i, key) * total;
          let k = 0;
          while (pick >= (bounds[k] as number)) k++;
          return k;
        };
        // Each value's three forms encoded once.
        const forms = (form: (value: string) => string): Write => {
          const encoded = entries.map(([v]) => Buffer.from(form(v)));
          return (i, _set, out, at) => {
            const bytes = encoded[which(i)] as Buffer;
            return copyBytes(out, at, bytes, 0, bytes.length);
          };
        };
        return { json: forms((v) => JSON.stringify(v)), cell: forms(csvField), doubled: forms((v) => JSON.stringify(v).replaceAll("\"", "\"\"")) };
      }
      case "text":
        return textValue(this.textWriter(field.text, key), CSV_QUOTING[field.text]);
      case "object": {
        const entries = Object.entries(field.fields).map(([name, inner]) => [JSON.stringify(name), this.renderer(inner, `${path}.${name}`, false, resolve)] as const);
        return structuredValue(objectOf(entries.map(([name]) => Buffer.from(`${name}:`)), entries.map(([, value]) => value.json)),
          objectOf(entries.map(([name]) => Buffer.from(`${name.replaceAll("\"", "\"\"")}:`)), entries.map(([, value]) => value.doubled)));
      }
      case "array": {
        const min = field.min ?? 0;
        const span = (field.max ?? 3) - min + 1;
        const items = Array.from({ length: min + span - 1 }, (_, j) => this.renderer(field.items, `${path}[${j}]`, false, resolve));
        return structuredValue(arrayOf(items.map((item) => item.json), min, span, key), arrayOf(items.map((item) => item.doubled), min, span, key));
      }
      case "reference": {
        // Resolved at the first use (every resource of the file exists by then).
        let target: DeclaredResource | undefined;
        const pick = (i: number): number => {
          target ??= resolve(field.resource);
          return Math.floor(unit(i, key) * target.count);
        };
        return {
          json: (i, _set, out, at) => { const j = pick(i); return (target as DeclaredResource).writeIdJson(j, out, at, 1); },
          cell: (i, _set, out, at) => { const j = pick(i); return (target as DeclaredResource).writeIdText(j, out, at); },
          doubled: (i, _set, out, at) => { const j = pick(i); return (target as DeclaredResource).writeIdJson(j, out, at, 2); },
        };
      }
    }
  }

  /** A text field's text (not yet quoted: its JSON and CSV forms are made from it), drawn by the generator (data/fake-bytes.ts). */
  private textWriter(kind: TextKind, key: number): Write {
    const rng = new Prng(0);
    const draw = (i: number): Prng => rng.reseed(mix32(i ^ key), mix32(i ^ key ^ 0x27d4eb2f), mix32(i ^ 0x165667b1) ^ key, i);
    switch (kind) {
      case "name": return (i, _set, out, at) => writeName(draw(i), out, at);
      case "first_name": return (i, _set, out, at) => writeFirstName(draw(i), out, at);
      case "last_name": return (i, _set, out, at) => writeLastName(draw(i), out, at);
      case "email": return (i, _set, out, at) => writeEmail(draw(i), out, at);
      case "company": return (i, _set, out, at) => writeCompany(draw(i), out, at);
      case "job": return (i, _set, out, at) => writeJob(draw(i), out, at);
      case "address": return (i, _set, out, at) => writeAddress(draw(i), out, at);
      case "city": return (i, _set, out, at) => writeAddressCity(draw(i), out, at);
      case "phone": return (i, _set, out, at) => {
        const n = mix32(i ^ key);
        at = writeLatin1(out, at, "+1-");
        at = writeInteger(out, at, 200 + modulo(n, 800));
        out[at++] = 0x2d;
        at = writeInteger(out, at, Math.floor(n / 800) % 1000, 3);
        out[at++] = 0x2d;
        return writeInteger(out, at, modulo(mix32(n), 10_000), 4);
      };
      case "words": return (i, _set, out, at) => writeWords(draw(i), 2 + modulo(mix32(i ^ key), 3), out, at);
      case "sentence": return (i, _set, out, at) => {
        const end = writeWords(draw(i), 6 + modulo(mix32(i ^ key), 8), out, at);
        // The first word capitalised (the words are lowercase ASCII letters); a full stop.
        if (at < out.length) out[at] = (out[at] as number) - 0x20;
        out[end] = 0x2e;
        return end + 1;
      };
    }
  }
}

/** A run's declared resources, by name, and each one's churn stream. */
export class DeclaredResources {
  readonly list: readonly DeclaredResource[];
  private readonly byName = new Map<string, DeclaredResource>();
  /** Each resource's own churn stream (so the built-in records' churn draws stay what they were). */
  private readonly streams: readonly (readonly [Prng, readonly [number, number, number, number]])[];

  constructor(specs: readonly ResourceSpec[], seed: number, epochSeconds: number, softDelete = false) {
    const resolve = (name: string): DeclaredResource => {
      const found = this.byName.get(name);
      if (found === undefined) throw new Error(`no declared resource ${name}`);
      return found;
    };
    this.list = specs.map((spec, index) => {
      const resource = new DeclaredResource(spec, index, seed, epochSeconds, resolve, softDelete);
      this.byName.set(spec.name, resource);
      return resource;
    });
    this.streams = specs.map((spec, index) => {
      const stream = new Prng((mix32(seed >>> 0) ^ keyOf(`churn:${index}:${spec.name}`)) >>> 0);
      return [stream, stream.save()] as const;
    });
  }

  /**
   * One churn batch for each resource (`ticks` ticks in the `mix`), at `nowSeconds`, applied; what changed,
   * by resource. An inserted record's values are computed from its position, as every record's are.
   */
  churn(nowSeconds: number, ticks: number, mix: ChurnMix): { readonly resource: DeclaredResource; readonly changes: readonly RecordChange[] }[] {
    return this.list.map((resource, index) => {
      const changes = pickChanges(resource, (this.streams[index] as readonly [Prng, unknown])[0], nowSeconds, ticks, mix,
        (_rng, at, position) => ({ id: resource.base.id(position), createdAt: at, updatedAt: at }));
      resource.apply(changes);
      return { resource, changes };
    });
  }

  /** Every resource back to its generated records, every stream to its start (the control plane's reset). */
  restore(): void {
    for (const resource of this.list) resource.restore();
    for (const [stream, start] of this.streams) stream.load(start);
  }

  /** Schema drift on every resource. */
  drift(): void {
    for (const resource of this.list) resource.drift(true);
  }

  /** Changes kept across every resource since the start or the last reset. */
  get changeCount(): number {
    return this.list.reduce((sum, resource) => sum + resource.changeCount, 0);
  }
}
