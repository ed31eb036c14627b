/**
 * A declared resource's fields: the kinds, their options as types, and the check that reads them (every
 * mistake with its JSON path, as schema.ts gathers them). Pure.
 */
import { FIELD_NAME, isObject, NAME, Reader, show } from "./reader.js";

/** The generator's vocabularies a text field may draw from. */
export const TEXT_KINDS = ["name", "first_name", "last_name", "email", "company", "job", "address", "city", "phone", "words", "sentence"] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export const MAX_FIELDS = 50;
/** How deep objects and arrays may nest. */
export const MAX_DEPTH = 4;
export const MAX_ARRAY_ITEMS = 10;
export const MAX_ENUM_VALUES = 100;

/** A field's values at most (an object its members', an array its max times its items'). */
export function valuesIn(field: FieldSpec): number {
  if (field.kind === "object") return Object.values(field.fields).reduce((sum, inner) => sum + valuesIn(inner), 0);
  if (field.kind === "array") return (field.max ?? 3) * valuesIn(field.items);
  return 1;
}

interface Common {
  /** Share of records (0-1) whose value is null (default 0). */
  readonly nullable?: number;
}

export type FieldSpec = Common & (
  | { readonly kind: "id"; readonly format?: "uuid" | "sequence" }
  | { readonly kind: "text"; readonly text: TextKind }
  | { readonly kind: "enum"; readonly values: readonly string[] | Readonly<Record<string, number>> }
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | { readonly kind: "decimal"; readonly min: number; readonly max: number; readonly scale?: number }
  | { readonly kind: "boolean"; readonly trueShare?: number }
  | { readonly kind: "timestamp" }
  | { readonly kind: "date" }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, FieldSpec>> }
  | { readonly kind: "array"; readonly items: FieldSpec; readonly min?: number; readonly max?: number }
  | { readonly kind: "reference"; readonly resource: string }
);

export type FieldKind = FieldSpec["kind"];
export const FIELD_KINDS: readonly FieldKind[] = ["id", "text", "enum", "integer", "decimal", "boolean", "timestamp", "date", "object", "array", "reference"];

