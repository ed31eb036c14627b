/** Shared helpers for end-to-end tests: a playground on port 0 with a fixed seed and clock, and an HTTP client. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { createServer, type Playground, type PlaygroundOptions } from "../src/server.js";

/** 2026-11-28T12:00:00Z */
export const FIXED_NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

export interface Started {
  readonly playground: Playground;
  readonly url: URL;
  /** Moves the fake clock. */
  advance(ms: number): void;
}

export async function start(options: PlaygroundOptions = {}): Promise<Started> {
  let now = FIXED_NOW;
  const playground = createServer({ seed: 42, now: () => now, ...options });
  const url = await playground.listen(0);
  return { playground, url, advance: (ms) => { now += ms; } };
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** One request over a fresh connection (no agent pooling), raw path sent as given. */
export function send(url: URL, path: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port, path, method: options.method ?? "GET", headers: options.headers, agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** GET and parse JSON. */
export async function getJson(url: URL, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Reply["headers"] }> {
  const reply = await send(url, path, { headers });
  return { status: reply.status, body: JSON.parse(reply.text), headers: reply.headers };
}

/** Writes raw bytes on a new socket and resolves with everything the server sent before closing (or after `waitMs`). */
export function rawExchange(url: URL, bytes: string | Buffer, waitMs = 400): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let data = "";
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on("data", (chunk: Buffer) => { data += chunk.toString("latin1"); });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.write(bytes);
  });
}

/** Status line code and parsed JSON body of a raw HTTP/1.1 response with Content-Length. */
export function parseRawResponse(text: string): { status: number; headers: string; body: string } {
  const split = text.indexOf("\r\n\r\n");
  const head = text.slice(0, split);
  return { status: Number(head.split(" ")[1]), headers: head, body: text.slice(split + 4) };
}

/** The python blocks of README's "Use from Python tests", by the file name on their first line. */
export function pythonRecipe(): Map<string, string> {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const start = readme.indexOf("\n## Use from Python tests\n");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const files = new Map<string, string>();
  for (const match of section.matchAll(/```python\n# (\S+\.py)\n([\s\S]*?)```/g)) files.set(match[1] as string, match[2] as string);
  return files;
}

/**
 * Bytes of buffers this process holds once garbage is collected (what answers, forms and previews are
 * kept in): a full collection a few times, with time for freed buffers to be swept.
 */
export async function heldBuffers(): Promise<number> {
  const { setFlagsFromString } = await import("node:v8");
  const { runInNewContext } = await import("node:vm");
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let k = 0; k < 4; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return process.memoryUsage().arrayBuffers;
}
