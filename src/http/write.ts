/** Writing responses: header sets, whole and slow bodies, streams with backpressure, raw errors on broken sockets. */
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { MESSAGES } from "../errors.js";
import type { PlainResponse } from "../types.js";
import { PREVIEW_BYTES, type BodyTap } from "../control/journal.js";
import { giveChunkBack } from "../data/serialize.js";
import { BodySlab } from "../run/respond.js";

export { PREVIEW_BYTES, type BodyTap };

/** No extra headers (a shared value, so writing can tell "none" without looking inside). */
export const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Malformed HTTP (bad request line, oversized headers, timeouts): a JSON error where the socket still allows one. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // Garbage after a request (e.g. an unframed body) while its response is still being written: let that
  // response finish intact, then close, rather than interleave an error with it.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight !== undefined && inFlight !== null && inFlight.headersSent) {
    if (inFlight.writableFinished) socket.destroy();
    else inFlight.once("finish", () => socket.destroySoon()).once("close", () => socket.destroy());
    return;
  }
  if (error.code === "HPE_HEADER_OVERFLOW") writeRawError(socket, 431, MESSAGES.headersTooLarge);
  else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") writeRawError(socket, 408, MESSAGES.requestTimeout);
  else writeRawError(socket, 400, MESSAGES.badRequest);
}

/** A complete JSON error response written straight to a socket, which is then closed. */
export function writeRawError(socket: Socket, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * Complete header sets as written, by response (one table per server, so a stored answer's headers are
 * built once): its own headers, nosniff, `Vary: Accept-Encoding` for answers sent uncompressed though
 * they could have been, and Content-Length.
 */
export class WireHeaders {
  private readonly known = new WeakMap<PlainResponse, Readonly<Record<string, string | number>>>();

  /**
   * The header set written for `response`; `vary` adds Vary. `keep`: remember it for the next time this
   * answer is written (a stored answer); an answer made for one request gets its set made and not kept,
   * rather than an entry in a weak table that would never be read and that the garbage collector pays for.
   */
  of(response: PlainResponse, vary: boolean, keep: boolean): Readonly<Record<string, string | number>> {
    const known = keep ? this.known.get(response) : undefined;
    if (known !== undefined) return known;
    const headers: Record<string, string | number> = { ...response.headers, "X-Content-Type-Options": "nosniff" };
    if (vary) headers.Vary = "Accept-Encoding";
    const body = response.body;
    // 204 and 304 carry no body, and no Content-Length (a 304's would have to be the 200's).
    if (typeof body !== "function" && response.live === undefined && response.status !== 204 && response.status !== 304) headers["Content-Length"] = Buffer.byteLength(body);
    if (keep) this.known.set(response, headers);
    return headers;
  }
}

/** How an answer is written besides its headers and body. */
export interface WriteOptions {
  readonly isHead: boolean;
  /** Close the connection after this answer. */
  readonly closeAfter: boolean;
  /** When above 0, the body is sent in pieces over this many milliseconds (the slow-body simulation). */
  readonly slowBodyMs: number;
  /** Send the headers and half the body, then cut the connection (the truncate simulation). */
  readonly truncate: boolean;
  /** Where the bytes written and the first bytes of the body are noted (for the journal). */
  readonly tap: BodyTap | undefined;
}

/** An answer written as it is: whole, at once, nothing noted. */
export const PLAIN_WRITE: WriteOptions = Object.freeze({ isHead: false, closeAfter: false, slowBodyMs: 0, truncate: false, tap: undefined });

/** Writes an answer with its header set (`WireHeaders.of`) and the extra headers of this request. */
export function writeResponse(res: ServerResponse, response: PlainResponse, wireHeaders: Readonly<Record<string, string | number>>, stalls: StallWatch,
  extraHeaders: Readonly<Record<string, string>>, options: WriteOptions = PLAIN_WRITE): void {
  if (res.destroyed) return;
  const { isHead, closeAfter, slowBodyMs, truncate, tap } = options;
  let headers = wireHeaders;
  if (closeAfter || extraHeaders !== NO_HEADERS) headers = { ...headers, ...extraHeaders, ...(closeAfter ? { Connection: "close" } : {}) };
  const body = response.body;
  if (response.live !== undefined && !isHead) {
    writeLive(res, response.status, headers, response.live, stalls);
    return;
  }
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    res.writeHead(response.status, headers);
    if (isHead) {
      res.end();
      return;
    }
    const size = typeof body === "string" ? Buffer.byteLength(body) : body.length;
    if (tap !== undefined) tap.promised = size;
    if (truncate) {
      const half = Buffer.from(body).subarray(0, Math.floor(size / 2));
      // The preview is the answer's start as text (decoded when compressed); the bytes counted are those sent.
      noteBody(tap, response.decoded ?? half, half.length);
      res.write(half, () => res.destroy());
      return;
    }
    noteBody(tap, response.decoded ?? body, size);
    if (slowBodyMs > 0) {
      writeSlowly(res, Buffer.from(body), slowBodyMs);
    } else {
      res.end(body);
      // Most answers are taken by the kernel at once; only the rest need watching.
      if (queuedBytes(res) > 0) stalls.watch(res);
    }
    return;
  }
  res.writeHead(response.status, headers);
  if (isHead) {
    res.end();
  } else {
    stalls.watch(res);
    // A compressed stream shows its uncompressed start in the preview; the bytes counted are those written.
    const chunks = body(tap === undefined ? undefined : (chunk) => notePreview(tap, chunk));
    // A failure while producing the body cuts this answer only (the client sees it incomplete).
    // A compressed stream's source noted the preview already (a stream written by the row workers is async too, but not compressed).
    streamBody(res, chunks, tap, truncate, response.headers?.["Content-Encoding"] !== undefined).catch((error: unknown) => {
      console.error(error);
      res.destroy();
    });
  }
}

