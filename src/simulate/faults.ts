/**
 * Failure simulation: latency, injected 5xx answers, dropped connections and slow bodies, decided per
 * request from a seeded stream so a run with the same seed and the same request sequence injects the
 * same faults. The server asks only for requests that reach an API endpoint (never the documentation).
 */
import { invalid } from "../errors.js";
import type { Prng } from "../data/prng.js";
import { compileGlob } from "../codecs/glob.js";
import { checkSetting, faultPathsProblem, isLatencyRange, MAX_LATENCY_MS, SETTINGS } from "../options.js";

export interface FaultOptions {
  /** Delay per response in ms: a fixed value or an inclusive [min, max] range. */
  readonly latency?: number | readonly [number, number];
  /** Share of requests answered with a simulated 500, 502 or 503 (before doing any work). */
  readonly errorRate?: number;
  /** Share of connections destroyed without an answer. */
  readonly dropRate?: number;
  /** Share of bodies sent in small pieces over one to two seconds. */
  readonly slowBodyRate?: number;
  /** Globs of paths the above apply to (`*` within a segment, `**` across segments); default every data endpoint. */
  readonly faultPaths?: readonly string[];
}

export type FaultKind = "none" | "drop" | "error" | "truncate";

export interface FaultDecision {
  readonly latencyMs: number;
  readonly kind: FaultKind;
  /** For `error`: 500, 502 or 503 (and 429 from a fault script). */
  readonly status: number;
  /** When set, the body is sent in pieces over this many milliseconds. */
  readonly slowBodyMs: number;
  /** For `error`: the Retry-After to send, in seconds (undefined: none). */
  readonly retryAfter?: number | undefined;
  /** Queued by the control plane's fault script rather than drawn at random. */
  readonly scripted?: boolean;
}

const ERROR_STATUSES = [500, 502, 503] as const;


export class FaultInjector {
  private readonly latency: readonly [number, number];
  private readonly errorRate: number;
  private readonly dropRate: number;
  private readonly slowBodyRate: number;
  private readonly patterns: readonly ((path: string) => boolean)[];
  readonly faultPaths: readonly string[];

  constructor(options: FaultOptions, private readonly rng: Prng) {
    const latency = options.latency ?? 0;
    this.latency = typeof latency === "number" ? [latency, latency] : latency;
    const [min, max] = this.latency;
    if (!isLatencyRange(min, max)) {
      throw invalid(`latency must be whole milliseconds, 0 to ${MAX_LATENCY_MS}, min <= max; got ${String(options.latency)}`);
    }
    this.errorRate = checkSetting(SETTINGS.errorRate, options.errorRate);
    this.dropRate = checkSetting(SETTINGS.dropRate, options.dropRate);
    this.slowBodyRate = checkSetting(SETTINGS.slowBodyRate, options.slowBodyRate);
    if (this.errorRate + this.dropRate > 1) throw invalid("errorRate + dropRate must not exceed 1");
    this.faultPaths = options.faultPaths ?? ["/**"];
    const problem = Array.isArray(this.faultPaths) ? faultPathsProblem(this.faultPaths) : "must be globs starting with '/'";
    if (problem === "must be globs starting with '/'") {
      throw invalid(`faultPaths must be globs starting with '/', got ${JSON.stringify(this.faultPaths).slice(0, 200)}`);
    }
    if (problem !== undefined) throw invalid(`faultPaths ${problem}`);
    this.patterns = this.faultPaths.map(compileGlob);
  }

  /** Whether any simulation is switched on. */
  get active(): boolean {
    return this.latency[1] > 0 || this.errorRate > 0 || this.dropRate > 0 || this.slowBodyRate > 0;
  }

  /** One line for the banner, e.g. `latency 100-500 ms, error rate 0.3, drop rate 0.1 on /pagination/**`. */
  describe(): string {
    const parts: string[] = [];
    const [min, max] = this.latency;
    if (max > 0) parts.push(`latency ${min === max ? min : `${min}-${max}`} ms`);
    if (this.errorRate > 0) parts.push(`error rate ${this.errorRate} (500/502/503)`);
    if (this.dropRate > 0) parts.push(`drop rate ${this.dropRate}`);
    if (this.slowBodyRate > 0) parts.push(`slow-body rate ${this.slowBodyRate}`);
    return parts.length === 0 ? "none" : `${parts.join(", ")} on ${this.faultPaths.join(",")}`;
  }

  /** Whether requests to this (normalised) path are subject to the simulations. */
  applies(path: string): boolean {
    return this.patterns.some((matches) => matches(path));
  }

  /**
   * The simulation for one request, or `undefined` when none applies. Every decision draws the same
   * five numbers, so the sequence of decisions depends only on the seed and the order of requests.
   */
  decide(path: string): FaultDecision | undefined {
    if (!this.active || !this.applies(path)) return undefined;
    const [min, max] = this.latency;
    const latencyMs = this.rng.int(min, max);
    const outcome = this.rng.float();
    const slow = this.rng.float();
    const status = ERROR_STATUSES[this.rng.int(0, 2)] as number;
    const slowBodyDuration = this.rng.int(1000, 2000);
    const kind: FaultKind = outcome < this.dropRate ? "drop" : outcome < this.dropRate + this.errorRate ? "error" : "none";
    return { latencyMs, kind, status, slowBodyMs: kind === "none" && slow < this.slowBodyRate ? slowBodyDuration : 0, retryAfter: status === 503 ? 1 : undefined };
  }
}
