/**
 * What the resource file's check (schema.ts) reads with: the name patterns, and a Reader that collects
 * every problem with its JSON path while each of its readers returns undefined for what it refused.
 */
export type Json = Record<string, unknown>;

export const NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const PARAMETER = /^[A-Za-z_][A-Za-z0-9_[\].-]{0,63}$/;
export const JSON_PATH = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,4}$/;
export const RESOURCE_PATH = /^(\/[A-Za-z0-9_.~-]+){1,6}$/;
/** Paths a declared resource may not take: the built-in ones, and the playground's own. */
export const RESERVED_PREFIXES = ["/pagination", "/export", "/incremental", "/auth", "/oauth", "/cursors", "/docs", "/openapi.json", "/favicon.ico", "/__playground"];

export const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Collects problems while reading; each reader returns undefined for what it refused. */
export class Reader {
  readonly problems: string[] = [];

  fail(path: string, message: string): undefined {
    if (this.problems.length < 100) this.problems.push(`${path}: ${message}`);
    return undefined;
  }

  object(value: unknown, path: string, allowed: readonly string[]): Json | undefined {
    if (!isObject(value)) return this.fail(path, `must be an object (got ${show(value)})`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, `is not a known field here (allowed: ${allowed.join(", ")})`);
    }
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value !== "number" || !Number.isSafeInteger(value)) return this.fail(path, `must be an integer (got ${show(value)})`);
    if (value < min || value > max) return this.fail(path, `must be from ${min} to ${max} (got ${value})`);
    return value;
  }

  number(value: unknown, path: string): number | undefined {
    if (typeof value !== "number" || !Number.isFinite(value)) return this.fail(path, `must be a number (got ${show(value)})`);
    return value;
  }

  share(value: unknown, path: string): number | undefined {
    const number = this.number(value, path);
    if (number !== undefined && (number < 0 || number > 1)) return this.fail(path, `must be from 0 to 1 (got ${number})`);
    return number;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value !== "string" || !allowed.includes(value as T)) return this.fail(path, `must be one of ${allowed.join(", ")} (got ${show(value)})`);
    return value as T;
  }

  matching(value: unknown, path: string, pattern: RegExp, what: string): string | undefined {
    if (typeof value !== "string" || !pattern.test(value)) return this.fail(path, `must be ${what} (got ${show(value)})`);
    return value;
  }
}

