/**
 * The sync summary the inspector shows above the request list, per endpoint: what a connector fetched
 * and the habits a good connector avoids (retrying sooner than Retry-After, fetching a page twice in a
 * row, using an expired or revoked token, stopping before the last page). Built as requests finish, in
 * constant time per request (plus one bit per record served).
 */
import { moreOf, recordsOf, retryInstantOf, statusOf, type Observation } from "./journal.js";
import { PageBudget, PagedBits } from "../data/paged-bits.js";
import type { ServedRecords } from "../types.js";
import { Memo } from "../data/memo.js";

export interface EndpointSummary {
  /** The route's path pattern, e.g. `/pagination/offset`. */
  readonly endpoint: string;
  /** Every request to it since the start, the last clear or reset. */
  requests: number;
  /** 200 answers that served records. */
  pages: number;
  /** Records in those answers, counted as often as they were served. */
  recordsServed: number;
  /** Sync runs seen: a run starts with a first page (no continuation in the request) or after a reset or clear. */
  runs: number;
  /** Different records served at least once in the current sync run. */
  distinctRecords: number;
  /** Different records served two or more times in the current sync run. */
  recordsServedMoreThanOnce: number;
  /**
   * Records served that could not be told apart from others because the summary's memory budget was
   * spent (they count in recordsServed, not in distinctRecords or recordsServedMoreThanOnce); 0 normally.
   */
  recordsUntracked: number;
  /** 4xx answers other than 429. */
  clientErrors: number;
  /** 429 answers of the rate limit. */
  rateLimited: number;
  /** 5xx answers (simulated ones included). */
  serverErrors: number;
  /** Connections closed without an answer (simulated drops). */
  dropped: number;
  /** Requests that followed a failed one (5xx, 429, dropped) on this endpoint. */
  retries: number;
  /** Requests sent before the Retry-After of an earlier 503 on this endpoint, or of any 429, had passed. */
  earlyRetries: number;
  /** A page asked for again right after it was answered with 200. */
  repeatedPages: number;
  /** Requests with an expired or revoked session token or OAuth2 access token. */
  badTokens: number;
  /** The last page served said more followed, and nothing was asked since. */
  stoppedBeforeLastPage: boolean;
}

interface Tracker {
  readonly summary: EndpointSummary;
  seen: PagedBits | undefined;
  twice: PagedBits | undefined;
  lastTarget: string | undefined;
  /** The last answer served a non-empty page of records, at this data version (undefined otherwise). */
  lastPageVersion: number | undefined;
  lastFailed: boolean;
  /** Requests to this endpoint before this clock reading come too early (a 503's Retry-After). */
  retryNotBefore: number;
  /** The answer that started the current run when it is the run's only page (and every record of it is tracked). */
  sole: ServedRecords | undefined;
}


/**
 * Whether a request asks for the first page of a walk: none of the continuation parameters (an `offset`
 * or `start_id` past the start, a `page` past 1, a `scroll_param` or `cursor`). Answers that are not paged
 * (incremental timestamps, auth data) are each a run of their own.
 */
export function startsRun(target: string): boolean {
  return target.indexOf("?") === -1 || readStartsRun(target);
}

/** startsRun for a target with a query: the first value of each continuation parameter decides. */
function readStartsRun(target: string): boolean {
  const firstOf = new Set<string>();
  for (const match of target.matchAll(CONTINUATION)) {
    const name = match[1] as string;
    if (firstOf.has(name)) continue;
    firstOf.add(name);
    if (name === "scroll_param" || name === "cursor") return false;
    const value = match[2] as string;
    if (/^\s*[+]?\d+\s*$/.test(value) && Number(value) > (name === "offset" ? 0 : 1)) return false;
  }
  return true;
}

