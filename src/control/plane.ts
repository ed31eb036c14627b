/**
 * The control plane's powers, in one object that both `/__playground/*` and `createServer()` use: the
 * journal and its subscribers, the sync summary, the clock, reset, churn, the fault settings and
 * script, the rate limit and token revocation. The pipeline reads its current bucket, fault injector
 * and script on every request.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { formatEpoch, formatInstant, PlaygroundClock } from "../simulate/clock.js";
import { formatChurnMix, pickChurn, UPDATES_ONLY, type ChurnMix } from "../simulate/churn.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { MAX_CHANGES } from "../data/records.js";
import { MESSAGES } from "../errors.js";
import { Prng } from "../data/prng.js";
import { FaultInjector, type FaultOptions } from "../simulate/faults.js";
import { packageVersion } from "../describe/package-info.js";
import { checkSetting, SETTINGS } from "../options.js";
import { TokenBucket } from "../simulate/token-bucket.js";
import type { AppState, Credentials, RequireAuth } from "../types.js";
import { FaultScript, type ScriptStep } from "../simulate/fault-script.js";
import { entryDetail, Journal, publicEntry, type JournalEntry, type JournalEntryDetail, type JournalRecord, type Observation } from "./journal.js";
import { Redactor } from "./redact.js";
import { SyncSummary, type EndpointSummary } from "./summary.js";

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
}

export interface ClockReading {
  /** The playground's time now. */
  readonly now: string;
  readonly epoch: string;
  /** Seconds added with `advance` since start or the last reset. */
  readonly offsetSeconds: number;
}

/** One churn change as reported: the record's id and its updatedAt after the change; deletes also say when. */
export interface ChurnChange {
  readonly kind: "update" | "insert" | "delete";
  readonly id: string;
  readonly updatedAt: string;
  readonly deletedAt?: string;
}

/** What the event stream carries. */
export type ControlEvent =
  | { readonly type: "request"; readonly entry: JournalRecord }
  | { readonly type: "cleared" }
  | { readonly type: "reset" }
  | { readonly type: "closing" };

/** What a server hands the control plane: its state and the parts of its pipeline the plane may replace. */
export interface ControlTarget {
  readonly state: AppState;
  bucket: TokenBucket | undefined;
  faults: FaultInjector | undefined;
  readonly clock: PlaygroundClock;
}

export interface ControlOptions {
  readonly journal: number;
  readonly adminToken: string | undefined;
  readonly faults: FaultSettings;
  readonly rateLimit: RateLimitSettings;
  readonly churnSeconds: number | undefined;
  /** What churn ticks do (default: updates only). */
  readonly churnMix: ChurnMix;
  /** `--schema-drift`: minutes after the epoch when every record gains `phone`. */
  readonly schemaDriftMinutes?: number | undefined;
  /** Whether answers are compressed for clients that accept it. */
  readonly compression: boolean;
  /** The base URL (set once listening). */
  readonly origin: () => string;
  /** Where churn is reported (the request log). */
  readonly onChurn?: (changes: readonly ChurnChange[]) => void;
}

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

export class ControlPlane {
  readonly journal: Journal;
  readonly summary: SyncSummary;
  readonly script = new FaultScript();
  readonly redactor: Redactor;
  private readonly listeners = new Set<(event: ControlEvent) => void>();
  private faultSettings: FaultSettings;
  private rateLimitSettings: RateLimitSettings;
  private readonly adminTokenBytes: Buffer | undefined;
  /** Generator positions right after start, for reset. */
  private readonly streams: readonly (readonly [Prng, readonly [number, number, number, number]])[];

  constructor(private readonly target: ControlTarget, private readonly options: ControlOptions) {
    const { state } = target;
    this.journal = new Journal(options.journal);
    this.summary = new SyncSummary();
    this.redactor = new Redactor(state.credentials, [options.adminToken]);
    this.faultSettings = options.faults;
    this.rateLimitSettings = options.rateLimit;
    this.adminTokenBytes = options.adminToken === undefined ? undefined : createHash("sha256").update(options.adminToken).digest();
    this.streams = [state.changes, state.faultStream, state.churnStream].map((prng) => [prng, prng.save()] as const);
  }

  /** Whether finished requests are observed (journal on, or a listener such as the structured log). */
  get recording(): boolean {
    return this.journal.capacity > 0;
  }

  /** Whether a request may use the control plane: on loopback, or with the admin token when one is set. */
  admits(tokenHeader: string | string[] | undefined): "ok" | "needs-token" | "loopback-only" {
    if (this.adminTokenBytes !== undefined) {
      // Digests of equal length are compared in constant time: neither the token nor its length leaks.
      const given = createHash("sha256").update(typeof tokenHeader === "string" ? tokenHeader : "").digest();
      return timingSafeEqual(given, this.adminTokenBytes) ? "ok" : "needs-token";
    }
    return this.target.state.binding.loopback ? "ok" : "loopback-only";
  }

