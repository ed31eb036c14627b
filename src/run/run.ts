/**
 * The run: the one object that owns everything a playground keeps between requests — the clock, the
 * records and companies, the random streams, the credentials and OAuth2 store, the export jobs, the rate
 * limit bucket, the fault injector and script, the journal and its subscribers, the sync summary and the
 * answer cache — and the only thing that changes them. Handlers and the pipeline read it; the control
 * plane and `createServer()` change it through its methods (the `Admin` part), each of which drops the
 * stored answers that could show the old state.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { BodySlab } from "./respond.js";
import type { SessionToken } from "../codecs/token.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import { Redactor } from "../control/redact.js";
import { CompanyDirectory } from "../data/companies.js";
import { Prng } from "../data/prng.js";
import { MAX_CHANGES, RecordSet } from "../data/records.js";
import type { ChangingRecords, RecordChange, Stamped } from "../data/changes.js";
import { packageVersion } from "../package-info.js";
import { invalid, MESSAGES } from "../errors.js";
import { ResponseCache } from "./answer-cache.js";
import { checkSetting, SETTINGS } from "../options.js";
import { pickChurn, formatChurnMix, UPDATES_ONLY, type ChurnMix } from "../simulate/churn.js";
import { formatEpoch, formatInstant, PlaygroundClock } from "../simulate/clock.js";
import { DeclaredResources } from "../resources/records.js";
import { FaultScript, type ScriptStep } from "../simulate/fault-script.js";
import { FaultInjector, type FaultOptions } from "../simulate/faults.js";
import { TokenBucket } from "../simulate/token-bucket.js";
import type { Credentials, CredentialsInput, RequireAuth, RunSettings } from "../types.js";
import { CRYPTO_RANDOM, generateCredentials, generateOAuthClient } from "./credentials.js";
import { ExportJobs } from "./export-jobs.js";
import { OAuthStore } from "./oauth-store.js";
import { Recorder } from "./recorder.js";
import { Memo } from "../data/memo.js";
import type { RunOptions } from "./settings.js";

export type { RunOptions };
import {
  completeFaults, DEFAULT_JOURNAL, describeSimulations, MAX_CHURN_TICKS, type ChurnChange, type ClockReading, type FaultSettings,
  type PlaygroundConfig, type RateLimitSettings,
} from "./settings.js";

/** What a run is made from: the data's seed and size, the clock, and every setting (checked by the caller). */
const NO_FAULTS: FaultSettings = completeFaults({});
const RATE_LIMIT_OFF: RateLimitSettings = { enabled: false, capacity: SETTINGS.capacity.default, refillPerSecond: SETTINGS.refillRate.default };

export class Run {
  readonly clock: PlaygroundClock;
  readonly records: RecordSet;
  /** The declared resources' records (`--resources`), or undefined. */
  readonly declared: DeclaredResources | undefined;
  readonly companies: CompanyDirectory;
  /** The random stream behind the cursor endpoints' simulated changes. */
  readonly changes: Prng;
  /** The random streams behind injected faults and record churn. */
  readonly faultStream: Prng;
  readonly churnStream: Prng;
  readonly credentials: Credentials;
  readonly tokenTtlSeconds: number;
  /** The OAuth2 client's signing key, settings and used refresh tokens and codes. */
  readonly oauth: OAuthStore;
  /** Bulk export jobs (`/export/jobs`). */
  readonly exportJobs: ExportJobs;
  /** Where the server listens (set by `listen`): credentials are shown on the docs page only on loopback. */
  readonly binding = { loopback: true, address: "127.0.0.1" };
  /** Answers of read-only endpoints (and other derived bytes), computed once. */
  readonly cache = new ResponseCache();
  /** Where this server's bodies are carved from. */
  readonly slab = new BodySlab();
  /** Session tokens decoded by this server, by their text (bounded; the checks still run every time). */
  readonly decodedTokens = new Memo<string, SessionToken | undefined>(1024, 256);
  /** Schema drift: when (playground clock, epoch ms) every record gains `phone`; undefined when off. */
  readonly schemaDriftAt: number | undefined;
  /** The journal, the sync summary and the live event stream's listeners. */
  readonly recorder: Recorder;
  readonly script = new FaultScript();
  readonly redactor: Redactor;
  private currentSettings: RunSettings;
  private sessionsRevokedThrough: number | undefined;
  private currentBucket: TokenBucket | undefined;
  private currentInjector: FaultInjector | undefined;
  private faultSettings: FaultSettings;
  private rateLimitSettings: RateLimitSettings;
  private driftedAt: number | undefined;
  private readonly adminTokenBytes: Buffer | undefined;
  /** Generator positions right after start, for reset. */
  private readonly streams: readonly (readonly [Prng, readonly [number, number, number, number]])[];

