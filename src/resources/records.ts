/**
 * Declared resources' records, computed, never stored: record i of a resource is a pure function of the
 * seed, the resource's place in the file, its count, the epoch and i, as the built-in records are. The
 * built-in layout (data/procedural.ts) gives each record its id and its slot of time, so the change cursor
 * strictly increases with i (both orders are creation order; a filter is a binary search); every other
 * field is a hash of i and the field's path, so any record is made alone, in any order, the same on every
 * start and replica. References pick a record of the other resource the same way.
 */
import { mix32, ProceduralLayout } from "../data/procedural.js";
import { ChangingRecords, type RecordChange, type Stamped, type Timeline } from "../data/changes.js";
import { pickChanges, type ChurnMix } from "../simulate/churn.js";
import { csvField, needsQuotes } from "../codecs/csv.js";
import { decimalText } from "../codecs/integer.js";
import { Prng } from "../data/prng.js";
import { fakeAddress, fakeCompanyName, fakeJob, fakePerson } from "../data/fake.js";
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
const WORDS: readonly string[] = [...new Set([...STREET_NAMES, ...JOB_TITLES].flatMap((text) => text.toLowerCase().split(/[^a-z]+/))
  .filter((word) => word.length > 2))].sort();

/** A uniform number in [0, 1) from a record and a key. */
const unit = (i: number, key: number): number => mix32(i ^ key) / 2 ** 32;

/** A value's text for record i of `set` (the set as it is now: its timestamps change with churn). */
type Render = (i: number, set: DeclaredResource) => string;

/**
 * A field's value: its JSON text; its CSV field (a string as itself, quoted when it must be; null empty; an
 * array or object as its JSON text, quoted); and its JSON text with every quote doubled, as it stands
 * inside a quoted CSV field (how a structure's members are written there). Each is written directly.
 */
interface Value {
  readonly json: Render;
  readonly cell: Render;
  readonly doubled: Render;
}

/** A CSV column: its name (nested objects' members by dot path) and its field. */
interface Column {
  readonly name: string;
  readonly render: Render;
}

/**
 * A generated text's value: its JSON (quoted: text made from the word lists never needs escaping, which
 * test/data/fake.test.ts checks of every list) and its CSV field.
 */
function textValue(text: Render): Value {
  return { json: (i, set) => `"${text(i, set)}"`, cell: (i, set) => csvField(text(i, set)), doubled: (i, set) => `""${text(i, set)}""` };
}

/** A value whose CSV field is its JSON text as it is (numbers, booleans). */
function plainValue(json: Render): Value {
  return { json, cell: json, doubled: json };
}

/** A value whose JSON text is a structure (an object, an array): its CSV field is that text, quoted when it must be. */
function structuredValue(json: Render, doubled: Render): Value {
  return {
    json,
    cell: (i, set) => {
      const text = doubled(i, set);
      return needsQuotes(text) ? `"${text}"` : text;
    },
    doubled,
  };
}

/** A timestamp or date: quoted in JSON, as it is in CSV (it never needs quoting). */
function timeValue(text: Render): Value {
  return { json: (i, set) => `"${text(i, set)}"`, cell: text, doubled: (i, set) => `""${text(i, set)}""` };
}

/** Members in braces (`{"a":1,"b":2}`), each after its head (`"a":`). */
function objectOf(heads: readonly string[], members: readonly Render[]): Render {
  return (i, set) => {
    let out = "{";
    for (let m = 0; m < members.length; m++) out += (m > 0 ? "," : "") + (heads[m] as string) + (members[m] as Render)(i, set);
    return `${out}}`;
  };
}

/** A list in brackets of `min` to `min + span - 1` items (how many: a hash of the record). */
function arrayOf(items: readonly Render[], min: number, span: number, key: number): Render {
  return (i, set) => {
    const length = min + (mix32(i ^ key) % span);
    let out = "[";
    for (let j = 0; j < length; j++) out += (j > 0 ? "," : "") + (items[j] as Render)(i, set);
    return `${out}]`;
  };
}

/** `count` words from the list, drawn from `rng`, joined by spaces. */
function drawWords(rng: Prng, count: number): string {
  let text = WORDS[Math.floor(rng.float() * WORDS.length)] as string;
  for (let k = 1; k < count; k++) text += ` ${WORDS[Math.floor(rng.float() * WORDS.length)] as string}`;
  return text;
}

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
  positionOf(id: string): number {
    if (!this.sequence) return this.layout.positionOf(id);
    if (!/^[1-9]\d{0,9}$/.test(id)) return -1;
    const position = Number(id) - 1;
    return position < this.count ? position : -1;
  }
}

