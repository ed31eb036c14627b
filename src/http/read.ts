/** Reading requests: bounded bodies, request targets, the origin a request came in on, the plain request handlers get. */
import type { IncomingMessage } from "node:http";
import { originOf } from "./address.js";
import { parseQuery, splitTarget } from "../codecs/query.js";

export { splitTarget };
import type { PlainRequest } from "../types.js";

export const DEFAULT_HOST = "127.0.0.1";

/** Largest request body accepted (413 beyond). */
export const MAX_BODY_BYTES = 64 * 1024;
const HOST_HEADER = /^[A-Za-z0-9.\-_~:[\]]{1,255}$/;

/** Bytes of an oversized body drained (and discarded) before answering 413, so the client can read the answer. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export type BodyResult = { readonly kind: "ok"; readonly body: Buffer } | { readonly kind: "too-large"; readonly drained: boolean } | { readonly kind: "timeout" };

/**
 * A whole body must arrive within this long (408 and the connection closed otherwise). The server's own
 * request timeout is off so the verifier's uploads can take longer; they are held to BODY_IDLE_MS instead.
 */
export const BODY_TIMEOUT_MS = 10_000;
/** An upload (the verifier's) may take any time, but not pause longer than this. */
export const BODY_IDLE_MS = 10_000;

/**
 * Reads the body, keeping at most MAX_BODY_BYTES. A larger body is drained and discarded (up to
 * MAX_DRAIN_BYTES) so the 413 reaches a client that is still sending; beyond that the socket is closed.
 */
export function readBody(req: IncomingMessage, timeoutMs = BODY_TIMEOUT_MS): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers["content-length"]);
    let tooLarge = declared > MAX_BODY_BYTES;
    const finish = (result: BodyResult): void => {
      clearTimeout(timer);
      req.removeAllListeners("data");
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    timer.unref();
    if (declared > MAX_DRAIN_BYTES) {
      finish({ kind: "too-large", drained: false });
      return;
    }
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (size > MAX_DRAIN_BYTES) finish({ kind: "too-large", drained: false });
      else if (!tooLarge) chunks.push(chunk);
    });
    req.once("end", () => finish(tooLarge ? { kind: "too-large", drained: true } : { kind: "ok", body: Buffer.concat(chunks) }));
    // Aborted or broken uploads: nobody is left to answer, but resolve so nothing waits forever.
    req.once("close", () => finish(tooLarge ? { kind: "too-large", drained: false } : { kind: "ok", body: Buffer.concat(chunks) }));
  });
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The longest request target answered (414 beyond); Node's header limit (16 KiB, 431) covers the rest. */
export const MAX_TARGET_LENGTH = 8 * 1024;

/** Origin-form of a request target: absolute-form (`http://host/path`, as proxies send) loses its scheme and authority. */
export function originForm(target: string): string {
  if (target.startsWith("/")) return target;
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  if (absolute === null) return target;
  const rest = target.slice(absolute[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}


/** `http://host` (`https://` on a TLS connection) from a well-formed Host header, else the address the request came in on. */
export function originOfRequest(req: IncomingMessage): string {
  const host = req.headers.host;
  const scheme = (req.socket as { encrypted?: boolean }).encrypted === true ? "https" : "http";
  return host !== undefined && HOST_HEADER.test(host)
    ? `${scheme}://${host}`
    : originOf({ address: req.socket.localAddress ?? DEFAULT_HOST, port: req.socket.localPort ?? 0, family: "" }, scheme);
}

export function toPlainRequest(req: IncomingMessage, target: string, path: string, origin: string, method: string, body: Buffer | undefined,
  nowMs: number): PlainRequest {
  const search = splitTarget(target)[1];
  return {
    method: method === "HEAD" ? "GET" : method,
    target,
    path,
    query: parseQuery(search),
    search,
    params: {},
    // Node keeps the first of repeated Authorization and Host headers (and joins most others); only
    // set-cookie stays an array, and no handler reads it.
    headers: req.headers as Record<string, string | undefined>,
    body,
    origin,
    now: nowMs,
  };
}