  /**
   * Builds all data from one seed. Each part draws from its own stream, so e.g. changing `records`
   * leaves the credentials and companies of a seed unchanged.
   */
  constructor(private readonly options: RunOptions) {
    this.clock = options.clock;
    const master = new Prng(options.seed);
    const recordsRng = new Prng(master.nextUint32());
    const companiesRng = new Prng(master.nextUint32());
    this.changes = new Prng(master.nextUint32());
    const credentialsRng = new Prng(master.nextUint32());
    this.faultStream = new Prng(master.nextUint32());
    this.churnStream = new Prng(master.nextUint32());
    // Drawn last, so every stream above is what it was before export jobs existed.
    const jobsSeed = master.nextUint32();
    const nowSeconds = Math.floor(this.clock.epochMs / 1000);
    const given = options.credentials;
    this.credentials = typeof given === "object"
      ? { ...given, oauth2: given.oauth2 ?? generateOAuthClient(credentialsRng) }
      : generateCredentials(given === "random" ? CRYPTO_RANDOM : credentialsRng);
    const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? SETTINGS.accessTokenTtl.default;
    const refreshRotation = options.refreshRotation ?? true;
    const exportJobSeconds = options.exportJobSeconds ?? SETTINGS.exportJobSeconds.default;
    const softDelete = options.softDelete ?? false;
    this.records = RecordSet.procedural(recordsRng.nextUint32(), options.records, nowSeconds, softDelete);
    this.companies = new CompanyDirectory(companiesRng, nowSeconds);
    // From the seed itself rather than a stream of the master generator, so the streams above stay as they were.
    this.declared = options.resources === undefined ? undefined : new DeclaredResources(options.resources, options.seed, nowSeconds, softDelete);
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.oauth = new OAuthStore(this.credentials.oauth2.clientId, this.credentials.oauth2.clientSecret, accessTokenTtlSeconds, refreshRotation, options.oauthRedirectUris);
    this.exportJobs = new ExportJobs(jobsSeed, exportJobSeconds);
    this.schemaDriftAt = options.schemaDriftMinutes === undefined ? undefined : this.clock.epochMs + options.schemaDriftMinutes * 60_000;
    this.redactor = new Redactor(this.credentials, [options.adminToken]);
    this.recorder = new Recorder(options.journal ?? DEFAULT_JOURNAL, this.redactor);
    this.adminTokenBytes = options.adminToken === undefined ? undefined : createHash("sha256").update(options.adminToken).digest();
    this.streams = [this.changes, this.faultStream, this.churnStream].map((prng) => [prng, prng.save()] as const);
    this.faultSettings = options.faults ?? NO_FAULTS;
    this.rateLimitSettings = options.rateLimit ?? RATE_LIMIT_OFF;
    this.currentSettings = {
      seed: options.seed,
      credentialsFromSeed: options.credentials === undefined || options.credentials === "seed",
      records: options.records,
      tokenTtlSeconds: options.tokenTtlSeconds,
      accessTokenTtlSeconds,
      refreshRotation,
      requireAuth: options.requireAuth,
      rateLimit: undefined,
      simulations: "none",
      simulatedErrors: false,
      churnSeconds: options.churnSeconds,
      dataChanges: [
        softDelete ? "soft deletes (deleted records stay listed with deletedAt)" : "deletes remove records",
        this.schemaDriftAt === undefined ? "no schema drift" : `schema drift (phone) at ${formatEpoch(this.schemaDriftAt)}`,
        `export jobs take about ${exportJobSeconds} s`,
      ].join("; "),
    };
    // The bucket and the injector as configured (a reset comes back to these).
    this.setRateLimit(this.rateLimitSettings);
    this.setFaults(this.faultSettings);
  }

  /** This run's settings as the banner, the docs page and the OpenAPI document state them. */
  get settings(): RunSettings {
    return this.currentSettings;
  }

  /** The rate-limit bucket, or undefined while the limit is off. */
  get bucket(): TokenBucket | undefined {
    return this.currentBucket;
  }

  /** The random fault injector, or undefined while no random fault is on. */
  get injector(): FaultInjector | undefined {
    return this.currentInjector;
  }

  /** Session tokens expiring at or before this (epoch seconds) were revoked. */
  get revokedThrough(): number | undefined {
    return this.sessionsRevokedThrough;
  }

