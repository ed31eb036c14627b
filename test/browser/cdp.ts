/**
 * A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (file descriptors 3 and 4,
 * NUL-separated JSON), so browser tests drive Debian's Chromium with no package beyond Node itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = "/usr/bin/chromium";
/** A skip reason when Chromium is absent; with REQUIRE_CHROMIUM=1 (CI) its absence is an error instead. */
export const chromiumMissing: string | false = existsSync(CHROMIUM) ? false : process.env.REQUIRE_CHROMIUM === "1"
  ? (() => { throw new Error(`${CHROMIUM} is required (REQUIRE_CHROMIUM=1): apt-get install chromium`); })()
  : `${CHROMIUM} not installed (apt-get install chromium)`;

type Json = Record<string, any>;

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: Json) => void; reject: (error: Error) => void }>();
  private readonly listeners: ((message: Json) => void)[] = [];
  private buffered = "";

  private constructor(private readonly child: ChildProcess, private readonly profile: string) {
    const output = child.stdio[4] as Readable;
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      this.buffered += chunk;
      let end: number;
      while ((end = this.buffered.indexOf("\0")) !== -1) {
        const message = JSON.parse(this.buffered.slice(0, end)) as Json;
        this.buffered = this.buffered.slice(end + 1);
        this.dispatch(message);
      }
    });
  }

  /** Starts headless Chromium with a fresh profile and no background networking. */
  static launch(): Browser {
    const profile = mkdtempSync(join(tmpdir(), "playground-chromium-"));
    const child = spawn(CHROMIUM, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--remote-debugging-pipe",
      `--user-data-dir=${profile}`, "about:blank",
    ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
    return new Browser(child, profile);
  }

  private dispatch(message: Json): void {
    if (typeof message.id === "number") {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`${message.error.message as string}`));
      else waiter?.resolve(message.result as Json);
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Sends one command (to a page session when `sessionId` is given) and resolves with its result. */
  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    const id = this.nextId++;
    const input = this.child.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    });
  }

  /** Resolves with the first event named `method` (in `sessionId`) for which `accept` holds. */
  waitFor(method: string, sessionId: string, accept: (params: Json) => boolean = () => true, timeoutMs = 15_000): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { remove(); reject(new Error(`timed out waiting for ${method}`)); }, timeoutMs);
      const listener = (message: Json): void => {
        if (message.method === method && message.sessionId === sessionId && accept(message.params as Json)) {
          remove();
          resolve(message.params as Json);
        }
      };
      const remove = (): void => {
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
      };
      this.listeners.push(listener);
    });
  }

  /** A new tab of the given viewport size and colour scheme. */
  async newPage(width: number, height: number, colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId as string);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: width < 600 });
    await page.send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: colorScheme }] });
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.send("Browser.close").catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    this.child.kill("SIGKILL");
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(private readonly browser: Browser, readonly sessionId: string) {}

  send(method: string, params: Json = {}): Promise<Json> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Navigates and waits for the load event. */
  async goto(url: string): Promise<void> {
    const loaded = this.browser.waitFor("Page.loadEventFired", this.sessionId);
    await this.send("Page.navigate", { url });
    await loaded;
  }

  /** Evaluates an expression in the page (awaiting a returned promise) and returns its JSON value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const reply = await this.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (reply.exceptionDetails !== undefined) {
      throw new Error(`page error: ${JSON.stringify(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text)}`);
    }
    return reply.result.value as T;
  }

  /** Polls `expression` until it is truthy. */
  async waitUntil(expression: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A PNG of the page (the whole scrollable height when `fullPage`). */
  async screenshot(fullPage = false): Promise<Buffer> {
    const { data } = await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: fullPage });
    return Buffer.from(data as string, "base64");
  }
}

/**
 * An expression a page evaluates to the WCAG 2 contrast ratio of each sampled element's text against the
 * background it sits on. `samples` is JavaScript for an object of name → element.
 */
export function contrastRatios(samples: string): string {
  return `(() => {
  const parse = (color) => color.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(color) && color !== "transparent") return color;
    }
    return "rgb(255, 255, 255)";
  };
  const ratio = (element) => {
    const a = luminance(parse(getComputedStyle(element).color));
    const b = luminance(parse(background(element)));
    return Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100;
  };
  const samples = ${samples};
  return Object.fromEntries(Object.entries(samples).map(([name, element]) => [name, ratio(element)]));
})()`;
}

/** Where the browser tests' screenshots go (git-ignored; those README names are committed). */
export const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");

/** A screenshot of the whole page (up to `maxHeight` px) at this width, saved as ARTIFACTS/name. */
export async function saveScreenshot(page: Page, width: number, name: string, maxHeight = 16_000): Promise<void> {
  const height = await page.evaluate<number>("document.documentElement.scrollHeight");
  await page.send("Emulation.setDeviceMetricsOverride", { width, height: Math.min(height, maxHeight), deviceScaleFactor: 1, mobile: width < 600 });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), await page.screenshot());
  await page.send("Emulation.setDeviceMetricsOverride", { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 });
}