/** The parameters that continue a walk, with their (raw) values. */
const CONTINUATION = /[?&](offset|page|start_id|scroll_param|cursor)=([^&#]*)/g;

/** Positions marked per block read from an answer. */
const MARK_BLOCK = 4096;

/** What the summary may spend on remembering which records were served, across endpoints (bitmap pages). */
export const SUMMARY_BYTES = 32 * 1024 * 1024;

export class SyncSummary {
  private readonly trackers = new Map<string, Tracker>();
  private budget: PageBudget;

  constructor(private readonly limitBytes = SUMMARY_BYTES) {
    this.budget = new PageBudget(limitBytes);
  }

  /** Targets already read for startsRun (clients ask for the same few again and again; bounded). */
  private readonly runStarts = new Memo<string, boolean>(256, 300);

  private startsRun(target: string): boolean {
    return this.runStarts.get(target, startsRun);
  }

  /** Bytes spent on bitmaps now. */
  get bytes(): number {
    return this.budget.used;
  }
  /** API requests before this clock reading come too early (a 429's Retry-After covers the whole API). */
  private retryNotBefore = 0;


  /**
   * Counts a finished request. `served` are the records its answer served (their positions are read now,
   * and a cached answer's are the same object each time); `dataVersion` is the records' version when it
   * was answered: a page asked for again after the data changed is a fair re-read, not a repeat.
   */
  observe(input: Observation, served: ServedRecords | undefined, dataVersion = 0): void {
    if (input.endpoint === undefined) return;
    let tracker = this.trackers.get(input.endpoint);
    if (tracker === undefined) {
      tracker = {
        summary: {
          endpoint: input.endpoint, requests: 0, pages: 0, recordsServed: 0, runs: 0, distinctRecords: 0, recordsServedMoreThanOnce: 0, recordsUntracked: 0,
          clientErrors: 0, rateLimited: 0, serverErrors: 0, dropped: 0, retries: 0, earlyRetries: 0, repeatedPages: 0, badTokens: 0,
          stoppedBeforeLastPage: false,
        },
        seen: undefined, twice: undefined, lastTarget: undefined, lastPageVersion: undefined, lastFailed: false, retryNotBefore: 0, sole: undefined,
      };
      this.trackers.set(input.endpoint, tracker);
    }
    const summary = tracker.summary;
    const status = statusOf(input);
    const note = input.answer?.note;
    summary.requests++;
    if (input.receivedAt < Math.max(this.retryNotBefore, tracker.retryNotBefore)) summary.earlyRetries++;
    if (tracker.lastFailed) summary.retries++;
    // Only a non-empty page of records, asked for again right after it was served, with no data change
    // between: a token request is not a page, and polling an unchanged cursor that answered nothing is right.
    else if (tracker.lastPageVersion === dataVersion && tracker.lastTarget === input.target) summary.repeatedPages++;
    if (note === "token-expired" || note === "token-revoked") summary.badTokens++;
    if (status === undefined) summary.dropped++;
    else if (status === 429) summary.rateLimited++;
    else if (status >= 500) summary.serverErrors++;
    else if (status >= 400) summary.clientErrors++;
    // Compared with the instant the header named (a date is its own second), never a rounded count of seconds.
    const until = status === 429 || status === 503 ? retryInstantOf(input) : undefined;
    if (until !== undefined) {
      if (status === 429) this.retryNotBefore = Math.max(this.retryNotBefore, until);
      else tracker.retryNotBefore = Math.max(tracker.retryNotBefore, until);
    }
    // A cut whole answer served nothing a client could read (a cut stream counts what was written).
    const cut = input.written.complete === false && input.answer?.streamed !== true;
    if (status !== 200 || cut) served = undefined;
    if (served !== undefined) {
      // A first page starts a new sync run: records served in an earlier run are not served "again".
      const starts = (served.startsRun ?? this.startsRun(input.target)) || summary.runs === 0;
      if (starts && tracker.sole === served) {
        // The same first page again, the last run's only page: the run it starts ends up exactly as that
        // one did (the same records, each once), so its marks are kept rather than made again.
        summary.runs++;
      } else {
        if (starts) {
          summary.runs++;
          summary.distinctRecords = 0;
          summary.recordsServedMoreThanOnce = 0;
          tracker.seen?.release();
          tracker.twice?.release();
        }
        const untracked = summary.recordsUntracked;
        this.mark(tracker, served);
        tracker.sole = starts && summary.recordsUntracked === untracked ? served : undefined;
      }
      summary.pages++;
      summary.recordsServed += served.count;
      summary.stoppedBeforeLastPage = served.more === true;
    }
    tracker.lastTarget = input.target;
    tracker.lastPageVersion = served !== undefined && served.count > 0 ? dataVersion : undefined;
    tracker.lastFailed = status === undefined || status === 429 || status >= 500 || input.fault?.kind === "truncate" || input.fault?.kind === "drop";
  }

  private mark(tracker: Tracker, served: ServedRecords): void {
    const seen = (tracker.seen ??= new PagedBits(this.budget));
    const twice = (tracker.twice ??= new PagedBits(this.budget));
    let distinct = 0;
    let repeated = 0;
    let untracked = 0;
    const count = served.count;
    for (let start = 0; start < count; start += MARK_BLOCK) {
      const positions = served.positions(start, Math.min(MARK_BLOCK, count - start));
      for (let k = 0; k < positions.length; k++) {
        const index = positions[k] as number;
        const before = seen.set(index);
        if (before === undefined) untracked++;
        else if (!before) distinct++;
        else {
          const again = twice.set(index);
          if (again === undefined) untracked++;
          else if (!again) repeated++;
        }
      }
    }
    tracker.summary.distinctRecords += distinct;
    tracker.summary.recordsServedMoreThanOnce += repeated;
    tracker.summary.recordsUntracked += untracked;
  }

  /** Every endpoint seen, in the order first seen. */
  endpoints(): EndpointSummary[] {
    return [...this.trackers.values()].map((tracker) => ({ ...tracker.summary }));
  }

  /** Forgets everything, bitmaps included (their memory is free to be collected). */
  clear(): void {
    this.trackers.clear();
    this.budget = new PageBudget(this.limitBytes);
    this.retryNotBefore = 0;
  }
}