  /** Whether a request may use the control plane: on loopback, or with the admin token when one is set. */
  admits(tokenHeader: string | string[] | undefined): "ok" | "needs-token" | "loopback-only" {
    if (this.adminTokenBytes !== undefined) {
      // Digests of equal length are compared in constant time: neither the token nor its length leaks.
      const given = createHash("sha256").update(typeof tokenHeader === "string" ? tokenHeader : "").digest();
      return timingSafeEqual(given, this.adminTokenBytes) ? "ok" : "needs-token";
    }
    return this.binding.loopback ? "ok" : "loopback-only";
  }

  config(): PlaygroundConfig {
    const origin = this.options.origin?.() ?? "";
    return {
      url: origin,
      version: packageVersion(),
      seed: this.binding.loopback ? this.currentSettings.seed : null,
      epoch: formatEpoch(this.clock.epochMs),
      records: this.records.live,
      credentials: this.binding.loopback ? this.credentials : null,
      rateLimit: this.rateLimitSettings,
      tokenTtlSeconds: this.tokenTtlSeconds,
      oauth2: {
        accessTokenTtlSeconds: this.oauth.accessTtlSeconds, refreshRotation: this.oauth.rotation,
        tokenUrl: `${origin}/oauth/token`, authorizeUrl: `${origin}/oauth/authorize`,
      },
      requireAuth: this.currentSettings.requireAuth ?? null,
      compression: this.options.compression ?? true,
      faults: this.faultSettings,
      churnSeconds: this.options.churnSeconds ?? null,
      churnMix: formatChurnMix(this.churnMix),
      softDelete: this.records.softDelete,
      schemaDrift: {
        minutes: this.options.schemaDriftMinutes ?? null,
        at: this.schemaDriftAt === undefined ? null : formatEpoch(this.schemaDriftAt),
        drifted: this.records.drifted,
      },
      journal: { size: this.recorder.journal.capacity, entries: this.recorder.journal.size },
      adminToken: this.adminTokenBytes !== undefined,
      ...(this.options.https === undefined ? {} : { https: this.options.https }),
    };
  }

  private get churnMix(): ChurnMix {
    return this.options.churnMix ?? UPDATES_ONLY;
  }

  /**
   * Every change goes through here: it applies, then the stored answers that could show the state
   * before it are dropped (the one place the cache is invalidated).
   */
  private change<T>(apply: () => T): T {
    const result = apply();
    this.cache.clear();
    return result;
  }

  /** Back to the state right after start (the journal's seq keeps counting). */
  reset(): void {
    this.change(() => {
      this.records.restore();
      this.declared?.restore();
      this.driftedAt = undefined;
      this.companies.restore();
      for (const [prng, position] of this.streams) prng.load(position);
      this.clock.reset();
      this.sessionsRevokedThrough = undefined;
      this.oauth.reset();
      this.exportJobs.reset();
      this.script.clear();
      this.setFaults(this.options.faults ?? NO_FAULTS);
      this.setRateLimit(this.options.rateLimit ?? RATE_LIMIT_OFF);
      this.recorder.reset();
    });
    this.recorder.emit({ type: "reset" });
  }

  clockReading(): ClockReading {
    return { now: formatInstant(this.clock.now()), epoch: formatEpoch(this.clock.epochMs), offsetSeconds: this.clock.offsetSeconds };
  }

  advanceClock(seconds: number): ClockReading {
    this.clock.advance(seconds);
    return this.clockReading();
  }

  /** Bumped by every change to any records (built-in or declared): what the sync summary compares re-reads with. */
  get dataVersion(): number {
    let version = this.records.version;
    for (const resource of this.declared?.list ?? []) version += resource.version;
    return version;
  }

  /** Whether the change history has no room for another tick (a tick changes up to three records of each set): churn refuses until a reset. */
  get historyFull(): boolean {
    return this.ticksLeft() < 1;
  }

  private ticksLeft(): number {
    // One history for the run: the built-in records and every declared resource share MAX_CHANGES, so its
    // memory bound holds however many resources a file declares (a tick changes up to three records of each).
    const sets = 1 + (this.declared?.list.length ?? 0);
    return Math.floor((MAX_CHANGES - this.records.changeCount - (this.declared?.changeCount ?? 0)) / (3 * sets));
  }

