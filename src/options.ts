/**
 * The numeric settings in one table: the flag and the `createServer` option that set each, its range and
 * default, and where `GET /__playground/config` (and `--json`'s first line) shows the value in use. The CLI
 * parser, `createServer`'s checks and `--help` read it; a test reads every row back from a run's config, so a
 * setting cannot be added without being shown (or saying why not).
 */
import { invalid } from "./errors.js";
import { globProblem } from "./codecs/glob.js";

export interface NumberSetting {
  /** The command-line flag, e.g. `--records` (undefined: a `createServer` option only). */
  readonly flag: string | undefined;
  /** The `createServer` option, as named in its errors, e.g. `records` or `rateLimit.capacity`. */
  readonly option: string;
  /** `integer`: whole numbers in [min, max]; `positive`: any finite number > 0; `share`: a number in [0, 1]. */
  readonly kind: "integer" | "positive" | "share";
  readonly min: number;
  readonly max: number;
  /** The default when neither flag nor option is given (`undefined`: off, or chosen at start). */
  readonly default: number | undefined;
  /** The value's name in `--help`, e.g. `N` or `SECONDS`. */
  readonly valueName: string;
  /** What it does, for `--help`. */
  readonly help: string;
  /** How `--help` states the default when it is not a number (`random`, `off`). */
  readonly defaultText?: string;
  /**
   * Where the config shows the value in use, as a dot path (`rateLimit.capacity`); null for what belongs to
   * the server rather than the run (the port is in `url`; connection limits; the export jobs' pace).
   */
  readonly shownAt: string | null;
}

function setting<F extends string | undefined, D extends number | undefined>(flag: F, option: string, kind: NumberSetting["kind"], min: number,
  max: number, defaultValue: D, valueName: string, help: string, shownAt: string | null, defaultText?: string): NumberSetting & { readonly flag: F; readonly default: D } {
  return { flag, option, kind, min, max, default: defaultValue, valueName, help, shownAt, ...(defaultText === undefined ? {} : { defaultText }) };
}

export const SETTINGS = {
  port: setting("--port", "port", "integer", 0, 65_535, 5001, "N", "port to listen on; 0 picks a free port", null),
  seed: setting("--seed", "seed", "integer", 0, Number.MAX_SAFE_INTEGER, undefined, "N",
    "seed for records, simulated changes and failures, and then the credentials too", "seed", "random, shown in the banner"),
  records: setting("--records", "records", "integer", 1, 1_000_000_000, 200, "N", "number of user records", "records"),
  capacity: setting("--capacity", "rateLimit.capacity", "integer", 1, 1_000_000_000, 20, "N",
    "rate-limit bucket capacity, the largest burst; turns the limit on", "rateLimit.capacity"),
  refillRate: setting("--refill-rate", "rateLimit.refillPerSecond", "positive", 0, Number.MAX_VALUE, 10, "N",
    "rate-limit tokens added per second; turns the limit on", "rateLimit.refillPerSecond"),
  tokenTtl: setting("--token-ttl", "tokenTtlSeconds", "integer", 1, 10 * 365 * 86_400, 3600, "SECONDS", "session token lifetime", "tokenTtlSeconds"),
  accessTokenTtl: setting("--access-token-ttl", "accessTokenTtlSeconds", "integer", 1, 10 * 365 * 86_400, 3600, "SECONDS", "OAuth2 access token lifetime", "oauth2.accessTokenTtlSeconds"),
  errorRate: setting("--error-rate", "errorRate", "share", 0, 1, 0, "P", "answer this share of requests with a 500, 502 or 503 (503 with Retry-After)", "faults.errorRate"),
  dropRate: setting("--drop-rate", "dropRate", "share", 0, 1, 0, "P", "close this share of connections without an answer", "faults.dropRate"),
  slowBodyRate: setting("--slow-body-rate", "slowBodyRate", "share", 0, 1, 0, "P", "send this share of bodies in small pieces over 1-2 seconds", "faults.slowBodyRate"),
  stallTimeout: setting(undefined, "stallTimeoutMs", "integer", 100, 3_600_000, 15_000, "MS",
    "close a connection whose answer's queued bytes have not gone down for this long", null),
  bodyTimeout: setting(undefined, "bodyTimeoutMs", "integer", 100, 3_600_000, 10_000, "MS",
    "a request body must arrive within this long (408 otherwise); an upload to the verifier may not pause this long", null),
  maxConnections: setting(undefined, "maxConnections", "integer", 1, 1_000_000, 2_048, "N", "most simultaneous connections", null),
  journal: setting("--journal", "journal", "integer", 0, 1_000_000, 1000, "N", "requests the journal keeps for the inspector and the control API; 0 turns it off", "journal.size"),
  exportJobSeconds: setting("--export-job-seconds", "exportJobSeconds", "integer", 1, 3600, 6, "SECONDS",
    "how long an export job takes, queued then running (each job within 20 % of it, seeded)", null),
  schemaDrift: setting("--schema-drift", "schemaDriftMinutes", "integer", 1, 525_600, undefined, "MINUTES",
    "after this long on the playground's clock every record gains a phone field (and the CSV a column)", "schemaDrift.minutes", "off"),
  churn: setting("--churn", "churnSeconds", "integer", 1, 86_400, undefined, "N", "every N seconds a few random records get a new, later updatedAt", "churnSeconds", "off"),
} as const satisfies Record<string, NumberSetting>;


