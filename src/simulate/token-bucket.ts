/**
 * The rate limit: one token bucket. It starts full, refills continuously by elapsed time on the
 * injected clock (never by timers), and each request takes one whole token. Tokens are counted in
 * thousandths, so whole-number capacities and refill rates are exact.
 */
import { invalid } from "../errors.js";

export interface TakeResult {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Whole seconds until the bucket is full again. */
  readonly resetSeconds: number;
  /** Whole seconds until one token is available (at least 1); only meaningful when not allowed. */
  readonly retryAfterSeconds: number;
}

const MILLI = 1000;

export class TokenBucket {
  private milliTokens: number;
  private lastMs: number;

  /**
   * @param capacity tokens the bucket holds (burst size), an integer >= 1
   * @param refillPerSecond tokens added per second, > 0
   * @param nowMs the clock reading at creation
   */
  constructor(readonly capacity: number, readonly refillPerSecond: number, nowMs: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw invalid(`capacity must be an integer >= 1, got ${capacity}`);
    if (!(refillPerSecond > 0) || !Number.isFinite(refillPerSecond)) throw invalid(`refill rate must be > 0, got ${refillPerSecond}`);
    this.milliTokens = capacity * MILLI;
    this.lastMs = nowMs;
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.lastMs;
    // A clock that goes backwards adds nothing (and moves the reference back so nothing is lost later).
    if (elapsed > 0) this.milliTokens = Math.min(this.capacity * MILLI, this.milliTokens + elapsed * this.refillPerSecond);
    this.lastMs = nowMs;
  }

  /** Whole tokens available now. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.milliTokens / MILLI);
  }

  /** Takes one token if there is one; an empty bucket takes nothing. */
  take(nowMs: number): TakeResult {
    this.refill(nowMs);
    const allowed = this.milliTokens >= MILLI;
    if (allowed) this.milliTokens -= MILLI;
    // milliTokens gained per millisecond equals refillPerSecond.
    const msUntil = (target: number): number => Math.max(0, target - this.milliTokens) / this.refillPerSecond;
    return {
      allowed,
      remaining: Math.floor(this.milliTokens / MILLI),
      resetSeconds: Math.ceil(msUntil(this.capacity * MILLI) / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil(msUntil(MILLI) / 1000)),
    };
  }
}
