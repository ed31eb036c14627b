/**
 * The documentation page in a real browser (`npm run test:browser`, not part of `npm test`). Installs
 * nothing: it drives /usr/bin/chromium (Debian package `chromium`) over the DevTools pipe, and is skipped
 * when Chromium is missing. Checks, at 390 and 1280 px, in light and dark: nothing is cut or scrolls
 * sideways, every card's Try it succeeds as shipped, #try= scrolls to the answer, text meets WCAG AA
 * contrast; saves screenshots to test/artifacts/.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createServer, type Playground } from "../../src/server.js";
import { Browser, chromiumMissing, contrastRatios, saveScreenshot, type Page } from "./cdp.js";

const skip = chromiumMissing;
let browser: Browser;
let playground: Playground;
let base: URL;

before(async () => {
  if (skip !== false) return;
  browser = Browser.launch();
  playground = createServer({ seed: 35, rateLimit: { capacity: 400 }, exportJobSeconds: 1 });
  base = await playground.listen(0);
});
after(async () => {
  if (skip !== false) return;
  await browser.close();
  await playground.close();
});

async function open(width: number, colorScheme: "light" | "dark" = "light", hash = ""): Promise<Page> {
  const page = await browser.newPage(width, 900, colorScheme);
  await page.goto(new URL(`/docs${hash}`, base).href);
  return page;
}

for (const width of [390, 1280]) {
  test(`at ${width} px nothing is cut: no sideways scrolling, every input and button inside the viewport`, { skip }, async () => {
    const page = await open(width);
    const layout = await page.evaluate<{ scrollWidth: number; outside: string[] }>(`(() => {
      const outside = [];
      for (const element of document.querySelectorAll("input, button, .op, pre, dl, nav")) {
        const box = element.getBoundingClientRect();
        if (box.left < 0 || box.right > ${width} + 0.5) outside.push((element.id || element.className || element.tagName) + " " + Math.round(box.left) + ".." + Math.round(box.right));
      }
      return { scrollWidth: document.documentElement.scrollWidth, outside };
    })()`);
    assert.deepEqual(layout, { scrollWidth: width, outside: [] });
    // Inputs are wide enough to read what they hold.
    const narrowest = await page.evaluate<number>(`Math.min(...[...document.querySelectorAll("input[data-param]")].map((i) => i.getBoundingClientRect().width))`);
    assert.ok(narrowest >= 120, `narrowest input ${narrowest} px`);
    await saveScreenshot(page, width, `docs-${width}-after.png`);
  });
}

test("every card's Try it succeeds as shipped (pre-filled with what a first request sends)", { skip }, async () => {
  const page = await open(1280);
  const ids = await page.evaluate<string[]>(`[...document.querySelectorAll(".op")].map((op) => op.id)`);
  assert.ok(ids.length >= 18, `${ids.length} cards`);
  for (const id of ids) {
    await page.evaluate(`document.getElementById(${JSON.stringify(id)}).querySelector(".try").click()`);
    await page.waitUntil(`document.getElementById(${JSON.stringify(id)}).querySelector(".result").dataset.done`);
    const outcome = await page.evaluate<{ done: string; status: string }>(`(() => {
      const result = document.getElementById(${JSON.stringify(id)}).querySelector(".result");
      return { done: result.dataset.done, status: result.querySelector(".status").textContent };
    })()`);
    // Every card answers its documented success: 202 for a new export job, 200 for the rest.
    assert.equal(outcome.done, id === "post_export_jobs" ? "202" : "200", `${id}: ${outcome.status}`);
  }
  // The first-request defaults: page 1, ascending by updatedAt, no filter; the copied curl says the same.
  const curl = await page.evaluate<string>(`document.getElementById("get_pagination_next_page_url").querySelector(".curl").textContent`);
  assert.equal(curl, `curl '${base.origin}/pagination/next_page_url?order_by=updatedAt&order_type=asc&per_page=10&page=1'`);
  const keyset = await page.evaluate<string>(`document.getElementById("get_pagination_keyset").querySelector(".curl").textContent`);
  assert.equal(keyset, `curl '${base.origin}/pagination/keyset'`);
  const body = await page.evaluate<string>(`document.getElementById("get_pagination_next_page_url").querySelector(".body").textContent`);
  assert.match(body, /"page": 1,/);
  assert.match(body, /"per_page": 10,/);
});

test("the curl snippet stays one shell word per argument whatever is typed (a ' included)", { skip }, async () => {
  const page = await open(1280);
  const curl = await page.evaluate<string>(`(() => {
    const op = document.getElementById("get_pagination_keyset");
    const input = op.querySelector("input[data-param=scroll_param]");
    input.value = "it's";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return op.querySelector(".curl").textContent;
  })()`);
  assert.equal(curl, `curl '${base.origin}/pagination/keyset?scroll_param=it'\\''s'`);
});

test("#try=<operationId> runs the request and scrolls its answer into view", { skip }, async () => {
  const page = await open(390, "light", "#try=get_pagination_offset");
  await page.waitUntil(`document.getElementById("get_pagination_offset").querySelector(".result").dataset.done`);
  await new Promise((done) => setTimeout(done, 300));
  const view = await page.evaluate<{ top: number; scrollY: number; status: string }>(`(() => {
    const result = document.getElementById("get_pagination_offset").querySelector(".result");
    return { top: result.getBoundingClientRect().top, scrollY: window.scrollY, status: result.querySelector(".status").textContent };
  })()`);
  assert.equal(view.status, "HTTP 200 OK");
  assert.ok(view.scrollY > 1000, `scrolled to ${view.scrollY}`);
  // Sub-pixel layout can leave the top a fraction of a pixel above 0.
  assert.ok(view.top > -1 && view.top < 900, `answer at ${view.top} px from the top of the viewport`);
});

/** Contrast ratios of text against the background it sits on (WCAG 2 formula). */
const CONTRAST = contrastRatios(`{
  body: document.querySelector("h1"),
  muted: document.querySelector("section .muted"),
  link: document.querySelector("nav a"),
  button: document.querySelector(".try"),
  get: document.querySelector(".method.get"),
  post: document.querySelector(".method.post"),
  required: document.querySelector(".req"),
  parameterPlace: document.querySelector(".pin"),
  code: document.querySelector(".op p code"),
  input: document.querySelector("input[data-param]"),
}`);

for (const scheme of ["light", "dark"] as const) {
  test(`${scheme} theme: every sampled text meets WCAG AA contrast (4.5:1)`, { skip }, async () => {
    const page = await open(1280, scheme);
    const ratios = await page.evaluate<Record<string, number>>(CONTRAST);
    const failing = Object.entries(ratios).filter(([, ratio]) => ratio < 4.5);
    assert.deepEqual(failing, [], JSON.stringify(ratios));
    console.log(`# ${scheme}: ${JSON.stringify(ratios)}`);
    if (scheme === "dark") await saveScreenshot(page, 390, "docs-390-dark-after.png");
  });
}
