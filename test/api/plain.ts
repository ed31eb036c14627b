/** Handlers called as pure functions: a plain request built from a target, and a run on a fixed clock. */
import { parseQuery, splitTarget } from "../../src/codecs/query.js";
import { Run, type RunOptions } from "../../src/run/run.js";
import { PlaygroundClock } from "../../src/simulate/clock.js";
import type { PlainRequest, PlainResponse } from "../../src/types.js";

/** 2026-01-01T00:00:00Z */
export const NOW = Date.UTC(2026, 0, 1);
export const ORIGIN = "http://127.0.0.1:5001";

export function run(options: Partial<RunOptions> = {}): Run {
  return new Run({ seed: 7, records: 30, clock: new PlaygroundClock(() => NOW, NOW), tokenTtlSeconds: 3600, ...options });
}

export function plain(target: string, options: { method?: string; headers?: Record<string, string>; body?: string; params?: Record<string, string>; now?: number } = {}): PlainRequest {
  const [path, search] = splitTarget(target);
  return {
    method: options.method ?? "GET", target, path, query: parseQuery(search), search, params: options.params ?? {},
    headers: options.headers ?? {}, body: options.body === undefined ? undefined : Buffer.from(options.body), origin: ORIGIN, now: options.now ?? NOW,
  };
}

/** A whole answer's body as text (a streamed one joined). */
export function text(response: PlainResponse): string {
  const body = response.body;
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body.toString("utf8");
  const pieces = body();
  if (Symbol.asyncIterator in pieces) throw new Error("an async body: not expected here");
  return [...(pieces as Iterable<string | Buffer>)].map((piece) => piece.toString()).join("");
}