const EMPTY = Buffer.alloc(0);

/** Bodies up to this size are kept by reference as their own preview (no copy on the hot path). */
const PREVIEW_BY_REFERENCE = 16 * 1024;

/**
 * Counts a body (or a piece of one) and keeps its start for the journal: a whole body up to 16 KiB that
 * owns its memory by reference (it is read, and cut to PREVIEW_BYTES, only when someone looks: a cached
 * answer's, a string); a body carved from a shared slab (an uncached page), larger ones and streamed
 * pieces as a copy of their first PREVIEW_BYTES, so an entry never holds more than the journal counts.
 */
function noteBody(tap: BodyTap | undefined, body: string | Buffer, size: number): void {
  if (tap === undefined) return;
  tap.bytes += size;
  notePreview(tap, body);
}

/** Keeps the start of the body for the journal (see noteBody; exported for its tests). */
export function notePreview(tap: BodyTap, body: string | Buffer): void {
  const size = body.length;
  if (tap.preview === undefined && size <= PREVIEW_BY_REFERENCE && (typeof body === "string" || body.buffer.byteLength === size)) {
    tap.preview = body;
    return;
  }
  const have = tap.preview === undefined ? EMPTY : typeof tap.preview === "string" ? Buffer.from(tap.preview) : tap.preview;
  if (have.length >= PREVIEW_BYTES) return;
  const more = typeof body === "string" ? Buffer.from(body.slice(0, PREVIEW_BYTES)) : body;
  const take = Math.min(PREVIEW_BYTES - have.length, more.length);
  const copy = PREVIEWS.allocate(have.length + take);
  copy.set(have, 0);
  copy.set(more.subarray(0, take), have.length);
  tap.preview = copy;
}

/**
 * Preview copies are carved from shared slabs rather than each allocating a buffer of its own. Entries let
 * their previews go oldest first, so a slab is kept only while one of the newest previews is in it: what
 * the journal counts, and one slab.
 */
const PREVIEWS = new BodySlab();

/** An answer that stays open: headers now, then whatever the live source writes until either side ends it. */
function writeLive(res: ServerResponse, status: number, headers: Readonly<Record<string, string | number>>,
  live: NonNullable<PlainResponse["live"]>, stalls: StallWatch): void {
  res.writeHead(status, headers);
  res.flushHeaders();
  // Nagle off: each event leaves at once.
  res.socket?.setNoDelay(true);
  const stop = live({
    write: (text) => { if (!res.destroyed) res.write(text); },
    end: () => { if (!res.destroyed) res.end(); },
    abort: () => res.destroy(),
    backlog: () => queuedBytes(res),
  });
  res.once("close", stop);
  stalls.watch(res);
}

