/** Shared pieces of the benchmarks: child servers, load runs (wrk or the built-in generator), tables. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

function wrkMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (match === null) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

/** A wrk script that cycles through the paths listed in a file. */
function wrkPathsScript(pathsFile: string): string {
  const script = `${pathsFile}.lua`;
  writeFileSync(script, `local paths = {}\nfor line in io.lines(${JSON.stringify(pathsFile)}) do paths[#paths + 1] = line end\n` +
    "local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n");
  return script;
}

/**
 * Drives `url` for `seconds` with `connections` keep-alive connections; with `pathsFile`, requests
 * cycle through the paths listed there instead of repeating the URL's.
 */
export function runLoad(url: string, connections: number, seconds: number, headers: Record<string, string>, useWrk: boolean, pathsFile?: string): LoadResult {
  const headerArgs = Object.entries(headers);
  if (useWrk) {
    const script = pathsFile === undefined ? [] : ["-s", wrkPathsScript(pathsFile)];
    const out = execFileSync("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", ...script,
      ...headerArgs.flatMap(([name, value]) => ["-H", `${name}: ${value}`]), url], { encoding: "utf8" });
    return {
      requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
      p50Ms: wrkMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ""),
      p99Ms: wrkMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ""),
    };
  }
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/load.ts", url, String(connections), String(seconds),
    ...headerArgs.map(([name, value]) => `${name}:${value}`)], { encoding: "utf8", env: { ...process.env, ...(pathsFile === undefined ? {} : { PATHS_FILE: pathsFile }) } });
  return JSON.parse(out) as LoadResult;
}

export interface Child {
  readonly process: ChildProcess;
  readonly url: URL;
}

/** Starts a server process whose stdout goes to `logFile`, and waits for `pattern` (with a port or URL) to appear there. */
export async function startChild(args: string[], logFile: string, pattern: RegExp, timeoutMs = 60_000): Promise<Child & { readonly startedMs: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", openSync(logFile, "w"), "inherit"] });
  for (;;) {
    const match = pattern.exec(readFileSync(logFile, "utf8"));
    if (match !== null) {
      const url = match[1]!.startsWith("http") ? new URL(match[1]!) : new URL(`http://127.0.0.1:${match[1]}/`);
      return { process: child, url, startedMs: performance.now() - began };
    }
    if (performance.now() - began > timeoutMs || child.exitCode !== null) throw new Error(`${args.join(" ")} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** RSS of a process in MiB from /proc (Linux), or NaN elsewhere. */
export function rssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

export function machineState(): string {
  let load = "n/a";
  try {
    load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    // not Linux
  }
  return `node ${process.version}, ${process.platform}/${process.arch}, load average ${load}`;
}

/**
 * Paths for an uncached filtered load: a new page and updated_since (a second earlier each time, from
 * `middleMs`) on every request, both orders, so no answer comes from the cache.
 */
export function uncachedPaths(middleMs: number, records: number, count: number): string[] {
  const pages = Math.max(1, Math.floor(records / 2 / 50) - 1);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const since = new Date(middleMs - i * 1000).toISOString().replace(".000Z", "Z");
    const order = i % 2 === 0 ? "updatedAt" : "createdAt";
    paths.push(`/pagination/page_number?per_page=50&page=${(i * 7919) % pages + 1}&updated_since=${since}&order_by=${order}`);
  }
  return paths;
}
