/**
 * The settings and readings a run reports and takes: what a run is built from (RunOptions), the rate limit
 * and fault settings (complete, with their defaults), the config object, clock readings, churn changes and
 * the events a run emits. Shared by the run, the control routes, createServer and the banner.
 */
import { formatChurnMix, UPDATES_ONLY, type ChurnMix } from "../simulate/churn.js";
import { Prng } from "../data/prng.js";
import { FaultInjector, type FaultOptions } from "../simulate/faults.js";
import type { Credentials, CredentialsInput, RequireAuth } from "../types.js";
import type { PlaygroundClock } from "../simulate/clock.js";
import type { ResourceSpec } from "../resources/schema.js";
import type { JournalRecord } from "../control/journal.js";

/** Journal entries kept by default. */
export const DEFAULT_JOURNAL = 1000;
/** The largest journal. */
export const MAX_JOURNAL = 1_000_000;
/** The most churn ticks one call applies. */
export const MAX_CHURN_TICKS = 1000;

/** The rate limit as the control plane reads and sets it. */
export interface RateLimitSettings {
  readonly enabled: boolean;
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The fault settings, complete (what `PUT /__playground/faults` takes, with defaults filled in). */
export interface FaultSettings {
  readonly latency: number | readonly [number, number];
  readonly errorRate: number;
  readonly dropRate: number;
  readonly slowBodyRate: number;
  readonly faultPaths: readonly string[];
}

/** Everything a harness needs about this run: `GET /__playground/config` and the first line of `--json`. */
export interface PlaygroundConfig {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  readonly version: string;
  /** The seed; null while bound to a non-loopback address (with --seed it would reveal the credentials). */
  readonly seed: number | null;
  /** The instant the data was built from (`--epoch`, or the start time). */
  readonly epoch: string;
  readonly records: number;
  /** This run's credentials; null while bound to a non-loopback address (they are never shown there). */
  readonly credentials: Credentials | null;
  readonly rateLimit: RateLimitSettings;
  readonly tokenTtlSeconds: number;
  /** OAuth2: access token lifetime, whether refresh tokens rotate, and the token and authorize endpoints. */
  readonly oauth2: { readonly accessTokenTtlSeconds: number; readonly refreshRotation: boolean; readonly tokenUrl: string; readonly authorizeUrl: string };
  /** The scheme guarding every data endpoint (`--require-auth`), or null. */
  readonly requireAuth: RequireAuth | null;
  /** Whether JSON and CSV answers are compressed for clients that accept it (`--compression`). */
  readonly compression: boolean;
  readonly faults: FaultSettings;
  readonly churnSeconds: number | null;
  /** What churn does, as `--churn-mix` text (`update:1` unless set). */
  readonly churnMix: string;
  /** Whether deleted records stay listed with deletedAt (`--soft-delete`). */
  readonly softDelete: boolean;
  /** Schema drift: after how many minutes (null: only on request), when by the playground's clock, and whether it happened. */
  readonly schemaDrift: { readonly minutes: number | null; readonly at: string | null; readonly drifted: boolean };
  /** Entries the journal keeps (0: off) and how many it holds now. */
  readonly journal: { readonly size: number; readonly entries: number };
  /** Whether the control plane needs X-Playground-Admin-Token. */
  readonly adminToken: boolean;
  /**
   * Only while serving HTTPS: the certificate authority clients should trust (PEM; null when the
   * certificate was brought with --tls-cert), and, in `--json`'s first line, the file the CLI wrote it to.
   */
  readonly https?: { readonly certificateAuthority: string | null; readonly caFile?: string };
}

export interface ClockReading {
  /** The playground's time now. */
  readonly now: string;
  readonly epoch: string;
  /** Seconds added with `advance` since start or the last reset. */
  readonly offsetSeconds: number;
}

/**
 * One churn change as reported: the record's id and its updatedAt after the change; deletes also say when.
 * A declared resource's change names it (its id as a client sends it back, its change cursor as updatedAt).
 */
export interface ChurnChange {
  readonly kind: "update" | "insert" | "delete";
  readonly id: string;
  readonly updatedAt: string;
  readonly deletedAt?: string;
  readonly resource?: string;
}

/** What the event stream carries. */
export type ControlEvent =
  | { readonly type: "request"; readonly entry: JournalRecord }
  | { readonly type: "cleared" }
  | { readonly type: "reset" }
  | { readonly type: "closing" };

/** Complete fault settings from partial options (a RangeError for bad values, as `createServer` gives). */
export function completeFaults(options: FaultOptions): FaultSettings {
  const injector = new FaultInjector(options, new Prng(0));
  return {
    latency: options.latency ?? 0,
    errorRate: options.errorRate ?? 0,
    dropRate: options.dropRate ?? 0,
    slowBodyRate: options.slowBodyRate ?? 0,
    faultPaths: injector.faultPaths,
  };
}

/** The banner's line for active simulations (`none` when off). */
export function describeSimulations(faults: FaultSettings, churnSeconds: number | undefined, churnMix: ChurnMix = UPDATES_ONLY): string {
  const injector = new FaultInjector(faults, new Prng(0));
  return [injector.active ? injector.describe() : undefined, churnSeconds === undefined ? undefined
    : `churn every ${churnSeconds} s${churnMix.insert === 0 && churnMix.delete === 0 ? "" : ` (${formatChurnMix(churnMix)})`}`]
    .filter((part) => part !== undefined).join("; ") || "none";
}

/** What a run is built from (createServer checks these first). */
export interface RunOptions {
  readonly seed: number;
  readonly records: number;
  readonly clock: PlaygroundClock;
  readonly tokenTtlSeconds: number;
  /**
   * `seed` (default): derived from the seed, so `--seed` replays them; `random`: from node:crypto, so the
   * public data (which pins the seed) reveals nothing; or the credentials themselves.
   */
  readonly credentials?: "seed" | "random" | CredentialsInput;
  /** OAuth2 access token lifetime (default 3600) and refresh token rotation (default on). */
  readonly accessTokenTtlSeconds?: number;
  readonly refreshRotation?: boolean;
  /** OAuth2 redirect URIs registered besides loopback ones and the stand-in callback (checked, without query). */
  readonly oauthRedirectUris?: readonly string[];
  /** The scheme guarding every data endpoint (default none). */
  readonly requireAuth?: RequireAuth;
  /** Deleted records stay listed with deletedAt set (default: deletes remove them). */
  readonly softDelete?: boolean;
  /** Export jobs' typical duration in seconds (default 6). */
  readonly exportJobSeconds?: number;
  /** `--schema-drift`: minutes after the epoch when every record gains `phone`. */
  readonly schemaDriftMinutes?: number;
  /** Journal entries kept (default 1,000; 0: no journal, event stream or summary). */
  readonly journal?: number;
  readonly adminToken?: string;
  /** The fault settings and rate limit at start (and after every reset); default none and off. */
  readonly faults?: FaultSettings;
  readonly rateLimit?: RateLimitSettings;
  readonly churnSeconds?: number;
  /** What churn ticks do (default: updates only). */
  readonly churnMix?: ChurnMix;
  /** Whether answers are compressed for clients that accept it (stated in the config; default on). */
  readonly compression?: boolean;
  /** The base URL once listening (default: none yet). */
  readonly origin?: () => string;
  /** Declared resources (`--resources FILE`), already checked; none when absent. */
  readonly resources?: readonly ResourceSpec[];
  /** Set while serving HTTPS: the authority to trust (null for a certificate brought by the user). */
  readonly https?: { readonly certificateAuthority: string | null };
  /** Where churn is reported (the request log). */
  readonly onChurn?: (changes: readonly ChurnChange[]) => void;
}
