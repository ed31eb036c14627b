/**
 * Declared resources' records, computed, never stored: record i of a resource is a pure function of the
 * seed, the resource's place in the file, its count, the epoch and i, as the built-in records are. The
 * built-in layout (data/procedural.ts) gives each record its id and its slot of time, so the change cursor
 * strictly increases with i (both orders are creation order; a filter is a binary search); every other
 * field is a hash of i and the field's path, so any record is made alone, in any order, the same on every
 * start and replica. References pick a record of the other resource the same way.
 */
import { mix32, ProceduralLayout } from "../data/procedural.js";
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

type Render = (i: number) => string;

/** One resource's records. */
export class DeclaredResource {
  readonly count: number;
  private readonly layout: ProceduralLayout;
  private readonly sequence: boolean;
  private readonly render: Render;

  constructor(readonly spec: ResourceSpec, index: number, seed: number, epochSeconds: number, resolve: (name: string) => DeclaredResource) {
    this.count = spec.records;
    // Each resource its own layout: the seed mixed with its place in the file and its name.
    this.layout = new ProceduralLayout((seed + keyOf(`${index}:${spec.name}`) * 2 ** 20) % Number.MAX_SAFE_INTEGER, spec.records, epochSeconds);
    this.sequence = Object.values(spec.fields).some((field) => field.kind === "id" && field.format === "sequence");
    const members = Object.entries(spec.fields).map(([name, field]) => {
      const value = this.renderer(field, `${spec.name}.${name}`, name === spec.cursor, resolve);
      const head = `${JSON.stringify(name)}:`;
      return (i: number): string => head + value(i);
    });
    this.render = (i) => {
      let out = "{";
      for (let m = 0; m < members.length; m++) out += (m > 0 ? "," : "") + (members[m] as Render)(i);
      return `${out}}`;
    };
  }

  /** Record i's id as JSON text (a quoted UUID, or a number for a sequence). */
  idJson(i: number): string {
    return this.sequence ? String(i + 1) : `"${this.layout.id(i)}"`;
  }

  /** Record i's id as the text a client sends back (`starting_after=...`). */
  idText(i: number): string {
    return this.sequence ? String(i + 1) : this.layout.id(i);
  }

  /** The position of the record with this id, or -1. */
  positionOf(id: string): number {
    if (this.sequence) {
      if (!/^[1-9]\d{0,9}$/.test(id)) return -1;
      const position = Number(id) - 1;
      return position < this.count ? position : -1;
    }
    const position = this.layout.positionOf(id);
    return position >= 0 && position < this.count ? position : -1;
  }

  /** Record i's change cursor, in epoch seconds (strictly increasing with i). */
  cursorAt(i: number): number {
    return this.layout.updatedAt(i);
  }

  /** The first position whose change cursor is at or after `seconds` (count when none). */
  firstSince(seconds: number): number {
    return this.layout.firstUpdatedFrom(seconds);
  }

  /** Record i as JSON, its fields in the declared order. */
  json(i: number): string {
    return this.render(i);
  }

  /** Records [from, from + n) as JSON, joined by commas. */
  joinedJson(from: number, n: number): string {
    let out = "";
    for (let k = 0; k < n; k++) out += (k > 0 ? "," : "") + this.render(from + k);
    return out;
  }

  /** How a field's value is written, as a function of the record's position. */
  private renderer(field: FieldSpec, path: string, isCursor: boolean, resolve: (name: string) => DeclaredResource): Render {
    const key = keyOf(path);
    const value = this.valueRenderer(field, path, key, isCursor, resolve);
    const share = field.nullable ?? 0;
    if (share === 0) return value;
    const nullKey = keyOf(`${path}?`);
    return (i) => (unit(i, nullKey) < share ? "null" : value(i));
  }

