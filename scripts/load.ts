/**
 * A small keep-alive HTTP load generator, used by the benchmarks when wrk is not installed.
 * Usage: node --import tsx scripts/load.ts <url> <connections> <seconds> [header:value ...]
 * With PATHS_FILE=<file> in the environment, requests cycle through the paths listed there (one a line).
 * Prints JSON: { requests, seconds, requestsPerSecond, p50Ms, p99Ms, errors }.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

const [url, connectionsText, secondsText, ...headerArgs] = process.argv.slice(2);
const target = new URL(url as string);
const connections = Number(connectionsText);
const seconds = Number(secondsText);
const headers = Object.fromEntries(headerArgs.map((arg) => [arg.slice(0, arg.indexOf(":")), arg.slice(arg.indexOf(":") + 1).trim()]));
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
let errors = 0;
const deadline = performance.now() + seconds * 1000;
const paths = process.env.PATHS_FILE === undefined ? [target.pathname + target.search] : readFileSync(process.env.PATHS_FILE, "utf8").split("\n").filter(Boolean);
let nextPath = 0;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const path = paths[nextPath++ % paths.length] as string;
    const req = request({ host: target.hostname, port: target.port, path, headers, agent }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => {
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    req.on("error", () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

const began = performance.now();
await Promise.all(Array.from({ length: connections }, async () => {
  while (performance.now() < deadline) await once();
}));
const elapsed = (performance.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
process.stdout.write(JSON.stringify({ requests: latencies.length, seconds: elapsed, requestsPerSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), errors }) + "\n");
agent.destroy();
