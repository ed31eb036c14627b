/**
 * connector-playground: a local mock REST API for learning to build data connectors.
 * @example
 * import { createServer } from "connector-playground";
 * const playground = createServer({ seed: 42 });
 * const url = await playground.listen(0);
 */
export { createServer, DEFAULT_CAPACITY, DEFAULT_HOST, DEFAULT_REFILL_PER_SECOND, MAX_BODY_BYTES } from "./server.js";
export type { ClockControl, Playground, PlaygroundOptions, RateLimitOptions } from "./playground.js";
export type { Credentials, JournalNote } from "./types.js";
export type { FaultOptions } from "./simulate/faults.js";
export type { ChurnChange, ClockReading, FaultSettings, PlaygroundConfig, RateLimitSettings } from "./run/settings.js";
export type { FaultNote, JournalEntry, JournalEntryDetail } from "./control/journal.js";
export type { EndpointSummary } from "./control/summary.js";
export type { ScriptStep } from "./simulate/fault-script.js";
export type { LogEntry } from "./http/log.js";
export { DEFAULT_RECORDS, MAX_RECORDS, DEFAULT_TOKEN_TTL_SECONDS } from "./http/dispatch.js";
export { PlaygroundError } from "./errors.js";