  /**
   * Applies `ticks` churn ticks now. Each changes one to three records, giving each a distinct updatedAt
   * later than every other and not in the future (the last one now), so fewer change (or none) when the
   * clock has not moved on enough seconds since the latest change.
   */
  churn(ticks = 1, mix: ChurnMix = this.churnMix): ChurnChange[] {
    if (!Number.isSafeInteger(ticks) || ticks < 1 || ticks > MAX_CHURN_TICKS) throw invalid(`ticks must be an integer from 1 to ${MAX_CHURN_TICKS}, got ${String(ticks)}`);
    // Near the cap, only as many ticks as the history still has room for (a tick changes at most three records).
    const room = this.ticksLeft();
    if (room < 1) throw invalid(MESSAGES.churnHistoryFull(MAX_CHANGES));
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const changes = pickChurn(this.records, this.churnStream, nowSeconds, Math.min(ticks, room), mix);
    const changed = this.change(() => {
      this.records.apply(changes);
      const reported = reportChanges(this.records, changes);
      // Each declared resource changes too, from its own stream.
      for (const { resource, changes: its } of this.declared?.churn(nowSeconds, Math.min(ticks, room), mix) ?? []) {
        reported.push(...reportChanges(resource, its, resource.spec.name));
      }
      return reported;
    });
    if (changed.length === 0) return [];
    try {
      this.options.onChurn?.(changed);
    } catch (error) {
      console.error(error);
    }
    return changed;
  }

  faults(): FaultSettings {
    return this.faultSettings;
  }

  /** Replaces every fault setting (missing fields take their defaults); an `invalid` error for bad values. */
  setFaults(options: FaultOptions): FaultSettings {
    const settings = completeFaults(options);
    return this.change(() => {
      const injector = new FaultInjector(settings, this.faultStream);
      this.currentInjector = injector.active ? injector : undefined;
      this.faultSettings = settings;
      this.currentSettings = {
        ...this.currentSettings, simulations: describeSimulations(settings, this.options.churnSeconds, this.churnMix), simulatedErrors: settings.errorRate > 0,
      };
      return settings;
    });
  }

  scriptSteps(): ReturnType<FaultScript["steps"]> {
    return this.script.steps();
  }

  scriptFaults(steps: readonly ScriptStep[]): ReturnType<FaultScript["steps"]> {
    this.script.append(steps);
    return this.script.steps();
  }

  /** Drops every waiting scripted step; answers the (empty) queue. */
  clearScript(): ReturnType<FaultScript["steps"]> {
    this.script.clear();
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
    return this.change(() => {
      this.currentBucket = settings.enabled ? new TokenBucket(settings.capacity, settings.refillPerSecond, this.clock.now()) : undefined;
      this.rateLimitSettings = settings;
      this.currentSettings = { ...this.currentSettings, rateLimit: settings.enabled ? { capacity: settings.capacity, refillPerSecond: settings.refillPerSecond } : undefined };
      return settings;
    });
  }

  /** Schema drift now: every record gains `phone` (the CSV a last column); answers when it applied. */
  driftSchema(): { readonly drifted: true; readonly at: string } {
    if (!this.records.drifted) {
      this.change(() => {
        this.records.drift(true);
        this.declared?.drift();
        this.driftedAt = this.clock.now();
      });
    }
    return { drifted: true, at: formatInstant(this.driftedAt ?? this.clock.now()) };
  }

  /** Rejects every session token and OAuth2 access token issued so far (refresh tokens keep working); returns the instant of revocation. */
  revokeTokens(): { readonly revokedAt: string } {
    const now = this.clock.now();
    this.change(() => {
      // Every token issued so far expires at or before this; later logins are issued past it.
      this.sessionsRevokedThrough = Math.floor(now / 1000) + this.tokenTtlSeconds;
      this.oauth.revokedThrough = Math.floor(now / 1000) + this.oauth.accessTtlSeconds;
    });
    return { revokedAt: formatInstant(now) };
  }
}

/** Applied changes as reported: inserted records took the last positions, in order. */
function reportChanges(records: ChangingRecords, changes: readonly RecordChange<Stamped>[], resource?: string): ChurnChange[] {
  let inserted = records.size - changes.filter((change) => change.kind === "insert").length;
  return changes.map((change): ChurnChange => {
    const index = change.kind === "insert" ? inserted++ : change.index;
    const reported = { kind: change.kind, id: records.id(index), updatedAt: formatTimestamp(records.updatedAtOf(index)), ...(resource === undefined ? {} : { resource }) };
    return change.kind === "delete" ? { ...reported, deletedAt: formatTimestamp(change.at) } : reported;
  });
}

/** What the control routes may do with a run (WireMock's admin tasks get the same kind of narrow interface). */
export type Admin = Pick<Run, "admits" | "config" | "recorder" | "reset" | "clockReading" | "advanceClock" | "historyFull" | "churn" | "faults" | "setFaults" | "scriptSteps" | "scriptFaults" | "clearScript"
  | "rateLimit" | "setRateLimit" | "driftSchema" | "revokeTokens" | "records" | "declared" | "clock" | "binding" | "redactor">;
