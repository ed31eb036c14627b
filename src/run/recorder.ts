/**
 * What a run keeps of the requests it answered: the journal (bounded), the sync summary, the listeners
 * of the live event stream, and each entry's public (redacted) JSON, made once.
 */
import { entryDetail, Journal, publicEntry, type JournalEntry, type JournalEntryDetail, type JournalRecord, type Observation } from "../control/journal.js";
import type { Redactor } from "../control/redact.js";
import { SyncSummary, type EndpointSummary } from "../control/summary.js";
import type { ControlEvent } from "./settings.js";
import type { ServedRecords } from "../types.js";

export class Recorder {
  readonly journal: Journal;
  readonly summary = new SyncSummary();
  private readonly listeners = new Set<(event: ControlEvent) => void>();

  constructor(journalSize: number, readonly redactor: Redactor) {
    this.journal = new Journal(journalSize);
  }

  /** Whether finished requests are observed (the journal is on). */
  get recording(): boolean {
    return this.journal.capacity > 0;
  }

  /**
   * Records a finished request (journal, summary, live listeners); returns its journal record. `served`
   * are the records its answer served: the summary reads them now; the journal keeps only their note.
   */
  record(observation: Observation, served: ServedRecords | undefined, dataVersion: number): JournalRecord {
    const record = this.journal.add(observation);
    if (this.journal.capacity > 0) this.summary.observe(observation, served, dataVersion);
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

  /** An entry's public JSON (redacted), made once per entry while the journal holds it (and counted there). */
  entryJson(record: JournalRecord): string {
    return this.journal.text(record, (held) => JSON.stringify(publicEntry(held, this.redactor)));
  }

  /** The server is closing: live streams end. */
  close(): void {
    this.emit({ type: "closing" });
    this.listeners.clear();
  }

  /** Tells every listener (a reset, for one). */
  emit(event: ControlEvent): void {
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

  /** Back to empty (a reset): the journal's seq keeps counting. */
  reset(): void {
    this.journal.clear();
    this.summary.clear();
  }
}