/** How a resource's records are written: a renderer per member, CSV columns, the drift members. */
interface Shape {
  readonly members: readonly Render[];
  readonly drift: readonly Render[];
  readonly columns: readonly Column[];
  readonly driftColumns: readonly Column[];
  readonly deletedMember: string;
}

/**
 * One resource's records: the base and the changes churn made (changes.ts), written in the declared
 * shape. With soft deletes every record carries the declared deleted field; after schema drift the
 * drift fields, last.
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
    const membersOf = (fields: Readonly<Record<string, FieldSpec>>, prefix: string, opens: boolean): Render[] => Object.entries(fields).map(([name, field], index) => {
      const value = this.renderer(field, `${prefix}.${name}`, prefix === spec.name && name === spec.cursor, resolve).json;
      const head = `${opens && index === 0 ? "{" : ","}${JSON.stringify(name)}:`;
      return (i: number, set: DeclaredResource): string => head + value(i, set);
    });
    const columnsOf = (fields: Readonly<Record<string, FieldSpec>>, prefix: string, names: string): Column[] => Object.entries(fields).flatMap(([name, field]): Column[] =>
      (field.kind === "object" && field.nullable === undefined ? columnsOf(field.fields, `${prefix}.${name}`, `${names}${name}.`)
        : [{ name: `${names}${name}`, render: this.renderer(field, `${prefix}.${name}`, prefix === spec.name && name === spec.cursor, resolve).cell }]));
    return {
      // A resource has at least its id field: the first member opens the object.
      members: membersOf(spec.fields, spec.name, true),
      // Drift fields are keyed under their own prefix: their values never echo a field's.
      drift: membersOf(spec.changes.drift, `${spec.name}~drift`, false),
      columns: columnsOf(spec.fields, spec.name, ""),
      driftColumns: columnsOf(spec.changes.drift, `${spec.name}~drift`, ""),
      deletedMember: `,${JSON.stringify(spec.changes.deletedField)}:`,
    };
  }

  /** Record i's id as JSON text (a quoted UUID, or a number for a sequence). */
  idJson(i: number): string {
    return this.base.sequence ? String(i + 1) : `"${this.base.id(i)}"`;
  }

  /** Record i's id as JSON with its quotes doubled (inside a quoted CSV field). */
  idDoubled(i: number): string {
    return this.base.sequence ? String(i + 1) : `""${this.base.id(i)}""`;
  }

  /** Record i's id as the text a client sends back (`starting_after=...`). */
  idText(i: number): string {
    return this.id(i);
  }

  /** Record i as JSON, its fields in the declared order, then the deleted field (soft deletes) and the drift fields. */
  json(i: number): string {
    const { members, drift, deletedMember } = this.shape;
    let out = "";
    for (let m = 0; m < members.length; m++) out += (members[m] as Render)(i, this);
    if (this.softDelete) {
      const deletedAt = this.deletedAtOf(i);
      out += deletedMember + (deletedAt === undefined ? "null" : `"${formatTimestamp(deletedAt)}"`);
    }
    if (this.drifted) for (let m = 0; m < drift.length; m++) out += (drift[m] as Render)(i, this);
    return `${out}}`;
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

  /** Record i's CSV row (CRLF-terminated), in the header's columns. */
  csvRow(i: number): string {
    const { columns, driftColumns } = this.shape;
    let row = "";
    for (let c = 0; c < columns.length; c++) row += (c > 0 ? "," : "") + (columns[c] as Column).render(i, this);
    if (this.softDelete) {
      const deletedAt = this.deletedAtOf(i);
      row += deletedAt === undefined ? "," : `,${formatTimestamp(deletedAt)}`;
    }
    if (this.drifted) for (const column of driftColumns) row += `,${column.render(i, this)}`;
    return `${row}\r\n`;
  }

  /** How a field's value is written, as a function of the record's position. */
  private renderer(field: FieldSpec, path: string, isCursor: boolean, resolve: (name: string) => DeclaredResource): Value {
    const key = keyOf(path);
    const value = this.valueRenderer(field, path, key, isCursor, resolve);
    const share = field.nullable ?? 0;
    if (share === 0) return value;
    const nullKey = keyOf(`${path}?`);
    const { json, cell, doubled } = value;
    return {
      json: (i, set) => (unit(i, nullKey) < share ? "null" : json(i, set)),
      cell: (i, set) => (unit(i, nullKey) < share ? "" : cell(i, set)),
      doubled: (i, set) => (unit(i, nullKey) < share ? "null" : doubled(i, set)),
    };
  }

  private valueRenderer(field: FieldSpec, path: string, key: number, isCursor: boolean, resolve: (name: string) => DeclaredResource): Value {
    switch (field.kind) {
      case "id":
        return { json: (i, set) => set.idJson(i), cell: (i, set) => set.idText(i), doubled: (i, set) => set.idDoubled(i) };
      case "timestamp":
        if (isCursor) return timeValue((i, set) => formatTimestamp(set.updatedAtOf(i)));
        // Another timestamp: within the 30 days before the record was created.
        return timeValue((i, set) => formatTimestamp(set.createdAtOf(i) - (mix32(i ^ key) % 2_592_000)));
      case "date":
        return timeValue((i, set) => formatTimestamp(set.createdAtOf(i) - (mix32(i ^ key) % 31_536_000)).slice(0, 10));
      case "boolean": {
        const share = field.trueShare ?? 0.5;
        return plainValue((i) => (unit(i, key) < share ? "true" : "false"));
      }
      case "integer": {
        const span = field.max - field.min + 1;
        // Two 32-bit draws cover spans wider than 2^32.
        return plainValue((i) => String(field.min + Math.floor(((mix32(i ^ key) * 2 ** 21) + (mix32(i ^ key ^ 0x5bd1e995) >>> 11)) / 2 ** 53 * span)));
      }
      case "decimal": {
        const digits = field.scale ?? 2;
        const scale = 10 ** digits;
        const low = Math.ceil(field.min * scale);
        const steps = Math.floor(field.max * scale) - low + 1;
        return plainValue((i) => decimalText(low + Math.floor(unit(i, key) * steps), digits));
      }
      case "enum": {
        const entries: [string, number][] = Array.isArray(field.values) ? (field.values as readonly string[]).map((v) => [v, 1])
          : Object.entries(field.values as Record<string, number>);
        const texts = entries.map(([v]) => JSON.stringify(v));
        const cells = entries.map(([v]) => csvField(v));
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
        const doubledTexts = texts.map((text) => text.replaceAll("\"", "\"\""));
        return { json: (i) => texts[which(i)] as string, cell: (i) => cells[which(i)] as string, doubled: (i) => doubledTexts[which(i)] as string };
      }
      case "text":
        return textValue(this.textRenderer(field.text, key));
      case "object": {
        const entries = Object.entries(field.fields).map(([name, inner]) => [JSON.stringify(name), this.renderer(inner, `${path}.${name}`, false, resolve)] as const);
        return structuredValue(objectOf(entries.map(([name]) => `${name}:`), entries.map(([, value]) => value.json)),
          objectOf(entries.map(([name]) => `${name.replaceAll("\"", "\"\"")}:`), entries.map(([, value]) => value.doubled)));
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
          json: (i) => { const j = pick(i); return (target as DeclaredResource).idJson(j); },
          cell: (i) => { const j = pick(i); return (target as DeclaredResource).idText(j); },
          doubled: (i) => { const j = pick(i); return (target as DeclaredResource).idDoubled(j); },
        };
      }
    }
  }

  /** A text field's text (not yet quoted: its JSON and CSV forms are made from it). */
  private textRenderer(kind: TextKind, key: number): Render {
    const rng = new Prng(0);
    const draw = (i: number): Prng => rng.reseed(mix32(i ^ key), mix32(i ^ key ^ 0x27d4eb2f), mix32(i ^ 0x165667b1) ^ key, i);
    switch (kind) {
      case "name": return (i) => fakePerson(draw(i)).name;
      case "first_name": return (i) => fakePerson(draw(i)).name.split(" ")[0] as string;
      case "last_name": return (i) => fakePerson(draw(i)).name.split(" ").slice(1).join(" ");
      case "email": return (i) => fakePerson(draw(i)).email;
      case "company": return (i) => fakeCompanyName(draw(i));
      case "job": return (i) => fakeJob(draw(i));
      case "address": return (i) => fakeAddress(draw(i));
      case "city": return (i) => (fakeAddress(draw(i)).split(", ")[1] ?? "");
      case "phone": return (i) => {
        const n = mix32(i ^ key);
        return `+1-${200 + (n % 800)}-${String(Math.floor(n / 800) % 1000).padStart(3, "0")}-${String(mix32(n) % 10_000).padStart(4, "0")}`;
      };
      case "words": return (i) => drawWords(draw(i), 2 + (mix32(i ^ key) % 3));
      case "sentence": return (i) => {
        const text = drawWords(draw(i), 6 + (mix32(i ^ key) % 8));
        return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
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
