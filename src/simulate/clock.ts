/**
 * The playground's clock: the injected time source, shifted so that the run starts at its epoch
 * (`--epoch`), plus the offset the control plane adds (`POST /__playground/clock`). Token expiry, the
 * rate-limit bucket, churn and every timestamp the API writes read it; timers and latency do not.
 */
import { invalid } from "../errors.js";
import { formatTimestamp, parseTimestamp } from "../codecs/timestamp.js";

/** The furthest a single `advance` may move the clock (ten years). */
export const MAX_ADVANCE_SECONDS = 10 * 365 * 86_400;

/**
 * The furthest the clock may be moved in all: 9999-12-31T00:00:00Z, so every timestamp keeps a four-digit
 * year (a day is left for the clock to run on) and no reading leaves JavaScript's date range.
 */
export const LATEST_CLOCK_MS = Date.UTC(9999, 11, 31);

export class PlaygroundClock {
  private offsetMs = 0;
  private readonly shiftMs: number;
  /** The reading at creation: the instant the data is built from. */
  readonly epochMs: number;

  /**
   * @param source the real time source, in milliseconds (default `Date.now`)
   * @param epochMs where the clock starts (default: the source's reading now)
   */
  constructor(private readonly source: () => number = Date.now, epochMs?: number) {
    const started = source();
    this.shiftMs = epochMs === undefined ? 0 : epochMs - started;
    this.epochMs = started + this.shiftMs;
  }

  /** The playground's time in milliseconds since 1970. */
  readonly now = (): number => this.source() + this.shiftMs + this.offsetMs;

  /** Seconds added by `advance` since start (or the last reset). */
  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  /**
   * Moves the clock forward by `seconds` (a number from 0 to MAX_ADVANCE_SECONDS; fractions allowed), but
   * never past LATEST_CLOCK_MS: an `invalid` error saying how far it may still go.
   */
  advance(seconds: number): void {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw invalid(`advance must be a number of seconds from 0 to ${MAX_ADVANCE_SECONDS}, got ${String(seconds)}`);
    }
    const step = Math.round(seconds * 1000);
    const left = Math.max(0, LATEST_CLOCK_MS - this.now());
    if (step > left) {
      throw invalid(`advance would move the clock past ${new Date(LATEST_CLOCK_MS).toISOString().slice(0, 19)}Z, the latest it may read; ` +
        `it reads ${new Date(this.now()).toISOString()}, so at most ${Math.floor(left / 1000)} more seconds, got ${String(seconds)}`);
    }
    this.offsetMs += step;
  }

  /** Back to offset 0 (the epoch shift stays). */
  reset(): void {
    this.offsetMs = 0;
  }
}

const EARLIEST_EPOCH_MS = Date.UTC(2000, 0, 1);
const LATEST_EPOCH_MS = Date.UTC(2999, 11, 31, 23, 59, 59);

/**
 * `--epoch` / `epoch`: `YYYY-MM-DDTHH:MM:SSZ` text, a Date or epoch milliseconds, as milliseconds; an
 * `invalid` error naming the accepted forms otherwise. Whole seconds, years 2000–2999 (the data reaches two years back).
 * @example parseEpoch("2026-01-01T00:00:00Z") // 1767225600000
 */
export function parseEpoch(value: string | number | Date, name = "epoch"): number {
  let ms: number | undefined;
  if (typeof value === "string") {
    const seconds = parseTimestamp(value);
    ms = seconds === undefined ? undefined : seconds * 1000;
  } else if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === "number") {
    ms = value;
  }
  if (ms === undefined || !Number.isSafeInteger(ms) || ms % 1000 !== 0 || ms < EARLIEST_EPOCH_MS || ms > LATEST_EPOCH_MS) {
    throw invalid(`${name} must be a UTC time as YYYY-MM-DDTHH:MM:SSZ (whole seconds, years 2000-2999), got ${JSON.stringify(value instanceof Date ? value.toISOString() : value)}`);
  }
  return ms;
}

/** `2026-01-01T00:00:00.000Z`: a clock reading with milliseconds (journal times). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole-second form, as the API writes timestamps. */
export function formatEpoch(ms: number): string {
  return formatTimestamp(Math.floor(ms / 1000));
}
