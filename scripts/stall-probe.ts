/**
 * How long other clients wait while one client downloads at full speed. A separate process (so the
 * server's event loop is not the probe's) downloads `path`, reading as fast as it can, and from its
 * first byte pings `/__playground/health` on its own connection every 5 ms until the download ends.
 * Used by the stall test (counts pings answered mid-download) and by `bench:scale` (the longest wait).
 */
import { spawn } from "node:child_process";

/** What the probe saw. */
export interface StallReading {
  readonly status: number;
  /** Body bytes downloaded. */
  readonly bytes: number;
  /** Pings answered while the download was still going. */
  readonly answeredDuring: number;
  /** The longest a ping waited for its answer, in ms. */
  readonly maxWaitMs: number;
  /** The download's length in seconds. */
  readonly seconds: number;
}

const PROBE = `
const http = require("node:http");
const [base, path, encoding, pinging] = process.argv.slice(1);
let bytes = 0, done = false, answeredDuring = 0, maxWait = 0, waitingSince;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const started = performance.now();
function ping() {
  if (done || pinging !== "ping") return;
  const sent = performance.now();
  waitingSince = sent;
  const req = http.get(new URL("/__playground/health", base), { agent }, (res) => {
    res.resume();
    res.on("end", () => {
      waitingSince = undefined;
      maxWait = Math.max(maxWait, performance.now() - sent);
      if (!done) { answeredDuring++; setTimeout(ping, 5); }
    });
  });
  req.on("error", () => undefined);
}
http.get(new URL(path, base), { headers: { "accept-encoding": encoding } }, (res) => {
  res.on("data", (chunk) => { if (bytes === 0) ping(); bytes += chunk.length; });
  res.on("end", () => {
    done = true;
    // A ping still waiting when the download ends has waited at least this long.
    if (waitingSince !== undefined) maxWait = Math.max(maxWait, performance.now() - waitingSince);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ status: res.statusCode, bytes, answeredDuring, maxWaitMs: Math.round(maxWait), seconds }));
    agent.destroy();
  });
}).on("error", (error) => { process.stderr.write(String(error)); process.exit(1); });
`;

/** Downloads `path` from `base` in a child process while pinging health (unless `ping` is false); resolves with what it saw. */
export function probeStall(base: URL, path: string, encoding = "identity", ping = true): Promise<StallReading> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", PROBE, base.href, path, encoding, ping ? "ping" : "quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on("data", (chunk: Buffer) => { err += chunk.toString(); });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(out) as StallReading);
      else reject(new Error(`stall probe exited ${String(code)}: ${err}`));
    });
  });
}