  config(): PlaygroundConfig {
    const { state, clock } = this.target;
    return {
      url: this.options.origin(),
      version: packageVersion(),
      seed: state.binding.loopback ? state.settings.seed : null,
      epoch: formatEpoch(clock.epochMs),
      records: state.records.live,
      credentials: state.binding.loopback ? state.credentials : null,
      rateLimit: this.rateLimitSettings,
      tokenTtlSeconds: state.tokenTtlSeconds,
      oauth2: {
        accessTokenTtlSeconds: state.oauth.accessTtlSeconds, refreshRotation: state.oauth.rotation,
        tokenUrl: `${this.options.origin()}/oauth/token`, authorizeUrl: `${this.options.origin()}/oauth/authorize`,
      },
      requireAuth: state.settings.requireAuth ?? null,
      compression: this.options.compression,
      faults: this.faultSettings,
      churnSeconds: this.options.churnSeconds ?? null,
      churnMix: formatChurnMix(this.options.churnMix),
      softDelete: state.records.softDelete,
      schemaDrift: {
        minutes: this.options.schemaDriftMinutes ?? null,
        at: state.schemaDriftAt === undefined ? null : formatEpoch(state.schemaDriftAt),
        drifted: state.records.drifted,
      },
      journal: { size: this.journal.capacity, entries: this.journal.size },
      adminToken: this.adminTokenBytes !== undefined,
    };
  }

  /** Records a finished request (journal, summary, live listeners); returns its journal record. */
  record(observation: Observation): JournalRecord {
    const record = this.journal.add(observation);
    if (this.journal.capacity > 0) this.summary.observe(observation, this.target.state.records.version);
    if (this.listeners.size > 0) this.emit({ type: "request", entry: record });
    return record;
  }

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listeners now (each open event stream is one). */
  get subscribers(): number {
    return this.listeners.size;
  }

  /** Entries already serialised, so many readers (streams, lists) share one JSON text per entry. */
  private readonly serialised = new WeakMap<JournalRecord, string>();

  /** An entry's public JSON (redacted), made once per entry. */
  entryJson(record: JournalRecord): string {
    let text = this.serialised.get(record);
    if (text === undefined) {
      text = JSON.stringify(publicEntry(record, this.redactor));
      this.serialised.set(record, text);
    }
    return text;
  }

  /** The server is closing: live streams end. */
  close(): void {
    this.emit({ type: "closing" });
    this.listeners.clear();
  }

  private emit(event: ControlEvent): void {
    for (const listener of this.listeners) {
      // One subscriber's failure must not keep the event from the others, nor reach the request that caused it.
      try {
        listener(event);
      } catch (error) {
        console.error(error);
      }
    }
  }

  requests(since = 0, limit?: number): JournalEntry[] {
    return this.journal.list(since, limit).map((record) => publicEntry(record, this.redactor));
  }

  request(seq: number): JournalEntryDetail | undefined {
    const record = this.journal.get(seq);
    return record === undefined ? undefined : entryDetail(record, this.redactor);
  }

  entry(record: JournalRecord): JournalEntry {
    return publicEntry(record, this.redactor);
  }

  clearRequests(): void {
    this.journal.clear();
    this.summary.clear();
    this.emit({ type: "cleared" });
  }

  endpoints(): EndpointSummary[] {
    return this.summary.endpoints();
  }

  /** Back to the state right after start (the journal's seq keeps counting). */
  reset(): void {
    const { state, clock } = this.target;
    state.records.restore();
    this.driftedAt = undefined;
    state.companies.restore();
    for (const [prng, position] of this.streams) prng.load(position);
    clock.reset();
    state.revokedThrough = undefined;
    state.oauth.reset();
    state.exportJobs.reset();
    this.script.clear();
    this.setFaults(this.options.faults);
    this.setRateLimit(this.options.rateLimit);
    this.journal.clear();
    this.summary.clear();
    state.cache.clear();
    this.emit({ type: "reset" });
  }

  clock(): ClockReading {
    const { clock } = this.target;
    return { now: formatInstant(clock.now()), epoch: formatEpoch(clock.epochMs), offsetSeconds: clock.offsetSeconds };
  }

  advanceClock(seconds: number): ClockReading {
    this.target.clock.advance(seconds);
    return this.clock();
  }

  /** Whether the change history has no room for another tick (a tick changes up to three records): churn refuses until a reset. */
  get historyFull(): boolean {
    return this.ticksLeft() < 1;
  }

  private ticksLeft(): number {
    return Math.floor((MAX_CHANGES - this.target.state.records.changeCount) / 3);
  }

