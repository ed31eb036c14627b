/**
 * The JSON Schema subset the OpenAPI document uses (type, enum, ranges, pattern, formats, required,
 * properties, additionalProperties, items, maxItems, local $ref), as a validator for tests: examples
 * against their schemas (what Redocly's and Spectral's example rules check), and live answers against
 * the document (what a validating proxy checks).
 */
type Json = any;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(wanted: string, actual: string): boolean {
  return wanted === actual || (wanted === "number" && actual === "integer");
}

/** Every way `value` breaks `schema` (empty when it conforms); `root` resolves `#/...` references. */
export function schemaErrors(value: unknown, schema: Json, root: Json, where = "$"): string[] {
  if (schema === undefined || schema === true) return [];
  if (schema.$ref !== undefined) {
    const target = (schema.$ref as string).slice(2).split("/").reduce((node: Json, key: string) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], root);
    if (target === undefined) return [`${where}: unresolved ${schema.$ref}`];
    return schemaErrors(value, target, root, where);
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => typeMatches(type, actual))) return [`${where}: ${actual} is not ${types.join(" or ")}`];
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${where}: ${value} < minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${where}: ${value} > maximum ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern as string, "u").test(value)) errors.push(`${where}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (schema.format === "date-time" && !DATE_TIME.test(value)) errors.push(`${where}: ${JSON.stringify(value)} is not a date-time`);
    if (schema.format === "uri" && !/^[a-z][a-z0-9+.-]*:/i.test(value)) errors.push(`${where}: ${JSON.stringify(value)} is not a URI`);
    if (schema.format === "email" && !/^[^@\s]+@[^@\s]+$/.test(value)) errors.push(`${where}: ${JSON.stringify(value)} is not an email`);
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) errors.push(`${where}: missing ${name}`);
    for (const [name, property] of Object.entries(object)) {
      const propertySchema = schema.properties?.[name];
      if (propertySchema !== undefined) errors.push(...schemaErrors(property, propertySchema, root, `${where}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${where}: unexpected property ${name}`);
    }
  }
  if (actual === "array") {
    const array = value as unknown[];
    if (schema.maxItems !== undefined && array.length > schema.maxItems) errors.push(`${where}: ${array.length} items > maxItems ${schema.maxItems}`);
    array.forEach((item, i) => errors.push(...schemaErrors(item, schema.items, root, `${where}[${i}]`)));
  }
  return errors;
}