/** A field's spec, checked; `depth` counts the objects and arrays around it. */
function readField(reader: Reader, value: unknown, path: string, depth: number): FieldSpec | undefined {
  if (!isObject(value)) return reader.fail(path, `must be an object with a kind (got ${show(value)})`);
  const kind = reader.oneOf(value.kind, `${path}.kind`, FIELD_KINDS);
  if (kind === undefined) return undefined;
  const extra: Record<FieldKind, readonly string[]> = {
    id: ["format"], text: ["text"], enum: ["values"], integer: ["min", "max"], decimal: ["min", "max", "scale"], boolean: ["trueShare"],
    timestamp: [], date: [], object: ["fields"], array: ["items", "min", "max"], reference: ["resource"],
  };
  const fields = reader.object(value, path, ["kind", "nullable", ...extra[kind]]);
  if (fields === undefined) return undefined;
  const before = reader.problems.length;
  const nullable = fields.nullable === undefined ? undefined : reader.share(fields.nullable, `${path}.nullable`);
  if (kind === "id" && fields.nullable !== undefined) reader.fail(`${path}.nullable`, "an id is never null");
  const common = nullable === undefined ? {} : { nullable };
  let spec: FieldSpec | undefined;
  switch (kind) {
    case "id": {
      const format = fields.format === undefined ? "uuid" : reader.oneOf(fields.format, `${path}.format`, ["uuid", "sequence"] as const);
      spec = format === undefined ? undefined : { kind, format };
      break;
    }
    case "text": {
      const text = reader.oneOf(fields.text, `${path}.text`, TEXT_KINDS);
      spec = text === undefined ? undefined : { kind, text, ...common };
      break;
    }
    case "enum": {
      const values = fields.values;
      if (Array.isArray(values)) {
        if (values.length === 0 || values.length > MAX_ENUM_VALUES) reader.fail(`${path}.values`, `must list 1 to ${MAX_ENUM_VALUES} values (got ${values.length})`);
        values.forEach((item, i) => { if (typeof item !== "string" || item.length > 100) reader.fail(`${path}.values[${i}]`, `must be a string of at most 100 characters (got ${show(item)})`); });
        if (new Set(values).size !== values.length) reader.fail(`${path}.values`, "lists a value twice");
        spec = { kind, values: values as string[], ...common };
      } else if (isObject(values)) {
        const entries = Object.entries(values);
        if (entries.length === 0 || entries.length > MAX_ENUM_VALUES) reader.fail(`${path}.values`, `must weigh 1 to ${MAX_ENUM_VALUES} values (got ${entries.length})`);
        for (const [name, weight] of entries) {
          if (name.length > 100) reader.fail(`${path}.values`, `a value is over 100 characters (${show(name)})`);
          reader.integer(weight, `${path}.values.${name}`, 0, 1_000_000);
        }
        if (entries.length > 0 && entries.every(([, weight]) => weight === 0)) reader.fail(`${path}.values`, "needs a weight above 0");
        spec = { kind, values: values as Record<string, number>, ...common };
      } else {
        reader.fail(`${path}.values`, `must be a list of strings or an object of weights, like {"paid": 8, "open": 2} (got ${show(values)})`);
      }
      break;
    }
    case "integer":
    case "decimal": {
      const min = kind === "integer" ? reader.integer(fields.min, `${path}.min`, -(2 ** 53) + 1, 2 ** 53 - 1) : reader.number(fields.min, `${path}.min`);
      const max = kind === "integer" ? reader.integer(fields.max, `${path}.max`, -(2 ** 53) + 1, 2 ** 53 - 1) : reader.number(fields.max, `${path}.max`);
      if (min !== undefined && max !== undefined && max < min) reader.fail(`${path}.max`, `must be ≥ min (got ${max} < ${min})`);
      if (kind === "decimal") {
        const scale = fields.scale === undefined ? 2 : reader.integer(fields.scale, `${path}.scale`, 0, 6);
        if (min !== undefined && max !== undefined && scale !== undefined) spec = { kind, min, max, scale, ...common };
      } else if (min !== undefined && max !== undefined) {
        spec = { kind, min, max, ...common };
      }
      break;
    }
    case "boolean": {
      const trueShare = fields.trueShare === undefined ? 0.5 : reader.share(fields.trueShare, `${path}.trueShare`);
      spec = trueShare === undefined ? undefined : { kind, trueShare, ...common };
      break;
    }
    case "timestamp":
    case "date":
      spec = { kind, ...common };
      break;
    case "object": {
      if (depth >= MAX_DEPTH) return reader.fail(path, `nests too deep (at most ${MAX_DEPTH} objects and arrays)`);
      const nested = readFields(reader, fields.fields, `${path}.fields`, depth + 1);
      spec = nested === undefined ? undefined : { kind, fields: nested, ...common };
      break;
    }
    case "array": {
      if (depth >= MAX_DEPTH) return reader.fail(path, `nests too deep (at most ${MAX_DEPTH} objects and arrays)`);
      const items = readField(reader, fields.items, `${path}.items`, depth + 1);
      if (items?.kind === "id") reader.fail(`${path}.items.kind`, "an array cannot hold ids");
      const min = fields.min === undefined ? 0 : reader.integer(fields.min, `${path}.min`, 0, MAX_ARRAY_ITEMS);
      const max = fields.max === undefined ? 3 : reader.integer(fields.max, `${path}.max`, 0, MAX_ARRAY_ITEMS);
      if (min !== undefined && max !== undefined && max < min) reader.fail(`${path}.max`, `must be ≥ min (got ${max} < ${min})`);
      spec = items === undefined || min === undefined || max === undefined ? undefined : { kind, items, min, max, ...common };
      break;
    }
    case "reference": {
      const resource = reader.matching(fields.resource, `${path}.resource`, NAME, "the name of a declared resource");
      spec = resource === undefined ? undefined : { kind, resource, ...common };
      break;
    }
  }
  return reader.problems.length === before ? spec : undefined;
}

export function readFields(reader: Reader, value: unknown, path: string, depth: number): Record<string, FieldSpec> | undefined {
  if (!isObject(value)) return reader.fail(path, `must be an object of fields, like {"id": {"kind": "id"}} (got ${show(value)})`);
  const names = Object.keys(value);
  if (names.length === 0 || names.length > MAX_FIELDS) return reader.fail(path, `must declare 1 to ${MAX_FIELDS} fields (got ${names.length})`);
  const fields: Record<string, FieldSpec> = {};
  let complete = true;
  for (const name of names) {
    if (!FIELD_NAME.test(name)) {
      reader.fail(`${path}.${name.slice(0, 70)}`, "a field name must be letters, digits and _ (not first), at most 64");
      complete = false;
      continue;
    }
    const field = readField(reader, value[name], `${path}.${name}`, depth);
    if (field === undefined) complete = false;
    else Object.defineProperty(fields, name, { value: field, enumerable: true, writable: false, configurable: false });
  }
  return complete ? fields : undefined;
}