  /**
   * Applies `ticks` churn ticks now. Each changes one to three records, giving each a distinct updatedAt
   * later than every other and not in the future (the last one now), so fewer change (or none) when the
   * clock has not moved on enough seconds since the latest change.
   */
  churn(ticks = 1, mix: ChurnMix = this.options.churnMix): ChurnChange[] {
    const { state, clock } = this.target;
    if (!Number.isSafeInteger(ticks) || ticks < 1 || ticks > MAX_CHURN_TICKS) throw new RangeError(`ticks must be an integer from 1 to ${MAX_CHURN_TICKS}, got ${String(ticks)}`);
    // Near the cap, only as many ticks as the history still has room for (a tick changes at most three records).
    const room = this.ticksLeft();
    if (room < 1) throw new RangeError(MESSAGES.churnHistoryFull(MAX_CHANGES));
    const changes = pickChurn(state.records, state.churnStream, Math.floor(clock.now() / 1000), Math.min(ticks, room), mix);
    const records = state.records;
    if (changes.length > 0) records.apply(changes);
    // Inserted records took the last positions, in order.
    let inserted = records.size - changes.filter((change) => change.kind === "insert").length;
    const changed: ChurnChange[] = changes.map((change) => {
      const index = change.kind === "insert" ? inserted++ : change.index;
      const updatedAt = formatTimestamp(records.updatedAtOf(index));
      return change.kind === "delete"
        ? { kind: change.kind, id: records.id(index), updatedAt, deletedAt: formatTimestamp(change.at) }
        : { kind: change.kind, id: records.id(index), updatedAt };
    });
    if (changed.length > 0) {
      // Stored answers show the records before the change.
      state.cache.clear();
      try {
        this.options.onChurn?.(changed);
      } catch (error) {
        console.error(error);
      }
    }
    return changed;
  }

  faults(): FaultSettings {
    return this.faultSettings;
  }

  /** Replaces every fault setting (missing fields take their defaults); a RangeError for bad values. */
  setFaults(options: FaultOptions): FaultSettings {
    const settings = completeFaults(options);
    const { state } = this.target;
    const injector = new FaultInjector(settings, state.faultStream);
    this.target.faults = injector.active ? injector : undefined;
    this.faultSettings = settings;
    state.settings = { ...state.settings, simulations: describeSimulations(settings, this.options.churnSeconds, this.options.churnMix), simulatedErrors: settings.errorRate > 0 };
    state.cache.clear();
    return settings;
  }

  scriptSteps(): ReturnType<FaultScript["steps"]> {
    return this.script.steps();
  }

  scriptFaults(steps: readonly ScriptStep[]): ReturnType<FaultScript["steps"]> {
    this.script.append(steps);
    return this.script.steps();
  }

  rateLimit(): RateLimitSettings {
    return this.rateLimitSettings;
  }

  /** Turns the limit on or off and tunes it; the bucket starts full. */
  setRateLimit(options: { readonly enabled?: boolean; readonly capacity?: number; readonly refillPerSecond?: number }): RateLimitSettings {
    const settings: RateLimitSettings = {
      enabled: options.enabled ?? true,
      capacity: checkSetting(SETTINGS.capacity, options.capacity),
      refillPerSecond: checkSetting(SETTINGS.refillRate, options.refillPerSecond),
    };
    const { state, clock } = this.target;
    this.target.bucket = settings.enabled ? new TokenBucket(settings.capacity, settings.refillPerSecond, clock.now()) : undefined;
    this.rateLimitSettings = settings;
    state.settings = { ...state.settings, rateLimit: settings.enabled ? { capacity: settings.capacity, refillPerSecond: settings.refillPerSecond } : undefined };
    state.cache.clear();
    return settings;
  }

  /** Schema drift now: every record gains `phone` (the CSV a last column); answers when it applied. */
  driftSchema(): { readonly drifted: true; readonly at: string } {
    const { state, clock } = this.target;
    if (!state.records.drifted) {
      state.records.drift(true);
      // Stored answers show the records before the change.
      state.cache.clear();
      this.driftedAt = clock.now();
    }
    return { drifted: true, at: formatInstant(this.driftedAt ?? clock.now()) };
  }

  private driftedAt: number | undefined;

  /** Rejects every session token and OAuth2 access token issued so far (refresh tokens keep working); returns the instant of revocation. */
  revokeTokens(): { readonly revokedAt: string } {
    const { state, clock } = this.target;
    const now = clock.now();
    // Every token issued so far expires at or before this; later logins are issued past it.
    state.revokedThrough = Math.floor(now / 1000) + state.tokenTtlSeconds;
    state.oauth.revokedThrough = Math.floor(now / 1000) + state.oauth.accessTtlSeconds;
    state.cache.clear();
    return { revokedAt: formatInstant(now) };
  }
}
