/**
 * Scripted faults: exact failures queued through the control plane ("fail twice, then succeed"). Each
 * step names a path glob, how many matching requests it applies to, and what happens to them. A request
 * takes the first step in queue order whose glob matches it; a step is gone once used `times` times.
 * Scripted steps come before the random fault rates and draw nothing from the seeded fault stream.
 */
import { invalid } from "../errors.js";
import { compileGlob, globProblem } from "../codecs/glob.js";
import { MAX_LATENCY_MS } from "../options.js";

export type ScriptAction = "drop" | "slow" | "truncate";
export const SCRIPT_STATUSES = [429, 500, 502, 503] as const;
export const SCRIPT_ACTIONS: readonly ScriptAction[] = ["drop", "slow", "truncate"];
/** At most this many steps wait in the queue. */
export const MAX_SCRIPT_STEPS = 1000;
/** At most this many different path globs among the waiting steps (each is matched once per request). */
export const MAX_SCRIPT_GLOBS = 20;
/** The default time a `slow` body takes, in ms. */
export const DEFAULT_SLOW_BODY_MS = 1500;

/** One step, as given and as shown (with `remaining` added when shown). */
export interface ScriptStep {
  /** The requests it applies to: a glob (`*` within a segment, `**` across; default `/**`, every path). */
  readonly path?: string;
  /** How many matching requests it takes before the next step applies (default 1). */
  readonly times?: number;
  /** Answer with this error status instead of the real answer. */
  readonly status?: (typeof SCRIPT_STATUSES)[number];
  /** With `status`: the Retry-After to send, in seconds. */
  readonly retryAfter?: number;
  /** Instead of a status: drop the connection, cut the body, or send it slowly (`slowBodyMs`). */
  readonly action?: ScriptAction;
  /** Wait this many milliseconds before answering (alone, or with a status or action). */
  readonly latencyMs?: number;
  /** With action `slow`: how long the body takes to arrive, in milliseconds. */
  readonly slowBodyMs?: number;
}

/** What a scripted step does to one request. */
export interface ScriptedFault {
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;
  readonly action: ScriptAction | undefined;
  readonly latencyMs: number;
  readonly slowBodyMs: number;
}

interface QueuedStep {
  readonly step: ScriptStep;
  readonly matches: (path: string) => boolean;
  remaining: number;
}

const FIELDS = new Set(["path", "times", "status", "retryAfter", "action", "latencyMs", "slowBodyMs"]);

function wholeNumber(value: unknown, name: string, min: number, max: number, index: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`step ${index}: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Checks steps given as JSON (an array, or one object): every field known and in range, and each step
 * doing something (a status, an action or a latency). An `invalid` error names the step and field otherwise.
 */
export function parseScript(input: unknown): ScriptStep[] {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw invalid("the script must have at least one step");
  return list.map((raw, index) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid(`step ${index} must be an object`);
    const fields = raw as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((name) => !FIELDS.has(name));
    if (unknown.length > 0) throw invalid(`step ${index}: unknown field ${unknown.map((name) => JSON.stringify(name)).join(", ")}`);
    const path = fields.path ?? "/**";
    const problem = globProblem(path);
    if (problem !== undefined) throw invalid(`step ${index}: path ${problem}`);
    const step: { -readonly [K in keyof ScriptStep]: ScriptStep[K] } = { path: path as string, times: fields.times === undefined ? 1 : wholeNumber(fields.times, "times", 1, 1_000_000, index) };
    if (fields.status !== undefined) {
      if (!SCRIPT_STATUSES.includes(fields.status as never)) throw invalid(`step ${index}: status must be one of ${SCRIPT_STATUSES.join(", ")}, got ${JSON.stringify(fields.status)}`);
      step.status = fields.status as ScriptStep["status"];
    }
    if (fields.action !== undefined) {
      if (!SCRIPT_ACTIONS.includes(fields.action as ScriptAction)) throw invalid(`step ${index}: action must be one of ${SCRIPT_ACTIONS.join(", ")}, got ${JSON.stringify(fields.action)}`);
      if (step.status !== undefined) throw invalid(`step ${index}: give either status or action, not both`);
      step.action = fields.action as ScriptAction;
    }
    if (fields.retryAfter !== undefined) {
      if (step.status === undefined) throw invalid(`step ${index}: retryAfter goes with a status`);
      step.retryAfter = wholeNumber(fields.retryAfter, "retryAfter", 0, 86_400, index);
    }
    if (fields.latencyMs !== undefined) step.latencyMs = wholeNumber(fields.latencyMs, "latencyMs", 0, MAX_LATENCY_MS, index);
    if (fields.slowBodyMs !== undefined) {
      if (step.action !== "slow") throw invalid(`step ${index}: slowBodyMs goes with action "slow"`);
      step.slowBodyMs = wholeNumber(fields.slowBodyMs, "slowBodyMs", 1, MAX_LATENCY_MS, index);
    }
    if (step.status === undefined && step.action === undefined && step.latencyMs === undefined) {
      throw invalid(`step ${index}: give a status, an action or latencyMs`);
    }
    return step;
  });
}

export class FaultScript {
  private queue: QueuedStep[] = [];
  /** One matcher per different glob, shared by the steps that name it. */
  private readonly matchers = new Map<string, (path: string) => boolean>();

  /** Queues checked steps behind those already waiting. */
  append(steps: readonly ScriptStep[]): void {
    if (this.queue.length + steps.length > MAX_SCRIPT_STEPS) throw invalid(`at most ${MAX_SCRIPT_STEPS} steps may wait in the script`);
    const globs = new Set([...this.queue.map((queued) => queued.step.path ?? "/**"), ...steps.map((step) => step.path ?? "/**")]);
    if (globs.size > MAX_SCRIPT_GLOBS) throw invalid(`at most ${MAX_SCRIPT_GLOBS} different paths may wait in the script, got ${globs.size}`);
    for (const glob of this.matchers.keys()) if (!globs.has(glob)) this.matchers.delete(glob);
    for (const step of steps) {
      const glob = step.path ?? "/**";
      let matches = this.matchers.get(glob);
      if (matches === undefined) this.matchers.set(glob, matches = compileGlob(glob));
      this.queue.push({ step, matches, remaining: step.times ?? 1 });
    }
  }

  /** The fault for a request to `path`, using up one turn of the first matching step; undefined when none matches. */
  take(path: string): ScriptedFault | undefined {
    if (this.queue.length === 0) return undefined;
    // Each different glob is matched once, however many steps share it.
    const verdicts = new Map<(path: string) => boolean, boolean>();
    const index = this.queue.findIndex((queued) => {
      let verdict = verdicts.get(queued.matches);
      if (verdict === undefined) verdicts.set(queued.matches, verdict = queued.matches(path));
      return verdict;
    });
    if (index === -1) return undefined;
    const queued = this.queue[index] as QueuedStep;
    if (--queued.remaining === 0) this.queue.splice(index, 1);
    const { step } = queued;
    const retryAfter = step.retryAfter ?? (step.status === 503 || step.status === 429 ? 1 : undefined);
    return {
      status: step.status, retryAfter, action: step.action, latencyMs: step.latencyMs ?? 0,
      slowBodyMs: step.action === "slow" ? step.slowBodyMs ?? DEFAULT_SLOW_BODY_MS : 0,
    };
  }

  /** The waiting steps with the turns each has left. */
  steps(): (ScriptStep & { readonly remaining: number })[] {
    return this.queue.map(({ step, remaining }) => ({ ...step, remaining }));
  }

  clear(): void {
    this.queue = [];
    this.matchers.clear();
  }
}
