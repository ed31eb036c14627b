/**
 * The documentation page in a real browser (`npm run test:browser`, not part of `npm test`). Installs
 * nothing: it uses /usr/bin/chromium when present (Debian package `chromium`) and is skipped otherwise.
 * Headless Chromium loads /docs#try=get_pagination_next_page_url, whose script clicks that endpoint's
 * "Try it" button exactly as a user would; the test reads the rendered DOM and saves a phone-width
 * screenshot to test/artifacts/docs-phone.png.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { createServer } from "../../src/server.js";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = resolve(import.meta.dirname, "../artifacts");

/** Runs headless Chromium (asynchronously: the server it visits lives in this process). */
async function chromium(args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "playground-chromium-"));
  try {
    const { stdout } = await promisify(execFile)(CHROMIUM, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, ...args,
    ], { encoding: "utf8", timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

test("the docs page works offline in Chromium: try it on a pagination endpoint renders the answer", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (apt-get install chromium)` }, async () => {
  const playground = createServer({ seed: 35 });
  const url = await playground.listen(0);
  try {
    const page = new URL("/docs#try=get_pagination_next_page_url", url).href;
    const dom = await chromium(["--virtual-time-budget=5000", "--dump-dom", page]);
    const op = dom.slice(dom.indexOf('id="get_pagination_next_page_url"'));
    const article = op.slice(0, op.indexOf("</article>"));
    assert.match(article, /<p class="status">HTTP 200 OK<\/p>/);
    assert.match(article, /content-type: application\/json/);
    // The pretty-printed body of the example request (per_page=5, page=2, ...).
    assert.match(article, /"per_page": 5,/);
    assert.match(article, /"page": 2,/);
    assert.match(article, /"data": \[\n {4}\{\n {6}"id": "[0-9a-f-]{36}",\n {6}"name": /);
    assert.match(article, /curl 'http:\/\/127\.0\.0\.1:\d+\/pagination\/next_page_url\?order_by=createdAt/);
    mkdirSync(artifacts, { recursive: true });
    const screenshot = join(artifacts, "docs-phone.png");
    await chromium(["--virtual-time-budget=5000", "--window-size=390,3000", `--screenshot=${screenshot}`, page]);
    assert.ok(statSync(screenshot).size > 20_000, "a screenshot with content");
    console.log(`# screenshot: ${screenshot}`);
  } finally {
    await playground.close();
  }
});