/** The slow-body simulation: the body in ten pieces spread over `durationMs`. */
function writeSlowly(res: ServerResponse, body: Buffer, durationMs: number): void {
  const pieces = 10;
  const size = Math.ceil(body.length / pieces);
  let piece = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const chunk = body.subarray(piece * size, (piece + 1) * size);
    piece++;
    if (piece >= pieces) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    setTimeout(next, durationMs / pieces);
  };
  next();
}

/**
 * The longest a stream writes without giving the event loop back. A client that reads as fast as the
 * kernel takes bytes never makes `write` return false, so without this one download would hold every
 * other client for its whole length.
 */
export const STREAM_SLICE_MS = 5;

/** Resolves on the next turn of the event loop, after pending I/O. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes chunks while the socket accepts them, waits for `drain` otherwise, gives the event loop back
 * every STREAM_SLICE_MS, and stops if the client goes away. A compressed stream (`previewed`: its source
 * already noted the preview) only counts its bytes.
 */
async function streamBody(res: ServerResponse, chunks: Iterable<string | Buffer> | AsyncIterable<Buffer>, tap: BodyTap | undefined, truncate: boolean,
  previewed: boolean): Promise<void> {
  let sliceStart = performance.now();
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (previewed) {
      if (tap !== undefined) tap.bytes += chunk.length;
    } else {
      noteBody(tap, chunk, typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length);
    }
    if (truncate) {
      // The first piece only, then the connection is cut.
      res.write(chunk, () => res.destroy());
      return;
    }
    // A chunk taken from the pool goes back once the socket has its bytes (unless the preview holds it).
    const written = typeof chunk === "string" || tap?.preview === chunk ? res.write(chunk) : res.write(chunk, () => giveChunkBack(chunk));
    if (!written) {
      const open = await new Promise<boolean>((resolve) => {
        const onDrain = (): void => { res.off("close", onClose); resolve(true); };
        const onClose = (): void => { res.off("drain", onDrain); resolve(false); };
        res.once("drain", onDrain);
        res.once("close", onClose);
      });
      if (!open) return;
    }
    // A drain can come without a turn of the event loop (the kernel took the bytes at once), so the
    // slice is measured across both paths.
    if (performance.now() - sliceStart >= STREAM_SLICE_MS) {
      await nextTurn();
      if (res.destroyed) return;
      sliceStart = performance.now();
    }
  }
  res.end();
}

/**
 * Answers whose client stopped reading. A response still has bytes queued (in the response or its
 * socket) and that amount has not gone down for `timeoutMs`: the client is not reading, so the
 * connection is closed and the bytes freed. A slow reader makes progress and is left alone; a stream
 * waiting for `drain` counts as queued. Checked a few times per timeout on an unref'd timer that runs
 * only while answers are being written.
 */
export class StallWatch {
  private readonly writing = new Map<ServerResponse, { queued: number; since: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number, private readonly clock: () => number = () => performance.now()) {}

  /** Starts watching an answer being written (it leaves on its own when finished or closed). */
  watch(res: ServerResponse): void {
    if (res.writableFinished || res.destroyed) return;
    this.writing.set(res, { queued: queuedBytes(res), since: this.clock() });
    const forget = (): void => { this.writing.delete(res); };
    res.once("finish", forget).once("close", forget);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.check(), Math.max(25, Math.floor(this.timeoutMs / 4)));
      this.timer.unref();
    }
  }

  /** One pass: closes stalled connections; stops the timer when nothing is being written. */
  check(): void {
    const now = this.clock();
    for (const [res, seen] of this.writing) {
      const queued = queuedBytes(res);
      if (queued === 0 || queued < seen.queued) {
        seen.queued = queued;
        seen.since = now;
      } else if (now - seen.since >= this.timeoutMs) {
        this.writing.delete(res);
        res.socket?.destroy();
      }
    }
    if (this.writing.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Bytes written to an answer and not yet taken by the kernel (a response's writableLength includes its socket's). */
function queuedBytes(res: ServerResponse): number {
  return res.writableLength;
}