  private valueRenderer(field: FieldSpec, path: string, key: number, isCursor: boolean, resolve: (name: string) => DeclaredResource): Render {
    switch (field.kind) {
      case "id":
        return (i) => this.idJson(i);
      case "timestamp":
        if (isCursor) return (i) => `"${formatTimestamp(this.layout.updatedAt(i))}"`;
        // Another timestamp: within the 30 days before the record was created.
        return (i) => `"${formatTimestamp(this.layout.createdAt(i) - (mix32(i ^ key) % 2_592_000))}"`;
      case "date":
        return (i) => `"${formatTimestamp(this.layout.createdAt(i) - (mix32(i ^ key) % 31_536_000)).slice(0, 10)}"`;
      case "boolean": {
        const share = field.trueShare ?? 0.5;
        return (i) => (unit(i, key) < share ? "true" : "false");
      }
      case "integer": {
        const span = field.max - field.min + 1;
        // Two 32-bit draws cover spans wider than 2^32.
        return (i) => String(field.min + Math.floor(((mix32(i ^ key) * 2 ** 21) + (mix32(i ^ key ^ 0x5bd1e995) >>> 11)) / 2 ** 53 * span));
      }
      case "decimal": {
        const scale = 10 ** (field.scale ?? 2);
        const low = Math.ceil(field.min * scale);
        const steps = Math.floor(field.max * scale) - low + 1;
        return (i) => JSON.stringify((low + Math.floor(unit(i, key) * steps)) / scale);
      }
      case "enum": {
        const entries: [string, number][] = Array.isArray(field.values) ? (field.values as readonly string[]).map((v) => [v, 1])
          : Object.entries(field.values as Record<string, number>);
        const texts = entries.map(([v]) => JSON.stringify(v));
        const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
        const bounds: number[] = [];
        let running = 0;
        for (const [, weight] of entries) bounds.push((running += weight));
        return (i) => {
          const pick = unit(i, key) * total;
          let k = 0;
          while (pick >= (bounds[k] as number)) k++;
          return texts[k] as string;
        };
      }
      case "text":
        return this.textRenderer(field.text, key);
      case "object": {
        const members = Object.entries(field.fields).map(([name, inner]) => {
          const render = this.renderer(inner, `${path}.${name}`, false, resolve);
          const head = `${JSON.stringify(name)}:`;
          return (i: number): string => head + render(i);
        });
        return (i) => `{${members.map((member) => member(i)).join(",")}}`;
      }
      case "array": {
        const min = field.min ?? 0;
        const span = (field.max ?? 3) - min + 1;
        const items = Array.from({ length: min + span - 1 }, (_, j) => this.renderer(field.items, `${path}[${j}]`, false, resolve));
        return (i) => {
          const length = min + (mix32(i ^ key) % span);
          let out = "[";
          for (let j = 0; j < length; j++) out += (j > 0 ? "," : "") + (items[j] as Render)(i);
          return `${out}]`;
        };
      }
      case "reference": {
        return (i) => {
          const target = resolve(field.resource);
          return target.idJson(Math.floor(unit(i, key) * target.count));
        };
      }
    }
  }

  private textRenderer(kind: TextKind, key: number): Render {
    const rng = new Prng(0);
    const draw = (i: number): Prng => rng.reseed(mix32(i ^ key), mix32(i ^ key ^ 0x27d4eb2f), mix32(i ^ 0x165667b1) ^ key, i);
    const quoted = (make: (i: number) => string): Render => (i) => JSON.stringify(make(i));
    switch (kind) {
      case "name": return quoted((i) => fakePerson(draw(i)).name);
      case "first_name": return quoted((i) => fakePerson(draw(i)).name.split(" ")[0] as string);
      case "last_name": return quoted((i) => fakePerson(draw(i)).name.split(" ").slice(1).join(" "));
      case "email": return quoted((i) => fakePerson(draw(i)).email);
      case "company": return quoted((i) => fakeCompanyName(draw(i)));
      case "job": return quoted((i) => fakeJob(draw(i)));
      case "address": return quoted((i) => fakeAddress(draw(i)));
      case "city": return quoted((i) => (fakeAddress(draw(i)).split(", ")[1] ?? ""));
      case "phone": return quoted((i) => {
        const n = mix32(i ^ key);
        return `+1-${200 + (n % 800)}-${String(Math.floor(n / 800) % 1000).padStart(3, "0")}-${String(mix32(n) % 10_000).padStart(4, "0")}`;
      });
      case "words": return quoted((i) => {
        const r = draw(i);
        return Array.from({ length: 2 + (mix32(i ^ key) % 3) }, () => WORDS[Math.floor(r.float() * WORDS.length)] as string).join(" ");
      });
      case "sentence": return quoted((i) => {
        const r = draw(i);
        const words = Array.from({ length: 6 + (mix32(i ^ key) % 8) }, () => WORDS[Math.floor(r.float() * WORDS.length)] as string);
        const text = words.join(" ");
        return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
      });
    }
  }
}

/** A run's declared resources, by name. */
export class DeclaredResources {
  readonly list: readonly DeclaredResource[];
  private readonly byName = new Map<string, DeclaredResource>();

  constructor(specs: readonly ResourceSpec[], seed: number, epochSeconds: number) {
    const resolve = (name: string): DeclaredResource => {
      const found = this.byName.get(name);
      if (found === undefined) throw new Error(`no declared resource ${name}`);
      return found;
    };
    this.list = specs.map((spec, index) => {
      const resource = new DeclaredResource(spec, index, seed, epochSeconds, resolve);
      this.byName.set(spec.name, resource);
      return resource;
    });
  }
}