/** `an integer from 1 to 1000000`, `a number > 0`, `a number from 0 to 1`. */
export function describeRange(setting: NumberSetting): string {
  switch (setting.kind) {
    case "integer": return `an integer from ${setting.min} to ${setting.max}`;
    case "positive": return "a number > 0";
    case "share": return "a number from 0 to 1";
  }
}

/** Whether a number is in the setting's range. */
export function inRange(setting: NumberSetting, value: number): boolean {
  switch (setting.kind) {
    case "integer": return Number.isSafeInteger(value) && value >= setting.min && value <= setting.max;
    case "positive": return Number.isFinite(value) && value > 0;
    case "share": return value >= 0 && value <= 1;
  }
}

/**
 * A `createServer` option's value, or its default when absent; an `invalid` PlaygroundError naming the option otherwise.
 * @example checkSetting(SETTINGS.records, undefined) // 200
 */
export function checkSetting(setting: NumberSetting, value: number | undefined): number {
  const checked = value ?? setting.default;
  if (checked === undefined || typeof checked !== "number" || !inRange(setting, checked)) {
    throw invalid(`${setting.option} must be ${describeRange(setting)}, got ${String(value)}`);
  }
  return checked;
}

const DECIMAL = /^\d+(\.\d+)?$|^\.\d+$/;

/** A flag's text as a number in range, or `undefined` (the caller words the usage error). */
export function parseSetting(setting: NumberSetting, text: string): number | undefined {
  let value: number;
  if (setting.kind === "integer") value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  else value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  return inRange(setting, value) ? value : undefined;
}

/** A setting's `--help` row: flag and value name, then what it does, the range and the default. */
export function helpRow(setting: NumberSetting & { readonly flag: string }): readonly [string, string] {
  const range = setting.kind === "integer" ? (setting.max >= 1_000_000_000_000 ? `>= ${setting.min}` : `${setting.min}-${setting.max}`)
    : setting.kind === "positive" ? "> 0" : "0-1";
  return [`${setting.flag} ${setting.valueName}`, `${setting.help}; ${range} (default: ${setting.defaultText ?? String(setting.default)})`];
}

/** The longest simulated latency, in milliseconds. */
export const MAX_LATENCY_MS = 600_000;

/** Whether [min, max] is a latency range: whole milliseconds, 0 ≤ min ≤ max ≤ MAX_LATENCY_MS. */
export function isLatencyRange(min: number, max: number): boolean {
  return Number.isSafeInteger(min) && Number.isSafeInteger(max) && min >= 0 && min <= max && max <= MAX_LATENCY_MS;
}

/** The most globs `--fault-paths` / `faultPaths` may list. */
export const MAX_FAULT_PATHS = 20;

/**
 * Why a fault-path list is not accepted (undefined when it is): 1-20 globs, each as globProblem wants.
 * @example faultPathsProblem(["/pagination/*"]) // undefined
 */
export function faultPathsProblem(globs: readonly unknown[]): string | undefined {
  if (globs.length === 0 || globs.some((glob) => typeof glob !== "string" || !glob.startsWith("/"))) return "must be globs starting with '/'";
  if (globs.length > MAX_FAULT_PATHS) return `may list at most ${MAX_FAULT_PATHS} globs, got ${globs.length}`;
  for (const glob of globs) {
    const problem = globProblem(glob);
    if (problem !== undefined) return `'${(glob as string).slice(0, 40)}${(glob as string).length > 40 ? "..." : ""}' ${problem}`;
  }
  return undefined;
}

/** The shortest admin token accepted (a guessable one would open the control plane to anyone who can reach it). */
export const MIN_ADMIN_TOKEN = 12;

/** An admin token as `--admin-token` / `adminToken` accept one: 12-200 printable ASCII characters, no spaces. */
export function isAdminToken(text: unknown): text is string {
  return isPrintableSecret(text) && text.length >= MIN_ADMIN_TOKEN;
}

/** A field or column name as the verifier's `updated_field` / `--updated-field` take one: 1-100 printable ASCII characters, no spaces. */
export function isFieldName(text: string): boolean {
  return /^[\x21-\x7e]{1,100}$/.test(text);
}

/** A secret or token as the playground accepts one: 1-200 printable ASCII characters, no spaces (it travels in headers). */
export function isPrintableSecret(text: unknown): text is string {
  return typeof text === "string" && /^[\x21-\x7e]{1,200}$/.test(text);
}
