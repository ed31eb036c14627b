/**
 * The server goes when its launcher goes. `npm start` and `npx playground start` run the CLI through a
 * shell; a signal to npm ends npm and that shell but not this process, which would keep the port. So,
 * when started through npm, the CLI watches its parent and grandparent and stops once either is gone.
 */
import { readFileSync } from "node:fs";

/** Whether this process was started by an npm script or `npm exec` / `npx` (npm sets these variables). */
export function launchedByNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_lifecycle_event !== undefined || env.npm_command !== undefined;
}

/** The parent of `pid` from /proc (Linux), or undefined where that is not readable. */
export function parentOf(pid: number, readStat: (path: string) => string = (path) => readFileSync(path, "utf8")): number | undefined {
  try {
    // `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readStat(`/proc/${pid}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isSafeInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Calls `onGone` once, when the parent process (or the grandparent, where /proc tells it) has exited.
 * Checks twice a second on an unref'd timer; returns a function that stops watching.
 */
export function watchLauncher(onGone: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    if (process.ppid !== parent || !isAlive(parent) || (grandparent !== undefined && !isAlive(grandparent))) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
