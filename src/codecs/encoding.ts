/**
 * Content codings (RFC 9110 §8.4, §12.5.3): Accept-Encoding negotiated with q-values, JSON and CSV
 * answers compressed with node:zlib, `Vary: Accept-Encoding` on every answer that could be. A stored
 * answer keeps its compressed forms (one per coding), so a cached page is compressed once; streamed
 * answers (large exports) are compressed as they stream, never held whole.
 */
import { pipeline, Readable, type Transform } from "node:stream";
import { brotliCompressSync, constants, createBrotliCompress, createDeflate, createGzip, deflateSync, gzipSync } from "node:zlib";
import type { PlainResponse } from "../types.js";

export type Coding = "br" | "gzip" | "deflate";

/** Codings offered, in the server's order of preference when a client weighs several equally. */
export const CODINGS: readonly Coding[] = ["br", "gzip", "deflate"];

/** Bodies below this many bytes are sent as they are (compression would gain little or grow them). */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * Fast settings, as servers compressing on the fly use: on a 14 KB page of records gzip level 1 takes
 * about 70 µs against 110 µs at the default level 6, for 2.5 % more bytes; brotli at quality 2 takes about
 * 75 µs and is smaller than gzip at any level (quality 11, brotli's default, takes milliseconds).
 */
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 2 } };
const ZLIB_OPTIONS = { level: 1 };

/**
 * The coding to answer with for an Accept-Encoding header, or undefined for none (identity). Per RFC 9110
 * §12.5.3: codings weighed by `q` (default 1; `q=0` refuses), `*` for any coding not named, case-insensitive;
 * among the highest weights the server's preference (br, gzip, deflate) decides. `x-gzip` counts as gzip.
 * @example negotiate("gzip;q=0.5, br;q=0.8") // "br"
 */
export function negotiate(header: string | undefined): Coding | undefined {
  if (header === undefined || header === "") return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName, ...parameters] = part.split(";");
    const name = (rawName ?? "").trim().toLowerCase();
    if (name === "") continue;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter);
      if (match !== null) q = Math.min(1, Number(match[1]));
    }
    weights.set(name === "x-gzip" ? "gzip" : name, q);
  }
  let best: Coding | undefined;
  let bestWeight = 0;
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** Whether an answer may be compressed: a 200 JSON or CSV body, streamed or of at least MIN_COMPRESS_BYTES. */
export function compressible(response: PlainResponse): boolean {
  if (response.status !== 200 || response.live !== undefined) return false;
  const type = response.headers?.["Content-Type"];
  if (type === undefined || !(type.startsWith("application/json") || type.startsWith("text/csv"))) return false;
  const body = response.body;
  return typeof body === "function" || (typeof body === "string" ? Buffer.byteLength(body) : body.length) >= MIN_COMPRESS_BYTES;
}

/**
 * A body compressed whole, in a buffer of its own size: zlib's one-shot calls hand back a slice of their
 * 16 KiB output buffer, which a stored answer's form would keep whole (a 3 KB form held 16 KB).
 */
function compressSync(body: string | Buffer, coding: Coding): Buffer {
  const out = coding === "br" ? brotliCompressSync(body, BROTLI_OPTIONS) : coding === "gzip" ? gzipSync(body, ZLIB_OPTIONS) : deflateSync(body, ZLIB_OPTIONS);
  if (out.buffer.byteLength === out.length) return out;
  const own = Buffer.allocUnsafeSlow(out.length);
  out.copy(own);
  return own;
}

function compressor(coding: Coding): Transform {
  switch (coding) {
    case "br": return createBrotliCompress(BROTLI_OPTIONS);
    case "gzip": return createGzip(ZLIB_OPTIONS);
    case "deflate": return createDeflate(ZLIB_OPTIONS);
  }
}

/**
 * The chunks of a streamed body, compressed as they are pulled: the source is read only as fast as the
 * compressed bytes are taken (backpressure end to end). `seen` gets each source chunk (the journal's preview).
 */
export function compressChunks(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, coding: Coding, seen?: (chunk: string | Buffer) => void): AsyncIterable<Buffer> {
  const source = seen === undefined ? chunks : (async function* tapped() {
    for await (const chunk of chunks) {
      seen(chunk);
      yield chunk;
    }
  })();
  const zip = compressor(coding);
  // Errors end the stream (the writer sees it close); pipeline destroys both sides either way.
  pipeline(Readable.from(source, { objectMode: false }), zip, () => undefined);
  return zip as AsyncIterable<Buffer>;
}

/** Where the size of a whole form made of an answer is counted (the answer cache: a stored answer's forms live as long as it does). */
export interface FormLedger {
  charge(answer: PlainResponse, bytes: number): void;
}

/** The compressed forms of an answer, each made once per answer. */
export class Encoder {
  private readonly forms = new WeakMap<PlainResponse, Map<Coding, PlainResponse>>();

  /**
   * The answer in `coding`, with `Vary: Accept-Encoding`; `etag` replaces the answer's ETag when given.
   * Without a coding the answer itself (the writer adds Vary to it, see WireHeaders). A whole form made
   * now is charged to `owner` (the answer it lives as long as) in `ledger`. `keep`: remember the form (a
   * stored answer, served again); an answer made for one request gets its form made and not kept.
   */
  encode(response: PlainResponse, coding: Coding | undefined, etag?: string, ledger?: FormLedger, owner: PlainResponse = response, keep = true): PlainResponse {
    if (coding === undefined) return response;
    if (!keep) return this.make(response, coding, etag);
    let known = this.forms.get(response);
    if (known === undefined) this.forms.set(response, known = new Map());
    let form = known.get(coding);
    if (form === undefined) {
      form = this.make(response, coding, etag);
      known.set(coding, form);
      if (ledger !== undefined && Buffer.isBuffer(form.body)) ledger.charge(owner, form.body.length);
    }
    return form;
  }

  private make(response: PlainResponse, coding: Coding, etag: string | undefined): PlainResponse {
    const headers: Record<string, string> = { ...response.headers, Vary: "Accept-Encoding", ...(etag === undefined ? {} : { ETag: etag }) };
    headers["Content-Encoding"] = coding;
    const body = response.body;
    if (typeof body === "function") {
      return { ...response, headers, body: (seen?: (chunk: string | Buffer) => void) => compressChunks(body(), coding, seen) };
    }
    return { ...response, headers, body: compressSync(body, coding), decoded: body };
  }
}
